"""The command line against hostile input (issue 9, items 17, 18 and 20): FTS5 syntax as plain
words, a damaged or wrong --db, unwritable outputs and a full stdout as one line each, the
guard at the entry, and escape sequences from documents never reaching the terminal raw."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from newsevents.cli.render import safe
from newsevents.store.ingest import ingest

# An ANSI colour, an OSC 8 hyperlink, a BEL, a carriage return, a C1 CSI, DEL.
ESCAPES = "\x1b[31m", "\x1b]8;;http://x\x07", "\r", "\x9b2J", "\x7f", "\x08"
TITLE = "Rebels \x1b[31mseize\x1b[0m border \x1b]8;;http://x\x07town\x1b]8;;\x07 \x9b2J\x7f\x08"
BODY = ("Rebel fighters seized the border town on 3 May 2023 after two days of fighting with "
        "government troops near al-Kazemi's farm, residents said.\n\n"
        "The army said it had withdrawn \x1b[5mto regroup\x1b[0m.\n")
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # what must never reach the terminal


def _run(*args: str, stdout=subprocess.PIPE, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newsevents", *args], stdout=stdout,
                          stderr=subprocess.PIPE, text=True, timeout=300,
                          env={**os.environ, "COLUMNS": "200"}, **kwargs)


def _one_error(result: subprocess.CompletedProcess) -> str:
    assert "Traceback" not in result.stderr, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.stderr
    return errors[0]


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("cli")
    story = root / "story.txt"
    story.write_text(TITLE + "\n\n" + BODY, encoding="utf-8")
    db = root / "news.db"
    assert ingest([str(story)], db).added == 1
    return db, story


# -- item 17: search -------------------------------------------------------------------------

@pytest.mark.parametrize("query", ['"x', "NEAR(", "a OR", "*", "", "al-Kazemi", "(", "a:b"])
def test_search_and_events_text_take_fts5_syntax_as_words(hostile_db, query):
    db, _ = hostile_db
    for args in (["search", query], ["events", "--text", query, "--include-historical"]):
        result = _run(*args, "--db", str(db))
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr and "error" not in result.stderr


def test_a_hyphenated_name_is_found(hostile_db):
    db, _ = hostile_db
    result = _run("search", "al-Kazemi", "--db", str(db))
    assert result.returncode == 0 and "Kazemi" in result.stdout


def test_a_malformed_fts_query_is_one_line(hostile_db):
    db, _ = hostile_db
    result = _run("search", "--fts", "NEAR(", "--db", str(db))
    assert result.returncode == 2
    assert _one_error(result).startswith("error: search: ")


# -- item 18: damaged stores, wrong paths, unwritable outputs ---------------------------------

READ_COMMANDS = [["events"], ["search", "x"], ["show", "abc"], ["actors"], ["timeline"],
                 ["export", "--format", "csv"]]


@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda c: c[0])
def test_garbage_in_the_schema_page_is_one_line(tmp_path, hostile_db, command):
    db = tmp_path / "garbage.db"
    shutil.copy(hostile_db[0], db)
    with db.open("r+b") as fh:
        fh.seek(100)
        fh.write(b"\xff" * 3000)
    result = _run(*command, "--db", str(db))
    assert result.returncode == 2
    line = _one_error(result)
    assert str(db) in line and "corrupt" in line


@pytest.mark.parametrize("command", [*READ_COMMANDS, ["ingest", "-"]], ids=lambda c: c[0])
def test_a_directory_as_db_is_one_line(tmp_path, command):
    result = _run(*command, "--db", str(tmp_path), input="")
    assert result.returncode == 2
    assert "is a directory" in _one_error(result)


def test_export_into_a_missing_folder_is_one_line(tmp_path, hostile_db):
    out = tmp_path / "missing" / "events.csv"
    for fmt in ("csv", "parquet", "plover"):
        result = _run("export", "--format", fmt, "--db", str(hostile_db[0]), "--out", str(out))
        assert result.returncode == 2
        line = _one_error(result)
        assert str(out) in line and "No such file or directory" in line


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize("command", [["clean"], ["clean", "--format", "json"],
                                     ["events", "--format", "json"],
                                     ["export", "--format", "plover"]], ids=" ".join)
def test_a_full_stdout_is_one_line(hostile_db, command):
    db, story = hostile_db
    args = [*command, str(story)] if command[0] == "clean" else [
        *command, "--db", str(db), "--include-historical"]
    with open("/dev/full", "w") as full:
        result = _run(*args, stdout=full)
    assert result.returncode != 0
    assert _one_error(result) == "error: stdout: No space left on device"
    assert "Exception ignored" not in result.stderr


def test_a_closed_pipe_is_quiet(hostile_db):
    db, _ = hostile_db
    process = subprocess.Popen([sys.executable, "-m", "newsevents", "events", "--db", str(db),
                                "--format", "json", "--include-historical"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # the reader went away (`| head -0`)
    stderr = process.stderr.read().decode()
    process.wait(timeout=120)
    assert "Traceback" not in stderr and "Exception ignored" not in stderr


def test_any_uncaught_exception_is_one_line():
    code = ("import sys\nfrom newsevents.cli import app\n"
            "@app.command('boom')\ndef boom() -> None:\n    raise RuntimeError('kaput')\n"
            "sys.argv = ['newsevents', 'boom']\napp(prog_name='newsevents')\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 70
    assert _one_error(result) == "error: internal error (RuntimeError: kaput)"


def test_usage_errors_stay_typers_own():
    result = _run("events", "--no-such-option")
    assert result.returncode == 2 and "No such option" in result.stderr
    assert "internal error" not in result.stderr


# -- item 20: escape sequences from documents -------------------------------------------------

def test_safe_makes_controls_visible_one_for_one():
    text = "a\x1b[31mb\x07c\x9bd\x7fe\tf\ng\r"
    shown = safe(text)
    assert len(shown) == len(text) and not RAW.search(shown)
    assert shown == "a\u241b[31mb\u2407c\ufffdd\u2421e\tf\ng\u240d"
    assert safe("one\ntwo", newlines=False) == "one two"


@pytest.mark.parametrize("command", [["events", "--include-historical"],
                                     ["events", "--include-historical", "--evidence"],
                                     ["search", "border"], ["actors"], ["timeline"],
                                     ["failures"]], ids=" ".join)
def test_store_views_never_print_raw_controls(hostile_db, command):
    db, _ = hostile_db
    result = _run(*command, "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert not RAW.search(result.stdout.replace("\n", "")), repr(result.stdout)


def test_show_never_prints_raw_controls_and_json_stays_exact(hostile_db):
    db, _ = hostile_db
    conn = sqlite3.connect(db)
    event_id = conn.execute("SELECT id FROM events LIMIT 1").fetchone()[0]
    title = conn.execute("SELECT title FROM documents").fetchone()[0]
    conn.close()
    view = _run("show", event_id, "--db", str(db))
    assert view.returncode == 0 and not RAW.search(view.stdout.replace("\n", ""))
    data = _run("show", event_id, "--db", str(db), "--json")
    assert json.loads(data.stdout)["reports"][0]["title"] == title  # data: exact


def test_article_never_prints_raw_controls(hostile_db):
    db, _ = hostile_db
    conn = sqlite3.connect(db)
    doc_id = conn.execute("SELECT id FROM documents").fetchone()[0]
    conn.close()
    view = _run("article", doc_id[:6], "--db", str(db))
    assert view.returncode == 0 and "seize" in view.stdout
    assert not RAW.search(view.stdout.replace("\n", "")), repr(view.stdout)


def test_feed_ids_with_escapes_are_listed_safely(tmp_path):
    feed = tmp_path / "feed.jsonl"
    texts = ["Police arrested 12 protesters in Nairobi on 4 May 2023.",
             "Gunmen killed 3 villagers in Maiduguri, Nigeria, on 5 May 2023, police said."]
    feed.write_text("".join(json.dumps({"id": f"evil\x1b[2J{i}", "text": text}) + "\n"
                            for i, text in enumerate(texts)), encoding="utf-8")
    db = tmp_path / "n.db"
    assert ingest([str(feed)], db).added == 2
    result = _run("article", "evil", "--db", str(db))
    assert result.returncode == 2 and "ambiguous" in result.stderr
    assert not RAW.search(result.stderr.replace("\n", "")), repr(result.stderr)


@pytest.mark.parametrize("command", ["clean", "analyze", "extract"])
def test_stage_views_never_print_raw_controls(hostile_db, command):
    _, story = hostile_db
    result = _run(command, str(story))
    assert result.returncode == 0, result.stderr
    assert not RAW.search(result.stdout.replace("\n", "")), repr(result.stdout)
    assert "seize" in result.stdout


def test_stage_json_keeps_the_text_exact(hostile_db):
    _, story = hostile_db
    result = _run("clean", "--format", "json", str(story))
    article = json.loads(result.stdout)
    assert "\x1b" in article["title"] + article["text"]  # data is not a terminal view


def test_an_input_name_with_escapes_is_shown_safely(tmp_path):
    bad = tmp_path / "evil\x1b[2Jname.txt"
    bad.write_bytes(b"")
    result = _run("clean", str(bad))
    assert result.returncode == 1
    assert "\x1b" not in result.stderr and "[2Jname.txt: empty" in _one_error(result)
