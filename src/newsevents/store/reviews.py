"""Analysts' reviews of merged events: confirm, reject, or correct fields, with a note.

Reviews live in their own table, created with ``CREATE TABLE IF NOT EXISTS`` (the store's
schema and its other tables are never changed). Every review is kept: the history of an event
is its rows in order, and its current review is the latest one. A review is applied to an
event's record as an overlay (``apply``), so the coder's record stays as it was and every
reader (API, pages, exports) shows the reviewed values.

``gold_records`` turns the reviewed events into the gold JSONL that ``newsevents evaluate
events`` reads: one record per source sentence whose events are all reviewed.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

ACTIONS = ("confirm", "reject", "correct")
# The fields a correction may set, and what each one replaces in the record.
FIELDS = ("event", "mode", "actor", "recipient", "place", "date", "dead", "injured",
          "arrested", "aux")

SCHEMA = """
CREATE TABLE IF NOT EXISTS reviews (
    id INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL,
    action TEXT NOT NULL,            -- confirm | reject | correct
    changes TEXT NOT NULL,           -- JSON object: the corrected fields (correct only)
    note TEXT NOT NULL DEFAULT '',
    reviewer TEXT,
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS reviews_event ON reviews(event_id, id);
"""


def ensure_tables(conn: sqlite3.Connection) -> None:
    """Create the review table if the store has none yet (idempotent)."""
    for statement in SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)


def _row(r: sqlite3.Row) -> dict[str, Any]:
    return {"id": r["id"], "event_id": r["event_id"], "action": r["action"],
            "changes": json.loads(r["changes"]), "note": r["note"], "reviewer": r["reviewer"],
            "at": r["at"]}


def add_review(conn: sqlite3.Connection, event_id: str, action: str,
               changes: Mapping[str, Any] | None = None, note: str = "",
               reviewer: str | None = None) -> dict[str, Any]:
    """Store one review of ``event_id`` (which must exist) and return it. A correction's
    changes are merged over the event's previous correction, so correcting the date after
    the actor keeps both."""
    if action not in ACTIONS:
        raise ValueError(f"action: {action!r}")
    changes = dict(changes or {})
    unknown = sorted(set(changes) - set(FIELDS))
    if unknown:
        raise ValueError(f"fields that cannot be corrected: {', '.join(unknown)}")
    if action == "correct" and not changes:
        raise ValueError("a correction needs at least one field")
    if action != "correct" and changes:
        raise ValueError(f"{action} takes no field changes")
    if action == "correct":
        previous = current_reviews(conn, [event_id]).get(event_id)
        if previous and previous["action"] == "correct":
            changes = {**previous["changes"], **changes}
    at = datetime.now(UTC).isoformat(timespec="microseconds")
    conn.execute("BEGIN IMMEDIATE")
    try:
        cur = conn.execute(
            "INSERT INTO reviews (event_id, action, changes, note, reviewer, at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (event_id, action, json.dumps(changes, ensure_ascii=False), note, reviewer, at))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    row = conn.execute("SELECT * FROM reviews WHERE id = ?", (cur.lastrowid,)).fetchone()
    return _row(row)


def history(conn: sqlite3.Connection, event_id: str) -> list[dict[str, Any]]:
    """Every review of ``event_id``, oldest first."""
    rows = conn.execute("SELECT * FROM reviews WHERE event_id = ? ORDER BY id", (event_id,))
    return [_row(r) for r in rows]


def current_reviews(conn: sqlite3.Connection, event_ids: Iterable[str]
                    ) -> dict[str, dict[str, Any]]:
    """The latest review of each of ``event_ids`` that has one."""
    ids = sorted(set(event_ids))
    found: dict[str, dict[str, Any]] = {}
    for i in range(0, len(ids), 500):  # under SQLite's limit on parameters
        chunk = ids[i:i + 500]
        rows = conn.execute(
            "SELECT r.* FROM reviews r WHERE r.id = (SELECT max(id) FROM reviews "
            f"WHERE event_id = r.event_id) AND r.event_id IN ({', '.join('?' * len(chunk))})",
            chunk)
        found.update((r["event_id"], _row(r)) for r in rows)
    return found


def reviewed_ids(conn: sqlite3.Connection) -> list[str]:
    """Every event with at least one review."""
    return [r[0] for r in conn.execute("SELECT DISTINCT event_id FROM reviews ORDER BY 1")]


def _parties(value: Any) -> list[dict[str, Any]]:
    """A corrected actor or recipient list: each party a code and a sector (and the name the
    analyst gave it, if any)."""
    out = []
    for p in value or []:
        code = (p.get("code") or "").upper() or None
        sector = (p.get("sector") or "").upper() or None
        out.append({"code": code, "sector": sector, "entity_text": p.get("name"),
                    "identifier_text": p.get("name"), "patron": None, "other_sectors": []})
    return out


def apply(record: Mapping[str, Any], review: Mapping[str, Any] | None) -> dict[str, Any]:
    """The record as reviewed: a correction's fields replace the coder's, and the record
    says how it was reviewed (``review``: action, note, at, and the coder's values of the
    corrected fields under ``coded``). Unreviewed records come back with ``review`` None."""
    out = dict(record)
    if not review:
        out["review"] = None
        return out
    changes = review["changes"] if review["action"] == "correct" else {}
    coded: dict[str, Any] = {}
    for key, value in changes.items():
        if key == "place":
            coded["place"] = record.get("event_loc")
            out["event_loc"] = None if value is None else {
                "extracted_place": value.get("name"), "resolved_place": value.get("name"),
                "country_code": (value.get("country") or "").upper() or None,
                "country": None, "lat": value.get("lat"), "lon": value.get("lon"),
                "resolution": None}
        elif key in ("actor", "recipient"):
            coded[key] = record.get(key)
            out[key] = _parties(value)
        elif key == "date":
            coded[key] = record.get("date")
            out["date"], out["date_basis"] = value, "review"
        else:
            coded[key] = record.get(key)
            out[key] = value
    if "event" in changes and changes["event"] != record.get("event"):
        from ..knowledge.ontology import ontology

        onto = ontology()
        # The CAMEO code and the scale belong to the coder's category: recomputed for the new.
        out["quad_code"] = onto.quad.get(out["event"])
        out["cameo"] = onto.cameo.get((out["event"], out.get("mode") or ""))
        out["event_scale"] = onto.score.get(out["event"])
    out["review"] = {"action": review["action"], "note": review["note"], "at": review["at"],
                     "id": review["id"], "coded": coded}
    return out


# -- gold -----------------------------------------------------------------------------------


def _gold_party(p: Mapping[str, Any]) -> dict[str, Any]:
    return {"code": p.get("code"), "sector": p.get("sector")}


def _gold_event(e: Mapping[str, Any]) -> dict[str, Any]:
    """One reviewed event as a gold event of tests/gold/events.jsonl. A date the coder took
    from the publication date is no claim (as the scorer reads it): it is left out unless
    an analyst set it."""
    date = e.get("date") if e.get("date_basis") in ("text", "review") else None
    return {"event": e["event"], "mode": e.get("mode") or "",
            "actor": [_gold_party(a) for a in e.get("actor") or []],
            "recipient": [_gold_party(r) for r in e.get("recipient") or []],
            "country": (e.get("event_loc") or {}).get("country_code"), "date": date,
            "aux": list(e.get("aux") or []), "dead": e.get("dead"),
            "injured": e.get("injured"), "arrested": e.get("arrested")}


def gold_records(conn: sqlite3.Connection) -> tuple[list[dict[str, Any]], int]:
    """The reviewed events as gold records (``id``, ``date``, ``text``, ``events``), one per
    source sentence, and how many sentences were left out. A sentence is exported only when
    every event the store codes from it is reviewed (otherwise its gold would be missing
    events); rejected events are left out of its events, so a sentence whose events were all
    rejected is a record with no event. Each event is the report of that sentence (its own
    figures) with the review's corrections over it."""
    reviews = {r["event_id"]: r for r in current_reviews(conn, reviewed_ids(conn)).values()}
    if not reviews:
        return [], 0
    ids = sorted(reviews)
    rows: list[sqlite3.Row] = []
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        rows += conn.execute(
            "SELECT DISTINCT s.doc_id FROM event_sources s "
            f"WHERE s.event_id IN ({', '.join('?' * len(chunk))})", chunk).fetchall()
    records, skipped = [], 0
    for doc in sorted(r["doc_id"] for r in rows):
        published = conn.execute("SELECT published FROM documents WHERE id = ?",
                                 (doc,)).fetchone()
        sentences: dict[tuple[int, int, str], list[tuple[str, dict[str, Any]]]] = {}
        for s in conn.execute(
                "SELECT s.event_id, r.record FROM event_sources s JOIN reports r "
                "ON r.id = s.report_id WHERE s.doc_id = ? ORDER BY s.report_id", (doc,)):
            report = json.loads(s["record"])
            sentence = report.get("sentence") or {}
            key = (sentence.get("start") or 0, sentence.get("end") or 0,
                   sentence.get("text") or "")
            sentences.setdefault(key, []).append((s["event_id"], report))
        for (start, _end, text), reports in sorted(sentences.items()):
            if not text:
                continue
            if any(event_id not in reviews for event_id, _ in reports):
                skipped += 1
                continue
            events = [_gold_event(apply(report, reviews[event_id]))
                      for event_id, report in reports
                      if reviews[event_id]["action"] != "reject"]
            date = published["published"] if published else None
            records.append({"id": f"review-{doc}-{start}", "date": (date or "")[:10] or None,
                            "text": text, "events": events})
    return records, skipped


def as_reviewed(conn: sqlite3.Connection, records: list[dict[str, Any]]
                ) -> list[dict[str, Any]]:
    """``records`` with the latest review of each applied, for those that have one (the
    command line's events, show and export show what the analysts decided, as the web
    does); unchanged when the store has no reviews."""
    if not records or conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'reviews'"
    ).fetchone() is None:
        return records
    found = current_reviews(conn, [r["id"] for r in records])
    return [apply(r, found[r["id"]]) if r["id"] in found else r for r in records]
