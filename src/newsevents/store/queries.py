"""Questions asked of the store: events by filters, full-text search, one event with its
sources, top actors, timelines. Every value reaches SQL as a parameter."""

from __future__ import annotations

import json
import math
import re
import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ..export import Citation
from ..knowledge.ontology import ontology
from ..knowledge.places import distance_km, resolve_place
from .reviews import as_reviewed


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
    limit: int | None = 100  # None: every event
    offset: int = 0


def _party(column: str, value: str, where: list[str], params: list[Any]) -> None:
    code, _, sector = value.upper().partition(" ")
    where.append(f"{column}_code = ?")
    params.append(code)
    if sector:
        where.append(f"{column}_sector = ?")
        params.append(sector)


def _where(conn: sqlite3.Connection, f: EventFilter) -> tuple[list[str], list[Any]] | None:
    """The WHERE clauses and parameters of ``f``; None when nothing can match (a text with
    no word in it)."""
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
    if f.near:
        near = near_clause(conn, f.near, f.within_km)
        if near is None:
            raise ValueError(f"unknown place: {f.near!r}")
        where.append(near[0])
        params += near[1]
    if f.text is not None:
        match = fts_query(f.text)
        if match is None:
            return None  # no word to look for: nothing matches
        where.append("id IN (SELECT event_id FROM event_sources WHERE doc_id IN "
                     "(SELECT doc_id FROM articles_fts WHERE articles_fts MATCH ?))")
        params.append(match)
    return where, params


def near_clause(conn: sqlite3.Connection, name: str, within_km: float
                ) -> tuple[str, list[Any]] | None:
    """The WHERE clause and parameters of "within ``within_km`` of the place ``name``";
    None when the gazetteer does not know it. The box goes through the (lat, lon) index;
    the true distance is then checked in SQL too, so LIMIT, OFFSET and the count all see
    the same rows."""
    place = resolve_place(name)
    if place is None:
        return None
    dlat = within_km / 111.0
    dlon = within_km / max(111.0 * math.cos(math.radians(place.lat)), 1e-6)
    conn.create_function("distance_km", 4, distance_km, deterministic=True)
    return ("lat BETWEEN ? AND ? AND lon BETWEEN ? AND ? AND distance_km(?, ?, lat, lon) <= ?",
            [place.lat - dlat, place.lat + dlat, place.lon - dlon, place.lon + dlon,
             place.lat, place.lon, within_km])


def find_events(conn: sqlite3.Connection, f: EventFilter) -> list[dict[str, Any]]:
    """The events ``f`` selects, newest first, ``f.limit`` of them (None: all) from
    ``f.offset`` on."""
    clauses = _where(conn, f)
    if clauses is None:
        return []
    where, params = clauses
    sql = "SELECT record FROM events"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY date DESC, id LIMIT ? OFFSET ?"
    params += [-1 if f.limit is None else f.limit, f.offset]
    return as_reviewed(conn, [json.loads(r["record"]) for r in conn.execute(sql, params)])


def count_events(conn: sqlite3.Connection, f: EventFilter) -> int:
    """How many events ``f`` selects, whatever its limit and offset."""
    clauses = _where(conn, f)
    if clauses is None:
        return 0
    where, params = clauses
    sql = "SELECT COUNT(*) FROM events" + (" WHERE " + " AND ".join(where) if where else "")
    return conn.execute(sql, params).fetchone()[0]


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


def search(conn: sqlite3.Connection, query: str, limit: int | None = 20, *, raw: bool = False
           ) -> list[dict[str, Any]]:
    """Full-text search over the stored articles; the words are plain terms (``fts_query``)
    unless ``raw``, when a malformed FTS5 expression raises ``sqlite3.OperationalError``."""
    match = fts_query(query, raw=raw)
    if match is None:
        return []
    rows = conn.execute(
        "SELECT doc_id, title, snippet(articles_fts, 2, '[', ']', ' … ', 16) AS snippet, "
        "bm25(articles_fts) AS score FROM articles_fts WHERE articles_fts MATCH ? "
        "ORDER BY score LIMIT ?", (match, -1 if limit is None else limit)).fetchall()
    return [dict(r) for r in rows]


