"""Questions asked of the store: events by filters, full-text search, one event with its
sources, top actors, timelines. Every value reaches SQL as a parameter."""

from __future__ import annotations

import json
import math
import re
import sqlite3
from dataclasses import dataclass
from typing import Any

from ..export import Citation
from ..knowledge.ontology import ontology
from ..knowledge.places import distance_km, resolve_place


@dataclass(slots=True)
class EventFilter:
    actor: str | None = None  # code, or code and sector: "USA" / "USA MIL"
    recipient: str | None = None
    type: str | None = None
    mode: str | None = None
    context: str | None = None
    since: str | None = None
    until: str | None = None
    country: str | None = None
    near: str | None = None  # a place name
    within_km: float = 100.0
    text: str | None = None  # full-text over the articles the event comes from
    include_historical: bool = False
    min_confidence: float = 0.0
    limit: int = 100


def _party(column: str, value: str, where: list[str], params: list[Any]) -> None:
    code, _, sector = value.upper().partition(" ")
    where.append(f"{column}_code = ?")
    params.append(code)
    if sector:
        where.append(f"{column}_sector = ?")
        params.append(sector)


def find_events(conn: sqlite3.Connection, f: EventFilter) -> list[dict[str, Any]]:
    where: list[str] = []
    params: list[Any] = []
    if f.actor:
        _party("actor", f.actor, where, params)
    if f.recipient:
        _party("recipient", f.recipient, where, params)
    if f.type:
        where.append("event = ?")
        params.append(f.type.upper())
    if f.mode:
        where.append("mode = ?")
        params.append(f.mode.lower())
    if f.context:
        where.append("EXISTS (SELECT 1 FROM json_each(events.context) WHERE value = ?)")
        params.append(f.context.lower())
    if f.since:
        where.append("date >= ?")
        params.append(f.since)
    if f.until:
        where.append("date <= ?")
        params.append(f.until)
    if f.country:
        where.append("country = ?")
        params.append(f.country.upper())
    if not f.include_historical:
        where.append("historical = 0")
    if f.min_confidence:
        where.append("confidence >= ?")
        params.append(f.min_confidence)
    centre = None
    if f.near:
        place = resolve_place(f.near)
        if place is None:
            raise ValueError(f"unknown place: {f.near!r}")
        centre = (place.lat, place.lon)
        dlat = f.within_km / 111.0
        dlon = f.within_km / max(111.0 * math.cos(math.radians(place.lat)), 1e-6)
        where.append("lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?")
        params += [place.lat - dlat, place.lat + dlat, place.lon - dlon, place.lon + dlon]
    if f.text is not None:
        match = fts_query(f.text)
        if match is None:
            return []  # no word to look for: nothing matches
        where.append("id IN (SELECT event_id FROM event_sources WHERE doc_id IN "
                     "(SELECT doc_id FROM articles_fts WHERE articles_fts MATCH ?))")
        params.append(match)
    sql = "SELECT record, lat, lon FROM events"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY date DESC, id LIMIT ?"
    params.append(f.limit)
    rows = conn.execute(sql, params).fetchall()
    if centre is not None:
        rows = [r for r in rows
                if distance_km(centre[0], centre[1], r["lat"], r["lon"]) <= f.within_km]
    return [json.loads(r["record"]) for r in rows]


def documents_cited(conn: sqlite3.Connection, doc_ids: list[str]) -> dict[str, dict[str, Any]]:
    """What an export says of each document: url, title, language, site, ingested_at."""
    found: dict[str, dict[str, Any]] = {}
    unique = sorted(set(doc_ids))
    for i in range(0, len(unique), 500):  # under SQLite's limit on parameters
        chunk = unique[i:i + 500]
        rows = conn.execute(
            "SELECT id, url, title, language, json_extract(analysis, '$.site') AS site, "
            f"ingested_at FROM documents WHERE id IN ({', '.join('?' * len(chunk))})", chunk)
        found.update((r["id"], dict(r)) for r in rows)
    return found


def with_citations(conn: sqlite3.Connection, events: list[dict[str, Any]]
                   ) -> list[tuple[dict[str, Any], Citation]]:
    """Each merged event with the citation of the document its sentence comes from (its
    ``doc_id``; the first of ``doc_ids`` when it has none)."""
    def source(e: dict[str, Any]) -> str | None:
        return e.get("doc_id") or next(iter(e.get("doc_ids") or []), None)

    docs = documents_cited(conn, [d for e in events if (d := source(e))])
    return [(e, Citation.from_row(docs.get(source(e) or ""))) for e in events]


