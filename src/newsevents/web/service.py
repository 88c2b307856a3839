"""What the API and the pages show of the store: events in export.py's PLOVER mapping with
their reviews applied, one event with its source reports, one article with its spans."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from ..export import Citation, plover_record
from ..store import reviews as rv
from ..store.queries import documents_cited


def _source_doc(e: dict[str, Any]) -> str | None:
    return e.get("doc_id") or next(iter(e.get("doc_ids") or []), None)


def reviewed(conn: sqlite3.Connection, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The merged records with their current reviews applied (``review`` on each)."""
    current = rv.current_reviews(conn, [e["id"] for e in events])
    return [rv.apply(e, current.get(e["id"])) for e in events]


def records(conn: sqlite3.Connection, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each merged event as its PLOVER record (export.py), reviewed values in, with
    ``review`` (None when unreviewed) and the store's ``url``/``title`` of its document."""
    events = reviewed(conn, events)
    docs = documents_cited(conn, [d for e in events if (d := _source_doc(e))])
    out = []
    for e in events:
        cite = Citation.from_row(docs.get(_source_doc(e) or ""))
        out.append(plover_record(e, cite) | {"review": e["review"]})
    return out


def with_citations(conn: sqlite3.Connection, events: list[dict[str, Any]]
                   ) -> list[tuple[dict[str, Any], Citation]]:
    """Reviewed events with their citations, as export.EventWriter takes them."""
    events = reviewed(conn, events)
    docs = documents_cited(conn, [d for e in events if (d := _source_doc(e))])
    return [(e, Citation.from_row(docs.get(_source_doc(e) or ""))) for e in events]


def merged(conn: sqlite3.Connection, event_id: str) -> dict[str, Any] | None:
    row = conn.execute("SELECT record FROM events WHERE id = ?", (event_id,)).fetchone()
    return json.loads(row["record"]) if row else None


def event_detail(conn: sqlite3.Connection, event_id: str) -> dict[str, Any] | None:
    """The event's record (reviewed), every report of it (document, sentence, trigger and
    the evidence span of each field, its own figures), and its review history."""
    event = merged(conn, event_id)
    if event is None:
        return None
    record = records(conn, [event])[0]
    reports = []
    for s in conn.execute(
            "SELECT s.doc_id, s.published, s.dead, s.injured, s.arrested, r.record, d.title, "
            "d.url, d.source FROM event_sources s JOIN reports r ON r.id = s.report_id "
            "JOIN documents d ON d.id = s.doc_id WHERE s.event_id = ? "
            "ORDER BY s.published, s.report_id", (event_id,)):
        report = json.loads(s["record"])
        reports.append({
            "doc_id": s["doc_id"], "title": s["title"], "url": s["url"], "source": s["source"],
            "published": s["published"], "sentence": report.get("sentence") or {},
            "trigger": report.get("trigger"), "evidence": report.get("evidence") or {},
            "attribution": report.get("attribution"), "dead": s["dead"],
            "injured": s["injured"], "arrested": s["arrested"]})
    return {"record": record, "reports": reports, "reviews": rv.history(conn, event_id)}


def _actor(a: dict[str, Any] | None) -> dict[str, Any] | None:
    if not a:
        return None
    return {"code": a.get("code"), "sector": a.get("sector"), "name": a.get("name"),
            "patron": a.get("patron")}


def _place(p: dict[str, Any] | None) -> dict[str, Any] | None:
    if not p:
        return None
    return {"name": p.get("resolved_place"), "country_code": p.get("country_code"),
            "lat": p.get("lat"), "lon": p.get("lon")}


def spans_of(analysis: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Every highlighted span of an analysis, by kind, with what the article page says of
    it: actors (code, sector, name), places, times (the date), quotes (the speaker),
    triggers (the event)."""
    mentions, actors, places = [], [], []
    for m in analysis.get("entities") or []:
        span = {"start": m["start"], "end": m["end"], "text": m.get("text"),
                "label": m.get("label"), "actor": _actor(m.get("actor")),
                "place": _place(m.get("place"))}
        mentions.append(span)
        if span["actor"] and span["actor"]["code"]:
            actors.append(span)
        if span["place"]:
            places.append(span)
    times = [{"start": t["start"], "end": t["end"], "text": t.get("text"),
              "date": t.get("date"), "granularity": t.get("granularity")}
             for t in analysis.get("times") or []]
    quotes = []
    for q in analysis.get("quotes") or []:
        speaker = q.get("speaker") or {}
        quotes.append({"start": q["start"], "end": q["end"], "text": q.get("text"),
                       "kind": q.get("kind"), "cue": q.get("cue"),
                       "speaker": speaker.get("text"),
                       "speaker_actor": _actor(speaker.get("actor")),
                       "speaker_start": speaker.get("start"),
                       "speaker_end": speaker.get("end")})
    triggers = []
    for e in analysis.get("events") or []:
        t = e.get("trigger") or {}
        if t.get("start") is not None:
            triggers.append({"start": t["start"], "end": t["end"], "text": t.get("text"),
                             "event": e.get("event"), "mode": e.get("mode"),
                             "report_id": e.get("id")})
    return {"mentions": mentions, "actors": actors, "places": places, "times": times,
            "quotes": quotes, "triggers": triggers}


def document_detail(conn: sqlite3.Connection, doc_id: str) -> dict[str, Any] | None:
    """A stored article: its clean text and structure, every span by kind, and the merged
    events it reports (reviewed)."""
    row = conn.execute("SELECT id, source, url, title, published, language, text, analysis, "
                       "ingested_at FROM documents WHERE id = ?", (doc_id,)).fetchone()
    if row is None:
        return None
    analysis = json.loads(row["analysis"])
    events = [json.loads(r["record"]) for r in conn.execute(
        "SELECT DISTINCT e.record, e.date, e.id FROM events e JOIN event_sources s "
        "ON s.event_id = e.id WHERE s.doc_id = ? ORDER BY e.date DESC, e.id", (doc_id,))]
    return article_view(analysis, {k: row[k] for k in (
        "id", "source", "url", "title", "published", "language", "ingested_at")},
        records(conn, events))


def article_view(analysis: dict[str, Any], meta: dict[str, Any],
                 events: list[dict[str, Any]]) -> dict[str, Any]:
    """An analysis as the API's Document (stored or just extracted)."""
    return {**meta, "text": analysis.get("text") or "", "site": analysis.get("site"),
            "author": analysis.get("author"), "lede": analysis.get("lede"),
            "title_span": analysis.get("title_span"), "lede_span": analysis.get("lede_span"),
            "paragraphs": analysis.get("paragraphs") or [],
            "headings": analysis.get("headings") or [],
            "captions": analysis.get("captions") or [],
            "related": analysis.get("related") or [],
            "removed": analysis.get("removed") or [],
            "repairs": analysis.get("repairs") or [],
            "warnings": analysis.get("warnings") or [],
            "spans": spans_of(analysis), "events": events}