MIN_PREFIX = 4  # the shortest id prefix a command accepts


def ids_with_prefix(conn: sqlite3.Connection, table: str, prefix: str, limit: int = 10
                    ) -> list[str]:
    """The ids of ``table`` (events or documents) that start with ``prefix``: a range over
    the primary key, at most ``limit``. The full id is its own prefix."""
    if table not in ("events", "documents"):
        raise ValueError(table)
    rows = conn.execute(f"SELECT id FROM {table} WHERE id >= ? AND id < ? ORDER BY id "
                        "LIMIT ?", (prefix, prefix + "\U0010ffff", limit)).fetchall()
    return [r["id"] for r in rows]


def show_event(conn: sqlite3.Connection, event_id: str) -> dict[str, Any] | None:
    """The merged event ``event_id`` and every report of it: the document, its sentence,
    trigger, evidence and the figures it gave."""
    row = conn.execute("SELECT record FROM events WHERE id = ?", (event_id,)).fetchone()
    if row is None:
        return None
    event = as_reviewed(conn, [json.loads(row["record"])])[0]
    sources = conn.execute(
        "SELECT s.*, r.record, d.title, d.url, d.source FROM event_sources s "
        "JOIN reports r ON r.id = s.report_id JOIN documents d ON d.id = s.doc_id "
        "WHERE s.event_id = ? ORDER BY s.published, s.report_id", (event_id,)).fetchall()
    event["reports"] = []
    for s in sources:
        record = json.loads(s["record"])
        event["reports"].append({"doc_id": s["doc_id"], "title": s["title"], "url": s["url"],
                                 "source": s["source"], "published": s["published"],
                                 "sentence": record["sentence"], "trigger": record["trigger"],
                                 "evidence": record["evidence"],
                                 "attribution": record.get("attribution"),
                                 "dead": s["dead"], "injured": s["injured"],
                                 "arrested": s["arrested"]})
    return event


def show_article(conn: sqlite3.Connection, doc_id: str) -> dict[str, Any] | None:
    """A stored document (its clean text and metadata) and the merged events it reports."""
    row = conn.execute("SELECT id, source, url, title, published, language, text, ingested_at "
                       "FROM documents WHERE id = ?", (doc_id,)).fetchone()
    if row is None:
        return None
    article = dict(row)
    events = conn.execute(
        "SELECT DISTINCT e.record, e.date, e.id FROM events e JOIN event_sources s "
        "ON s.event_id = e.id WHERE s.doc_id = ? ORDER BY e.date DESC, e.id", (doc_id,))
    article["events"] = [json.loads(r["record"]) for r in events]
    return article


def failures(conn: sqlite3.Connection, limit: int | None = None) -> list[dict[str, Any]]:
    """The inputs that failed, the latest first."""
    rows = conn.execute("SELECT input, reason, at FROM failures ORDER BY at DESC, id DESC "
                        "LIMIT ?", (-1 if limit is None else limit,))
    return [dict(r) for r in rows]


def top_actors(conn: sqlite3.Connection, limit: int | None = 20) -> list[dict[str, Any]]:
    """The actors (code and sector) of the most events, each with the name it is most often
    given (``named``; the words of the text when no canonical name is known)."""
    rows = [dict(r) for r in conn.execute(
        "SELECT actor_code AS code, actor_sector AS sector, COUNT(*) AS events, "
        "SUM(mentions) AS mentions FROM events WHERE actor_code IS NOT NULL "
        "GROUP BY actor_code, actor_sector ORDER BY events DESC, code, sector LIMIT ?",
        (-1 if limit is None else limit,))]
    for row in rows:
        named = conn.execute(
            "SELECT coalesce(json_extract(record, '$.actor[0].identifier_text'), "
            "json_extract(record, '$.actor[0].entity_text')) AS name, COUNT(*) AS n "
            "FROM events WHERE actor_code = ? AND actor_sector IS ? AND name IS NOT NULL "
            "GROUP BY name ORDER BY n DESC, name LIMIT 1",
            (row["code"], row["sector"])).fetchone()
        row["named"] = named["name"] if named else None
    return rows


