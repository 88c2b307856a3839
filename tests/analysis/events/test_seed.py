"""The seed through `newsevents extract`: every MUST item of section 3 of expected.md."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from support import SEED, shared_file


@pytest.fixture(scope="module")
def seed() -> tuple[dict, list[dict]]:
    path = shared_file(SEED)
    analysis = json.loads(subprocess.run(
        [sys.executable, "-m", "newsevents", "extract", str(path), "--format", "json"],
        capture_output=True, text=True, check=True).stdout)
    plover = [json.loads(line) for line in subprocess.run(
        [sys.executable, "-m", "newsevents", "extract", str(path), "--format", "plover"],
        capture_output=True, text=True, check=True).stdout.splitlines()]
    return analysis, plover


def _codes(entities: list[dict]) -> set[str]:
    return {e["code"] for e in entities}


def _find(events: list[dict], category: str, **checks) -> dict:
    found = [e for e in events if e["event"] == category
             and all(check(e) for check in checks.values())]
    assert found, (category, [(e["event"], e["trigger"]["text"]) for e in events])
    return found[0]


def test_retreat_is_future_with_a_deadline(seed):
    analysis, _ = seed
    e = _find(analysis["events"], "RETREAT", iraq=lambda e: "IRQ" in _codes(e["recipient"]))
    assert e["mode"] == "withdraw" and "future" in e["aux"]
    assert _codes(e["actor"]) == {"USA"} and {a["sector"] for a in e["actor"]} <= {"MIL", "GOV"}
    assert e["enddate"] == "2021-12-31"
    lede_end = analysis["lede_span"][1]
    assert any(s["start"] < lede_end for s in e["evidence"]["sentence"])  # the lede
    assert e["mentions"] >= 2


def test_consult_between_biden_and_kadhimi_in_washington(seed):
    analysis, _ = seed
    e = _find(analysis["events"], "CONSULT", parties=lambda e: {
        a["identifier_text"] for a in e["actor"]} >= {"Joe Biden", "Mustafa al-Kadhimi"})
    assert e["event_loc"]["country_code"] == "USA"
    assert "2021-07-25" <= e["date"] <= "2021-07-31"


def test_rockets_on_ain_al_assad(seed):
    analysis, _ = seed
    e = _find(analysis["events"], "ASSAULT", base=lambda e: (e["event_loc"] or {}).get(
        "resolved_place", "").startswith("Ain al-Asad"))
    assert "USA" in _codes(e["recipient"])
    assert e["date"].startswith("2021-07")
    assert any(c["value"] == 14 for c in e["counts"])
    assert not e["actor"]  # attributed, not asserted
    assert "pro-Iranian armed groups" in e["attribution"]["text"]


def test_rockets_near_the_embassy_in_baghdad(seed):
    analysis, _ = seed
    e = _find(analysis["events"], "ASSAULT", baghdad=lambda e: (e["event_loc"] or {}).get(
        "resolved_place") == "Baghdad")
    assert "USA" in _codes(e["recipient"])
    assert any(c["value"] == 3 for c in e["counts"])


def test_the_killing_at_baghdad_airport_is_historical(seed):
    analysis, _ = seed
    e = _find(analysis["events"], "ASSAULT", killed=lambda e: e["dead"] == 2)
    assert _codes(e["recipient"]) == {"IRN", "IRQ"} and "USA" in _codes(e["actor"])
    assert "historical" in e["aux"]
    assert e["event_loc"]["country_code"] == "IRQ"


def test_the_resolution_is_a_historical_request(seed):
    analysis, _ = seed
    e = _find(analysis["events"], "REQUEST")
    assert [(a["code"], a["sector"]) for a in e["actor"]] == [("IRQ", "LEG")]
    assert "USA" in _codes(e["recipient"]) and "historical" in e["aux"]


def test_no_event_from_teasers_credits_or_debris(seed):
    analysis, _ = seed
    text = analysis["text"]
    for e in analysis["events"]:
        assert text[e["trigger"]["start"] : e["trigger"]["end"]] == e["trigger"]["text"]
        for evidence in e["evidence"].values():
            for item in evidence:
                assert text[item["start"] : item["end"]] == item["text"]
    for item in analysis["related"]:
        assert item["title"] not in text


def test_plover_records(seed):
    analysis, plover = seed
    assert len(plover) == len(analysis["events"])
    for record in plover:
        assert record["doc_id"] == analysis["id"]
        assert record["quad_code"] in (1, 2, 3, 4) and -10 <= record["event_scale"] <= 10
        assert {"id", "date", "actor", "recipient", "event", "mode", "context", "event_loc",
                "event_text", "text_info", "cite_info", "dead", "injured",
                "arrested"} <= set(record)
    retreat = next(r for r in plover if r["event"] == "RETREAT")
    assert "future" in retreat["context"] and retreat["cameo"].startswith("08")
