"""Participants: a record needs a resolved party (an actor or recipient with a code), or a
place together with a count; anything less is a candidate, kept apart with its reason: in
the JSON output, out of the default `extract` output, `ingest` and exports (`--candidates`
brings them back); and a party never takes a country the article does not name."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest
from typer.testing import CliRunner

from newsevents import Pipeline
from newsevents.analysis.events.coder import _article_country, short_of_an_event
from newsevents.model import Actor, Mention, Place
from newsevents.store.ingest import ingest

ARTICLES = [
    ("talks", "Talks are planned for next week."),
    ("kabul", "A bomb killed five people in Kabul on Monday."),
    ("lagos", "Police arrested 31 protesters in Lagos."),
    ("nowhere", "Police arrested 31 protesters on Monday."),
]


@pytest.fixture(scope="module")
def analyses() -> dict:
    pipeline = Pipeline()
    return {key: pipeline.extract(text) for key, text in ARTICLES}


@pytest.fixture(scope="module")
def feed(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("candidates") / "feed.jsonl"
    path.write_text("".join(json.dumps({"id": key, "title": f"Story {key}", "date": "2024-03-18",
                                        "text": text}) + "\n" for key, text in ARTICLES),
                    encoding="utf-8")
    return str(path)


def _extract(feed: str, *args: str) -> str:
    from newsevents.cli import app

    result = CliRunner().invoke(app, ["extract", feed, *args], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_record_with_no_party_is_a_candidate(analyses):
    talks = analyses["talks"]
    assert talks.events == []
    assert [(c.event.event, c.reason) for c in talks.candidates] == [("CONSULT", "no party")]


def test_a_place_with_a_count_is_an_event(analyses):
    kabul = analyses["kabul"]
    assert [e.event for e in kabul.events] == ["ASSAULT"] and not kabul.candidates
    event = kabul.events[0]
    assert event.dead == 5 and event.event_loc.country_code == "AFG"
    assert short_of_an_event(event) is None


def test_a_resolved_party_makes_an_event(analyses):
    lagos = analyses["lagos"]
    assert [e.event for e in lagos.events] == ["COERCE"] and not lagos.candidates
    event = lagos.events[0]
    assert event.arrested == 31
    assert {p.code for p in event.actor + event.recipient} == {"NGA"}  # Lagos is in Nigeria


def test_no_party_takes_a_country_that_the_article_does_not_name(analyses):
    # Nothing names or implies a country: the police and protesters keep no code, and a count
    # without a place does not make an event.
    nowhere = analyses["nowhere"]
    assert nowhere.events == []
    (candidate,) = nowhere.candidates
    assert candidate.reason == "no resolved party, count without a place"
    assert all(p.code is None for p in candidate.event.actor + candidate.event.recipient)


def _actor(code: str, kind: str) -> Actor:
    return Actor(code, "GOV", None, kind, "")


def _place(code: str) -> Place:
    return Place("Gaza", "Gaza", 1, 31.5, 34.5, None, None, code, "P", "PPL", 4)


def test_the_fallback_country_is_one_the_article_names():
    hamas = Mention("Hamas", 0, 5, "ORG", actor=_actor("PSE", "armed group"))
    gaza = Mention("Gaza", 10, 14, "GPE", place=_place("PSE"))
    people = Mention("people", 20, 26, "AGENT", actor=_actor("DEU", "agent"))
    # "Hamas" read as the German city of Hamm puts DEU first in the context: no party of the
    # article is German for that, not even a generic one the context coded so.
    assert _article_country(["DEU", "PSE"], [hamas, gaza, people]) == "PSE"
    assert _article_country(["DEU"], [hamas, people]) is None
    # an actor's own words name its country
    pakistani = Mention("Pakistani authorities", 0, 21, "AGENT", actor=_actor("PAK", "agent"))
    assert _article_country(["PAK"], [pakistani]) == "PAK"
    # the United Nations is no country for the police
    un = Mention("the United Nations", 0, 18, "ORG", actor=_actor("UNO", "igo"))
    assert _article_country(["UNO"], [un]) is None


def test_json_output_has_the_candidates_with_their_reasons(feed):
    lines = [json.loads(line) for line in _extract(feed, "--format", "json").splitlines()]
    by_id = {a["id"]: a for a in lines}
    assert by_id["talks"]["events"] == []
    assert [(c["event"], c["reason"]) for c in by_id["talks"]["candidates"]] == [
        ("CONSULT", "no party")]
    assert by_id["talks"]["candidates"][0]["trigger"]["text"] == "Talks"  # the whole record
    assert by_id["lagos"]["candidates"] == [] and len(by_id["lagos"]["events"]) == 1


def test_default_outputs_leave_candidates_out(feed):
    text = _extract(feed)
    assert "Candidates" not in text and "no party" not in text
    assert "COERCE" in text and "CONSULT" not in text
    plover = [json.loads(line) for line in _extract(feed, "--format", "plover").splitlines()]
    assert sorted(r["event"] for r in plover) == ["ASSAULT", "COERCE"]
    assert all("candidate" not in r for r in plover)
    rows = list(csv.DictReader(io.StringIO(_extract(feed, "--format", "csv"))))
    assert sorted(r["event"] for r in rows) == ["ASSAULT", "COERCE"]
    assert "candidate" not in rows[0]


def test_the_candidates_flag_brings_them_back(feed):
    text = _extract(feed, "--candidates")
    assert "Candidates, not events" in text and "no party" in text and "CONSULT" in text
    plover = [json.loads(line) for line in _extract(feed, "--format", "plover",
                                                    "--candidates").splitlines()]
    marked = {(r["event"], r["candidate"]) for r in plover}
    assert marked == {("ASSAULT", None), ("COERCE", None), ("CONSULT", "no party"),
                      ("COERCE", "no resolved party, count without a place")}
    rows = list(csv.DictReader(io.StringIO(_extract(feed, "--format", "csv", "--candidates"))))
    assert {(r["event"], r["candidate"]) for r in rows} == {
        ("ASSAULT", ""), ("COERCE", ""), ("CONSULT", "no party"),
        ("COERCE", "no resolved party, count without a place")}


def test_ingest_stores_events_only(feed, tmp_path):
    db = tmp_path / "news.db"
    tally = ingest([feed], db)
    assert tally.added == 4 and tally.reports == 2
    conn = sqlite3.connect(db)
    reports = sorted(r[0] for r in conn.execute("SELECT event FROM reports"))
    stored = [json.loads(r[0]) for r in conn.execute("SELECT analysis FROM documents")]
    conn.close()
    assert reports == ["ASSAULT", "COERCE"]
    assert all("candidates" not in a for a in stored)