# Coarsest last: a date known to a month is not put in a day or a week of it.
GRANULARITIES = ("day", "week", "month", "year")


def period_of(day: str, by: str) -> str:
    """The label of the period of ``by`` that holds the YYYY-MM-DD ``day``: 2003-01-05,
    2003-W01 (ISO week), 2003-01, 2003."""
    d = date.fromisoformat(day)
    if by == "day":
        return d.isoformat()
    if by == "week":
        year, week, _ = d.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{d.year}-{d.month:02d}" if by == "month" else str(d.year)


def period_start(d: date, by: str) -> date:
    """The first day of the day, ISO week, month or year ``d`` falls in."""
    if by == "week":
        return d - timedelta(days=d.weekday())
    if by == "month":
        return d.replace(day=1)
    return d.replace(month=1, day=1) if by == "year" else d


def next_period(d: date, by: str) -> date:
    """The first day of the period after the one starting on ``d``."""
    if by == "day":
        return d + timedelta(days=1)
    if by == "week":
        return d + timedelta(days=7)
    if by == "month":
        return date(d.year + d.month // 12, d.month % 12 + 1, 1)
    return date(d.year + 1, 1, 1)


def timeline(conn: sqlite3.Connection, by: str = "month", type: str | None = None, *,
             include_historical: bool = False, since: str | None = None,
             until: str | None = None) -> list[dict[str, Any]]:
    """Event counts per period and quad class (q1 verbal cooperation ... q4 material
    conflict), every period from the first to the last, empty ones included. An event dated
    more coarsely than ``by`` (to a year, when counting by month) is counted in a row of its
    own (``granularity`` "year", period "2021"), before the periods it spans, never piled
    into their first one. Historical events are left out, as in ``find_events``."""
    if by not in GRANULARITIES:
        raise ValueError(f"by: {by!r}")
    sql = ("SELECT date, coalesce(json_extract(record, '$.granularity'), 'day') AS g, event, "
           "COUNT(*) AS n FROM events WHERE date IS NOT NULL")
    params: list[Any] = []
    for clause, value in (("event = ?", type and type.upper()), ("date >= ?", since),
                          ("date <= ?", until)):
        if value:
            sql += f" AND {clause}"
            params.append(value)
    if not include_historical:
        sql += " AND historical = 0"
    quad = ontology().quad
    rank = GRANULARITIES.index(by)
    table: dict[tuple[str, str], dict[str, Any]] = {}
    for r in conn.execute(sql + " GROUP BY date, g, event", params):
        g = r["g"] if r["g"] in GRANULARITIES else "day"
        g = g if GRANULARITIES.index(g) > rank else by
        start = period_start(date.fromisoformat(r["date"]), g)
        key = (start.isoformat(), g)
        row = table.setdefault(key, {"period": period_of(r["date"], g), "granularity": g,
                                     "start": start.isoformat(), "q1": 0, "q2": 0, "q3": 0,
                                     "q4": 0, "events": 0})
        row[f"q{quad[r['event']]}"] += r["n"]
        row["events"] += r["n"]
    fine = sorted(k[0] for k in table if k[1] == by)
    if fine:  # the empty periods between the first and the last
        d, last = date.fromisoformat(fine[0]), date.fromisoformat(fine[-1])
        while d <= last:
            table.setdefault((d.isoformat(), by), {
                "period": period_of(d.isoformat(), by), "granularity": by,
                "start": d.isoformat(), "q1": 0, "q2": 0, "q3": 0, "q4": 0, "events": 0})
            d = next_period(d, by)
    # A coarse row comes before the fine periods it spans (its start, then coarsest first).
    return [table[k] for k in sorted(table, key=lambda k: (k[0], -GRANULARITIES.index(k[1])))]
