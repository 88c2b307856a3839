"""Reviews: written with the token only, kept with their history, shown everywhere the API
returns the event, and exported as a gold file that the real `evaluate events` reads."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

from typer.testing import CliRunner

from newsevents.cli import app
from newsevents.evaluate import evaluate_events


def _event(client, **params):
    return client.get("/api/events", params={"limit": 1, **params}).json()["events"][0]


def test_writes_need_the_token(client):
    event = _event(client)
    url = f"/api/events/{event['id']}/review"
    missing = client.post(url, json={"action": "confirm"})
    assert missing.status_code == 401
    assert missing.headers["content-type"].startswith("application/problem+json")
    assert missing.headers["www-authenticate"] == "Bearer"
    wrong = client.post(url, json={"action": "confirm"},
                        headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    assert client.get(f"/api/events/{event['id']}").json()["reviews"] == []


def test_bad_reviews_are_refused(client, auth):
    event = _event(client)
    url = f"/api/events/{event['id']}/review"
    assert client.post("/api/events/ffffffffffffffff/review", json={"action": "confirm"},
                       headers=auth).status_code == 404
    for body in ({"action": "approve"}, {"action": "correct"},
                 {"action": "correct", "changes": {"event": "DANCE"}},
                 {"action": "correct", "changes": {"dead": -1}},
                 {"action": "correct", "changes": {"colour": "red"}},
                 {"action": "confirm", "changes": {"dead": 2}}):
        assert client.post(url, json=body, headers=auth).status_code == 422, body
    assert client.get(f"/api/events/{event['id']}").json()["reviews"] == []


def test_correction_shows_everywhere_and_keeps_history(client, auth):
    event = _event(client, type="ASSAULT", sort="confidence")
    url = f"/api/events/{event['id']}/review"
    first = client.post(url, headers=auth, json={
        "action": "correct", "changes": {"dead": 7, "actor": [{"code": "cod", "sector": "reb"}]},
        "note": "the later report says seven"})
    assert first.status_code == 201, first.text
    second = client.post(url, headers=auth, json={
        "action": "correct", "changes": {"event": "COERCE", "mode": "arrest"}, "note": "x"})
    record = second.json()["record"]
    assert (record["event"], record["mode"], record["dead"]) == ("COERCE", "arrest", 7)
    assert record["actor"][0]["code"] == "COD" and record["actor"][0]["sector"] == "REB"
    assert record["quad_code"] == 4 and record["review"]["action"] == "correct"
    assert record["review"]["coded"]["event"] == event["event"]
    history = second.json()["reviews"]
    assert [r["note"] for r in history] == ["the later report says seven", "x"]
    # The list, the article and the exports show the reviewed values.
    listed = [e for e in client.get("/api/events", params={"limit": 500}).json()["events"]
              if e["id"] == event["id"]]
    assert listed[0]["event"] == "COERCE" and listed[0]["dead"] == 7
    doc = client.get(f"/api/documents/{event['doc_id']}").json()
    assert [e["dead"] for e in doc["events"] if e["id"] == event["id"]] == [7]
    rows = list(csv.DictReader(io.StringIO(client.get("/api/export?format=csv").text)))
    assert [r["dead"] for r in rows if r["id"] == event["id"]] == ["7"]
    reviewed = client.get("/api/events", params={"review": "correct"}).json()
    assert [e["id"] for e in reviewed["events"]] == [event["id"]]
    # The page shows them too.
    page = client.get(f"/events/{event['id']}").text
    assert "COERCE" in page and "the later report says seven" in page


def test_reject_then_confirm_keeps_both(client, auth, store):
    event = _event(client, type="PROTEST")
    url = f"/api/events/{event['id']}/review"
    client.post(url, headers=auth, json={"action": "reject", "note": "not a protest"})
    assert client.get("/api/events", params={"review": "reject"}).json()["total"] == 1
    client.post(url, headers=auth, json={"action": "confirm"})
    detail = client.get(f"/api/events/{event['id']}").json()
    assert [r["action"] for r in detail["reviews"]] == ["reject", "confirm"]
    assert detail["record"]["review"]["action"] == "confirm"
    assert client.get("/api/events", params={"review": "reject"}).json()["total"] == 0
    # The store's own tables are untouched: the record is the coder's.
    stored = sqlite3.connect(store).execute("SELECT record FROM events WHERE id = ?",
                                            (event["id"],)).fetchone()[0]
    assert json.loads(stored)["event"] == "PROTEST"


def _sentence_events(store, doc_id: str) -> dict[tuple[int, str], list[str]]:
    conn = sqlite3.connect(store)
    out: dict[tuple[int, str], list[str]] = {}
    for event_id, record in conn.execute(
            "SELECT s.event_id, r.record FROM event_sources s JOIN reports r "
            "ON r.id = s.report_id WHERE s.doc_id = ?", (doc_id,)):
        sentence = json.loads(record)["sentence"]
        out.setdefault((sentence["start"], sentence["text"]), []).append(event_id)
    return out


def test_reviewed_events_round_trip_through_evaluate(client, auth, store, tmp_path):
    doc_id = sqlite3.connect(store).execute(
        "SELECT id FROM documents WHERE source LIKE '%militia-clashes.txt'").fetchone()[0]
    sentences = _sentence_events(store, doc_id)
    assert len(sentences) >= 2
    (first, first_ids), (second, second_ids) = sorted(sentences.items())[:2]
    for event_id in first_ids:  # every event of the first sentence confirmed
        client.post(f"/api/events/{event_id}/review", headers=auth, json={"action": "confirm"})
    for event_id in second_ids:  # the second: corrected to a category the coder did not say
        client.post(f"/api/events/{event_id}/review", headers=auth, json={
            "action": "correct", "changes": {"event": "AID", "mode": ""}})
    exported = client.get("/api/reviews/export")
    assert exported.status_code == 200
    lines = [json.loads(line) for line in exported.text.splitlines()]
    mine = {line["text"]: line for line in lines if line["id"].startswith(f"review-{doc_id}")}
    assert set(mine) == {first[1], second[1]}
    assert int(exported.headers["x-skipped-sentences"]) >= 1  # the rest are unreviewed
    assert len(mine[first[1]]["events"]) == len(set(first_ids))
    assert {e["event"] for e in mine[second[1]]["events"]} == {"AID"}
    gold = tmp_path / "reviewed.jsonl"
    gold.write_text("".join(json.dumps(mine[t]) + "\n" for t in sorted(mine)), "utf-8")
    # The real evaluate reads it: the command accepts it, and the scorer counts its events.
    result = CliRunner().invoke(app, ["evaluate", "events", str(gold), "--show-misses", "5"])
    assert result.exit_code == 0, result.output
    assert "exact" in result.output
    score = evaluate_events(gold)
    assert score.records == 2
    assert score.gold["event"] == len(mine[first[1]]["events"]) + len(mine[second[1]]["events"])
    # The confirmed sentence is what the coder says of it; the corrected one is not.
    assert score.tp["event"] >= len(mine[first[1]]["events"]) - 1
    assert any("AID" in miss for miss in score.misses)
