"""The command line a daily user expects (issue 13), through the real CLI (typer's CliRunner
on the real app) against one store ingested from the samples: strict inputs, paging, short
ids by prefix, a complete `show`, reports that fit 80 columns, search by stem, `article`,
`failures`, `actors`, `timeline`, help and version."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from support import ROOT
from typer.testing import CliRunner

from newsevents.cli import app
from newsevents.cli.inputs import parse_date
from newsevents.store.db import MIGRATIONS, SCHEMA_VERSION
from newsevents.store.ingest import ingest
from newsevents.store.queries import period_of

SAMPLES = ROOT / "samples"


def run(*args: str, width: int = 80) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": str(width)})
    assert "Traceback" not in result.stderr, result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    return result.exit_code, result.stdout, result.stderr


def usage_error(*args: str) -> str:
    """The one error line of a usage error (exit 2)."""
    code, out, err = run(*args)
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 2, (code, err)
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    return lines[0]


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("daily")
    (root / "empty.txt").write_bytes(b"")  # one stored failure
    path = root / "news.db"
    tally = ingest([str(SAMPLES), str(root / "empty.txt")], path)
    assert tally.added >= 16 and tally.failed == 1
    return path


def events_json(db: Path, *args: str) -> list[dict]:
    code, out, _ = run("events", "--db", db, "-f", "json", "--limit", "all", *args)
    assert code == 0
    return [json.loads(line) for line in out.splitlines()]


# -- item 1: crashes and silent wrong answers --------------------------------------------------

def test_timeline_by_year_counts_every_year(db):
    code, out, _ = run("timeline", "--db", db, "--by", "year", "--include-historical", "-f",
                       "json")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["period"] for r in rows] == [str(y) for y in range(int(rows[0]["period"]),
                                                                   int(rows[-1]["period"]) + 1)]
    assert sum(r["events"] for r in rows) == len([
        e for e in events_json(db, "--include-historical") if e.get("date")])


def test_timeline_keeps_year_dates_apart_and_fills_empty_months(db):
    code, out, _ = run("timeline", "--db", db, "--by", "month", "--include-historical",
                       "-f", "json")
    rows = [json.loads(line) for line in out.splitlines()]
    years = {e["date"][:4] for e in events_json(db, "--include-historical")
             if e.get("granularity") == "year"}
    assert years, "the samples have events dated to a year only"
    coarse = [r for r in rows if r["granularity"] == "year"]
    assert {r["period"] for r in coarse} == years
    months = [r["period"] for r in rows if r["granularity"] == "month"]
    assert months == sorted(months) and len(months) == len(set(months))
    assert any(r["events"] == 0 for r in rows if r["granularity"] == "month")  # empty kept
    y, m = map(int, months[0].split("-"))
    assert len(months) == (int(months[-1][:4]) - y) * 12 + int(months[-1][5:]) - m + 1


def test_timeline_leaves_historical_events_out_as_events_does(db):
    code, out, _ = run("timeline", "--db", db, "-f", "json")
    total = sum(json.loads(line)["events"] for line in out.splitlines())
    assert total == len([e for e in events_json(db) if e.get("date")])
    assert total < len([e for e in events_json(db, "--include-historical") if e.get("date")])


def test_iso_weeks():
    assert period_of("2003-01-01", "week") == "2003-W01"
    assert period_of("2005-01-01", "week") == "2004-W53"
    assert period_of("2021-07-26", "month") == "2021-07"


def test_timeline_table_by_week_prints_iso_weeks(db):
    code, out, _ = run("timeline", "--db", db, "--by", "week")
    assert code == 0 and re.search(r"\d{4}-W\d{2}", out) and "-W00" not in out


def test_evaluate_refuses_a_gold_file_of_another_kind(in_root):
    line = usage_error("evaluate", "actors", "tests/gold/places.jsonl")
    assert "not an actors gold file" in line
    assert "not a places gold file" in usage_error("evaluate", "places",
                                                   "tests/gold/actors.jsonl")


@pytest.mark.parametrize("args, words", [
    (["--since", "2023/07/01"], "--since '2023/07/01': expected a date"),
    (["--since", "2023-9-1"], "expected a date"),
    (["--since", "yesterday"], "expected a date"),
    (["--until", "2023-02-30"], "no such date"),
    (["--since", "2024", "--until", "2023"], "is after --until"),
    (["--type", "ATTACK"], "did you mean ASSAULT"),
    (["--type", "ASSALT"], "did you mean ASSAULT"),
    (["--mode", "aerial", "--type", "PROTEST"], "not a mode of PROTEST"),
    (["--mode", "aeriel"], "did you mean aerial"),
    (["--context", "militar"], "did you mean military"),
    (["--country", "Irak"], "did you mean IRQ (Iraq)"),
    (["--country", "Atlantis"], "not a country"),
    (["--actor", "USA XYZ"], "'XYZ' is not a sector"),
    (["--actor", "Mr Nobody of Nowhere"], "expected an actor code"),
    (["--limit", "-1"], "--limit '-1'"),
    (["--limit", "many"], "--limit 'many'"),
    (["--offset", "-3"], "--offset -3"),
    (["--within", "-5km", "--near", "Baghdad"], "--within '-5km'"),
    (["--within", "5km"], "needs --near"),
    (["--min-confidence", "2"], "from 0 to 1"),
], ids=lambda v: v if isinstance(v, str) else " ".join(v))
def test_a_bad_value_is_one_usage_line(db, args, words):
    assert words in usage_error("events", "--db", str(db), *args)


def test_actor_date_is_checked(db):
    assert "--date 'garbage'" in usage_error("actor", "the prime minister", "--date",
                                             "garbage")


def test_a_country_name_is_its_code(db):
    by_code = events_json(db, "--country", "NGA", "--include-historical")
    assert by_code and by_code == events_json(db, "--country", "Nigeria",
                                              "--include-historical")
    assert by_code == events_json(db, "--country", "nga", "--include-historical")
    actors = events_json(db, "--actor", "Nigeria", "--include-historical")
    assert actors and all(e["actor"][0]["code"] == "NGA" for e in actors)


def test_month_and_year_bounds_are_inclusive(db):
    every = events_json(db, "--include-historical")
    march = [e for e in every if (e.get("date") or "").startswith("2024-03")]
    assert march
    assert events_json(db, "--since", "2024-03", "--until", "2024-03",
                       "--include-historical") == march
    year = [e for e in every if (e.get("date") or "").startswith("2023")]
    assert events_json(db, "--since", "2023", "--until", "2023",
                       "--include-historical") == year


def test_relative_dates():
    today = date(2024, 3, 31)
    assert parse_date("7d", "--since", today=today) == "2024-03-24"
    assert parse_date("2w", "--since", today=today) == "2024-03-17"
    assert parse_date("1m", "--since", today=today) == "2024-02-29"
    assert parse_date("1y", "--since", today=today) == "2023-03-31"
    assert parse_date("2023-02", "--until", end=True) == "2023-02-28"


def test_events_say_how_many_more_and_how_to_page(db):
    every = events_json(db)
    code, out, err = run("events", "--db", db, "--limit", "5", "-f", "json")
    first = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(first) == 5
    assert f"events 1–5 of {len(every)}" in err and "--offset 5" in err
    _, out, _ = run("events", "--db", db, "--limit", "5", "--offset", "5", "-f", "json")
    second = [json.loads(line) for line in out.splitlines()]
    assert second == every[5:10]
    assert events_json(db) == every and len(events_json(db, "--limit", "0")) == len(every)
    _, _, err = run("events", "--db", db, "--limit", "all")
    assert "more" not in err and f"of {len(every)}" in err


def test_near_pages_after_the_distance(db):
    near = events_json(db, "--near", "Abuja", "--within", "50km", "--include-historical")
    assert near
    one = events_json(db, "--near", "Abuja", "--within", "50km", "--include-historical",
                      "--limit", "1", "--offset", str(len(near) - 1))
    assert one == near[-1:]


# -- item 2: short ids, prefixes, a complete show ---------------------------------------------

def test_table_ids_are_short_and_show_takes_them(db):
    code, out, _ = run("events", "--db", db, "--limit", "3")
    ids = re.findall(r"^\s*([0-9a-f]{8})\s", out, re.MULTILINE)
    assert code == 0 and len(ids) == 3
    code, out, _ = run("show", ids[0], "--db", db)
    assert code == 0 and "sentence" in out


def test_show_is_complete_and_never_prints_none(db):
    event = next(e for e in events_json(db, "--include-historical")
                 if e.get("event_loc") and e.get("attribution") and e.get("arrested"))
    code, out, _ = run("show", event["id"][:6], "--db", db, width=120)
    assert code == 0 and "None" not in out
    for label in ("place", "dead", "injured", "arrested", "on whose word", "confidence",
                  "mentions", "sources", "cameo", "trigger", "sentence"):
        assert re.search(rf"^\s*{label}\s", out, re.MULTILINE), label
    assert event["event_loc"]["resolved_place"] in out
    assert event["attribution"]["text"] in " ".join(out.split())
    assert str(event["arrested"]) in out


def test_an_ambiguous_prefix_is_listed(db):
    code, _, err = run("article", "feed", "--db", db)
    assert code == 2 and "ambiguous" in err
    assert len(re.findall(r"^\s+feed-\d+", err, re.MULTILINE)) >= 2


def test_an_unknown_or_short_id(db):
    assert run("show", "ffffffffffff", "--db", db)[0] == 1
    assert "at least 4" in usage_error("show", "2f", "--db", str(db))


# -- item 3: reports at 80 columns ------------------------------------------------------------

def _visible_lines(out: str) -> list[str]:
    return [line.rstrip() for line in out.splitlines()]


def _flat(out: str) -> str:
    """The words of a report, its borders and line breaks gone."""
    return " ".join(re.sub("[│╭╮╰╯─]", " ", out).split())


def test_events_fit_80_columns_and_cut_nothing(db):
    every = events_json(db, "--include-historical")
    code, out, _ = run("events", "--db", db, "--include-historical", "--limit", "all")
    assert code == 0 and "…" not in out
    assert max(map(len, _visible_lines(out))) <= 80
    for e in every:
        assert re.search(rf"^\s*{e['id'][:8]}\s+{e.get('date') or '[?]'}\s+{e['event']}\b",
                         out, re.MULTILINE), e["id"]


def test_wide_terminals_show_every_field_uncut(db):
    every = events_json(db, "--include-historical")
    code, out, _ = run("events", "--db", db, "--include-historical", "--limit", "all",
                       width=160)
    assert code == 0 and "…" not in out and "on whose word" in out
    assert max(map(len, _visible_lines(out))) <= 160
    flat = " ".join(out.split())
    words = [w for e in every if (w := (e.get("attribution") or {}).get("text"))]
    assert words and all(" ".join(w.split()).split()[0] in flat for w in words)


def test_evidence_puts_the_sentence_under_each_event(db):
    every = events_json(db, "--type", "PROTEST", "--include-historical")
    code, out, _ = run("events", "--db", db, "--type", "PROTEST", "--include-historical",
                       "--evidence", "--limit", "all")
    flat = " ".join(out.split())
    assert code == 0 and all(" ".join(e["sentence"]["text"].split()) in flat for e in every)


def test_extract_report_fits_80_columns_with_ids_and_evidence(in_root):
    code, out, err = run("extract", "samples/text/militia-clashes.txt", "--evidence")
    assert code == 0 and "…" not in out
    assert max(map(len, _visible_lines(out))) <= 80
    assert "loading model" in err
    _, out_json, _ = run("extract", "samples/text/militia-clashes.txt", "-f", "json")
    analysis = json.loads(out_json)
    flat = _flat(out)
    for e in analysis["events"]:
        assert e["id"][:8] in out
        assert " ".join(e["sentence"]["text"].split()) in flat


def test_extract_warns_that_events_are_coded_in_english_only(in_root):
    code, _, err = run("extract", "samples/html/flood-aid-zh.html",
                       "samples/text/militia-clashes.txt")
    warnings = [line for line in err.splitlines() if "coded in English only" in line]
    assert code == 0 and len(warnings) == 1 and "flood-aid-zh.html" in warnings[0]


# -- item 4: search by stem, article ------------------------------------------------------------

def test_search_finds_words_by_their_stem_and_opens_the_document(db):
    code, out, _ = run("search", "attacking civilians", "--db", db, width=160)
    assert code == 0
    ids = re.findall(r"^\s*(\S+)\s", out.split("─")[-1].strip("─\n") + "\n", re.MULTILINE)
    conn = sqlite3.connect(db)
    stored = {r[0] for r in conn.execute("SELECT id FROM documents")}
    hits = [i for i in ids if any(s.startswith(i) for s in stored)]
    assert hits, out
    code, out, _ = run("article", hits[0], "--db", db)
    assert code == 0 and "Events it reports" in out or "events" in out


def test_article_prints_the_text_and_its_events(db):
    conn = sqlite3.connect(db)
    doc_id, title = conn.execute(
        "SELECT d.id, d.title FROM documents d JOIN event_sources s ON s.doc_id = d.id "
        "LIMIT 1").fetchone()
    code, out, _ = run("article", doc_id[:8], "--db", db, "--json")
    article = json.loads(out)
    assert code == 0 and article["id"] == doc_id and article["events"]
    code, out, _ = run("article", doc_id[:8], "--db", db, width=120)
    flat = " ".join(out.split())
    assert " ".join(title.split()) in flat and article["events"][0]["id"][:8] in out


def test_an_old_store_is_migrated_when_it_is_read(tmp_path):
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    conn.executescript(MIGRATIONS[1])
    conn.execute("INSERT INTO documents VALUES ('d1', 'x.txt', NULL, 'h', 'Rebels attacked', "
                 "'2023-05-03', 'en', 'Rebels attacked the town.', '{}', '2023-05-04')")
    conn.execute("INSERT INTO articles_fts VALUES ('d1', 'Rebels attacked', "
                 "'Rebels attacked the town.')")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    assert not conn.execute("SELECT * FROM articles_fts WHERE articles_fts MATCH 'attack'"
                            ).fetchall()  # the old tokenizer: no stems
    conn.close()
    code, out, _ = run("search", "attacks", "--db", db)
    assert code == 0 and "d1" in out
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


# -- item 5: help, version, actors, failures ------------------------------------------------------

def test_version_and_short_help():
    code, out, _ = run("--version")
    assert code == 0 and re.fullmatch(r"newsevents \d+\.\d+\.\d+\s*", out)
    code, out, _ = run("-h")
    assert code == 0 and "Usage:" in out


def _commands() -> list[str]:
    from typer.main import get_command

    return sorted(get_command(app).commands)


@pytest.mark.parametrize("command", _commands())
def test_every_command_has_examples_and_flags_read_as_flags(command):
    code, out, _ = run(command, "-h", width=100)
    assert code == 0 and "Examples:" in out and f"newsevents {command}" in out
    assert "<bool>" not in out


def test_type_help_lists_the_categories():
    from newsevents.cli.inputs import categories

    _, out, _ = run("events", "-h", width=100)
    flat = " ".join(out.split())
    assert all(c in flat for c in categories())
    assert run("events", "--include-historical", "true")[0] == 2  # a flag takes no value


def test_actors_have_names_and_formats(db):
    code, out, _ = run("actors", "--db", db, "--top", "all", "-f", "json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and rows
    nga = next(r for r in rows if r["code"] == "NGA")
    assert nga["name"] == "Nigeria" and nga["named"]
    code, out, _ = run("actors", "--db", db, "-f", "csv", "--top", "3")
    assert out.splitlines()[0] == "code,sector,name,named,events,mentions"
    assert len(out.splitlines()) == 4
    code, out, _ = run("actors", "--db", db)
    assert code == 0 and "Nigeria" in out


def test_failures_lists_the_stored_failures(db):
    code, out, _ = run("failures", "--db", db, "-f", "json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(rows) == 1 and rows[0]["input"].endswith("empty.txt")
    code, out, _ = run("failures", "--db", db, width=300)
    assert code == 0 and "empty.txt" in out and "1 failures" in out


def test_extract_shows_progress_on_a_terminal_for_many_inputs(in_root):
    terminal = {"COLUMNS": "80", "TTY_COMPATIBLE": "1", "TTY_INTERACTIVE": "1"}
    result = CliRunner().invoke(app, ["extract", "samples/text", "-f", "csv"], env=terminal)
    assert result.exit_code == 0, result.stderr
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", result.stderr)
    assert re.search(r"extract .*\b6/6\b", plain), plain[-500:]
    result = CliRunner().invoke(app, ["extract", "samples/text", "-f", "csv"],
                                env={"COLUMNS": "80"})
    assert "6/6" not in result.stderr  # not a terminal: no bar in a log


@pytest.mark.parametrize("args, words", [
    (["timeline", "--by", "decade"], "Invalid value for '--by'"),
    (["events", "--no-such-option"], "No such option"),
    (["show"], "Missing argument"),
    (["events", "--offset", "x"], "Invalid value for '--offset'"),
], ids=lambda v: v if isinstance(v, str) else " ".join(v))
def test_clicks_usage_errors_are_one_line_too(args, words):
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "newsevents", *args], capture_output=True,
                            text=True, timeout=120)
    lines = result.stderr.splitlines()
    assert result.returncode == 2 and len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ") and words in lines[0] and " -h)" in lines[0]


def test_search_as_json_carries_full_document_ids(db):
    code, out, _ = run("search", "attacked", "--db", db, "-f", "json")
    hits = [json.loads(line) for line in out.splitlines()]
    conn = sqlite3.connect(db)
    stored = {r[0] for r in conn.execute("SELECT id FROM documents")}
    assert code == 0 and hits and all(h["doc_id"] in stored for h in hits)
    assert all(set(h) == {"doc_id", "title", "snippet", "score"} for h in hits)


def test_ingest_says_which_stored_documents_are_not_in_english(tmp_path, in_root):
    code, _, err = run("ingest", "samples/html/flood-aid-zh.html", "--db", tmp_path / "zh.db")
    assert code == 0 and "loading model" in err
    assert re.search(r"1 stored documents are not in English \(zh 1\): events are coded in "
                     "English only", err), err