_WORD = re.compile(r"\w", re.UNICODE)


def fts_query(text: str, *, raw: bool = False) -> str | None:
    """The FTS5 MATCH expression for what a user typed: each whitespace-separated token is one
    plain term, quoted for FTS5, so operators, quotes, brackets and ``*`` are just words; a
    hyphenated name (``al-Kazemi``) is a phrase; a trailing ``*`` on a word asks for a
    prefix. None when no token holds a word (nothing can match). ``raw``: the text is FTS5
    syntax already and passes as it is."""
    if raw:
        return text if text.strip() else None
    terms = []
    for token in text.split():
        prefix = token.endswith("*")
        word = token.rstrip("*")
        if not _WORD.search(word):
            continue
        terms.append('"' + word.replace('"', '""') + '"' + ("*" if prefix else ""))
    return " ".join(terms) or None


def search(conn: sqlite3.Connection, query: str, limit: int = 20, *, raw: bool = False
           ) -> list[dict[str, Any]]:
    """Full-text search over the stored articles; the words are plain terms (``fts_query``)
    unless ``raw``, when a malformed FTS5 expression raises ``sqlite3.OperationalError``."""
    match = fts_query(query, raw=raw)
    if match is None:
        return []
    rows = conn.execute(
        "SELECT doc_id, title, snippet(articles_fts, 2, '[', ']', ' … ', 16) AS snippet, "
        "bm25(articles_fts) AS score FROM articles_fts WHERE articles_fts MATCH ? "
        "ORDER BY score LIMIT ?", (match, limit)).fetchall()
    return [dict(r) for r in rows]


def show_event(conn: sqlite3.Connection, event_id: str) -> dict[str, Any] | None:
    row = conn.execute("SELECT record FROM events WHERE id = ?", (event_id,)).fetchone()
    if row is None:
        return None
    event = json.loads(row["record"])
    sources = conn.execute(
        "SELECT s.*, r.record, d.title, d.url, d.text FROM event_sources s "
        "JOIN reports r ON r.id = s.report_id JOIN documents d ON d.id = s.doc_id "
        "WHERE s.event_id = ? ORDER BY s.published, s.report_id", (event_id,)).fetchall()
    event["reports"] = []
    for s in sources:
        record = json.loads(s["record"])
        event["reports"].append({"doc_id": s["doc_id"], "title": s["title"], "url": s["url"],
                                 "published": s["published"], "sentence": record["sentence"],
                                 "trigger": record["trigger"], "evidence": record["evidence"],
                                 "dead": s["dead"], "injured": s["injured"],
                                 "arrested": s["arrested"]})
    return event


def top_actors(conn: sqlite3.Connection, limit: int = 20) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT actor_code AS code, actor_sector AS sector, COUNT(*) AS events, "
        "SUM(mentions) AS mentions FROM events WHERE actor_code IS NOT NULL "
        "GROUP BY actor_code, actor_sector ORDER BY events DESC, code LIMIT ?",
        (limit,)).fetchall()
    return [dict(r) for r in rows]


_PERIODS = {"day": "%Y-%m-%d", "week": "%Y-W%W", "month": "%Y-%m"}


def timeline(conn: sqlite3.Connection, by: str = "month",
             type: str | None = None) -> list[dict[str, Any]]:
    """Event counts per period and quad class (1 verbal coop ... 4 material conflict)."""
    fmt = _PERIODS[by]
    sql = "SELECT strftime(?, date) AS period, event, COUNT(*) AS n FROM events " \
          "WHERE date IS NOT NULL"
    params: list[Any] = [fmt]
    if type:
        sql += " AND event = ?"
        params.append(type.upper())
    sql += " GROUP BY period, event ORDER BY period"
    quad = ontology().quad
    table: dict[str, dict[str, Any]] = {}
    for r in conn.execute(sql, params):
        row = table.setdefault(r["period"], {"period": r["period"], "q1": 0, "q2": 0, "q3": 0,
                                             "q4": 0})
        row[f"q{quad[r['event']]}"] += r["n"]
    return list(table.values())
