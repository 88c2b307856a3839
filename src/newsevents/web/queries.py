"""The web's questions to the store: filtered, sorted, cursor-paged events with a total; a
timeline and dyads under the same filters. The filters are ``newsevents events``'s; this
module keeps its own SQL (keyset pages, sorts) next to ``store.queries``. Every value reaches
SQL as a parameter; column names come only from the fixed tables below."""

from __future__ import annotations

import base64
import binascii
import json
import sqlite3
from collections import Counter
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from ..knowledge.ontology import ontology
from ..store.queries import fts_query, near_clause, next_period, period_start


class BadQuery(ValueError):
    """A filter or cursor that cannot be read (the API answers 400 / 422)."""


@dataclass(slots=True)
class Filters:
    actor: str | None = None  # code, or code and sector: "USA" / "USA MIL"
    recipient: str | None = None
    type: str | None = None
    mode: str | None = None
    context: str | None = None
    since: str | None = None
    until: str | None = None
    country: str | None = None
    near: str | None = None
    within_km: float = 100.0
    text: str | None = None
    min_confidence: float = 0.0
    include_historical: bool = False
    review: str | None = None  # confirm | reject | correct | none

    def query_items(self) -> list[tuple[str, str]]:
        """The filters set, as URL query items (the pages' links keep them)."""
        out = []
        for f in fields(self):
            value = getattr(self, f.name)
            if value in (None, "", False) or (f.name == "within_km" and value == 100.0) \
                    or (f.name == "min_confidence" and not value):
                continue
            name = f.name.replace("_", "-")
            out.append((name, "true" if value is True else str(value).rstrip("\uffff")))
        return out


# sort name -> column. SQLite sorts NULL lowest: last when descending, first when ascending.
SORTS: dict[str, str] = {
    "date": "date", "confidence": "confidence", "sources": "sources",
    "mentions": "mentions", "event": "event", "actor": "actor_code",
    "recipient": "recipient_code", "country": "country", "dead": "dead",
}


def _party(column: str, value: str, where: list[str], params: list[Any]) -> None:
    code, _, sector = value.strip().upper().partition(" ")
    where.append(f"{column}_code = ?")
    params.append(code)
    if sector.strip():
        where.append(f"{column}_sector = ?")
        params.append(sector.strip())


def where_clause(conn: sqlite3.Connection, f: Filters) -> tuple[str, list[Any]] | None:
    """`` WHERE ...`` (or "") and its parameters; None when nothing can match."""
    where: list[str] = []
    params: list[Any] = []
    if f.actor:
        _party("actor", f.actor, where, params)
    if f.recipient:
        _party("recipient", f.recipient, where, params)
    for clause, value in (("event = ?", f.type and f.type.upper()),
                          ("mode = ?", f.mode and f.mode.lower()),
                          ("date >= ?", f.since), ("date <= ?", f.until),
                          ("country = ?", f.country and f.country.upper())):
        if value:
            where.append(clause)
            params.append(value)
    if f.context:
        where.append("EXISTS (SELECT 1 FROM json_each(events.context) WHERE value = ?)")
        params.append(f.context.lower())
    if not f.include_historical:
        where.append("historical = 0")
    if f.min_confidence:
        where.append("confidence >= ?")
        params.append(f.min_confidence)
    if f.near:
        near = near_clause(conn, f.near, f.within_km)
        if near is None:
            raise BadQuery(f"unknown place: {f.near!r}")
        where.append(near[0])
        params += near[1]
    if f.text is not None and f.text.strip():
        match = fts_query(f.text)
        if match is None:
            return None
        where.append("id IN (SELECT event_id FROM event_sources WHERE doc_id IN "
                     "(SELECT doc_id FROM articles_fts WHERE articles_fts MATCH ?))")
        params.append(match)
    if f.review:
        latest = ("SELECT r.event_id, r.action FROM reviews r WHERE r.id = "
                  "(SELECT max(id) FROM reviews WHERE event_id = r.event_id)")
        if f.review == "none":
            where.append("id NOT IN (SELECT event_id FROM reviews)")
        else:
            where.append(f"id IN (SELECT event_id FROM ({latest}) WHERE action = ?)")
            params.append(f.review)
    return (" WHERE " + " AND ".join(where) if where else ""), params


def encode_cursor(value: Any, event_id: str) -> str:
    raw = json.dumps([value, event_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[Any, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value, event_id = json.loads(raw)
    except (ValueError, binascii.Error, TypeError) as exc:
        raise BadQuery("cursor: not a cursor this server gave") from exc
    if not isinstance(event_id, str) or not isinstance(value, str | int | float | None):
        raise BadQuery("cursor: not a cursor this server gave")
    return value, event_id


@dataclass(slots=True)
class Page:
    records: list[dict[str, Any]]
    total: int
    next_cursor: str | None


def page_events(conn: sqlite3.Connection, f: Filters, *, sort: str = "date",
                order: str = "desc", limit: int = 50, cursor: str | None = None) -> Page:
    """One page of the events ``f`` selects, sorted by ``sort`` then id; the cursor names
    the last row of the previous page (keyset paging: a deep page costs what the first
    does, and rows added meanwhile do not shift it)."""
    if sort not in SORTS:
        raise BadQuery(f"sort: one of {', '.join(SORTS)}")
    if order not in ("asc", "desc"):
        raise BadQuery("order: asc or desc")
    clause = where_clause(conn, f)
    if clause is None:
        return Page([], 0, None)
    sql_where, params = clause
    total = count(conn, sql_where, params)
    key = SORTS[sort]
    # Two runs in sort order, the non-NULL values and the NULLs, each a range over the
    # column's index (an OR across them would scan): a deep page costs what the first does.
    runs = ["value", "null"] if order == "desc" else ["null", "value"]
    after: tuple[Any, str] | None = decode_cursor(cursor) if cursor else None
    if after is not None:
        runs = runs[runs.index("null" if after[0] is None else "value"):]
    rows: list[sqlite3.Row] = []
    for run in runs:
        clauses, run_params = [f"{key} IS NULL" if run == "null" else f"{key} IS NOT NULL"], []
        if after is not None and (after[0] is None) == (run == "null"):
            value, last_id = after
            if run == "null":
                clauses.append("id > ?")
                run_params.append(last_id)
            else:
                op = "<" if order == "desc" else ">"
                clauses.append(f"{key} {op}= ? AND ({key} {op} ? OR id > ?)")
                run_params += [value, value, last_id]
        extra = " AND ".join(clauses)
        where = f"{sql_where} AND {extra}" if sql_where else f" WHERE {extra}"
        rows += conn.execute(
            f"SELECT {key} AS k, id, record FROM events{where} "
            f"ORDER BY {key} {order.upper()}, id LIMIT ?",
            [*params, *run_params, limit + 1 - len(rows)]).fetchall()
        if len(rows) > limit:
            break
    more = len(rows) > limit
    rows = rows[:limit]
    records = [json.loads(r["record"]) for r in rows]
    nxt = encode_cursor(rows[-1]["k"], rows[-1]["id"]) if more and rows else None
    return Page(records, total, nxt)


# Totals by (filter SQL, parameters, the store file's state): counting a filter the indexes
# do not cover reads every row, so a total is counted once per state of the store.
_COUNTS: dict[tuple[Any, ...], int] = {}
_COUNTS_MAX = 512


def _state(conn: sqlite3.Connection) -> tuple[Any, ...]:
    """What changes when anything is written to the store: the file's size and
    modification time (a checkpoint writes it), the WAL's size, the last event and review."""
    import os

    path = conn.execute("PRAGMA database_list").fetchone()[2]
    # The last rows written (cheap: the rowid's b-tree ends) besides the files: a write that
    # leaves a reused WAL's size alike within one clock tick still changes these.
    out: list[Any] = [path, *conn.execute(
        "SELECT (SELECT max(rowid) FROM events), "
        "(SELECT max(id) FROM reviews)").fetchone()]
    try:
        st = os.stat(path)
        out += [st.st_size, st.st_mtime_ns]
    except OSError:
        out += [None, None]
    try:  # its size only: every connection's open and close touches it, a write grows it
        out.append(os.stat(path + "-wal").st_size)
    except OSError:
        out.append(0)
    return tuple(out)


def count(conn: sqlite3.Connection, sql_where: str, params: list[Any]) -> int:
    key = (_state(conn), sql_where, tuple(params))
    if key not in _COUNTS:
        if len(_COUNTS) >= _COUNTS_MAX:
            _COUNTS.clear()
        _COUNTS[key] = conn.execute(f"SELECT COUNT(*) FROM events{sql_where}",
                                    params).fetchone()[0]
    return _COUNTS[key]


def iter_events(conn: sqlite3.Connection, f: Filters, batch: int = 500):
    """Every event ``f`` selects, newest first, in batches (for streamed exports)."""
    cursor = None
    while True:
        page = page_events(conn, f, limit=batch, cursor=cursor)
        yield page.records
        if page.next_cursor is None:
            return
        cursor = page.next_cursor


def points(conn: sqlite3.Connection, f: Filters, limit: int = 20000) -> list[dict[str, Any]]:
    """Located events for the map: id, lat, lon, category, date, place."""
    clause = where_clause(conn, f)
    if clause is None:
        return []
    sql_where, params = clause
    extra = "lat IS NOT NULL AND lon IS NOT NULL"
    sql_where = f"{sql_where} AND {extra}" if sql_where else f" WHERE {extra}"
    rows = conn.execute(f"SELECT id, lat, lon, event, date, place FROM events{sql_where} "
                        "ORDER BY date DESC, id LIMIT ?", [*params, limit])
    return [dict(r) for r in rows]


def dyads(conn: sqlite3.Connection, f: Filters, limit: int = 30) -> list[dict[str, Any]]:
    """Who acts on whom: (actor code and sector, recipient code and sector) by events."""
    clause = where_clause(conn, f)
    if clause is None:
        return []
    sql_where, params = clause
    extra = "actor_code IS NOT NULL AND recipient_code IS NOT NULL"
    sql_where = f"{sql_where} AND {extra}" if sql_where else f" WHERE {extra}"
    rows = conn.execute(
        "SELECT actor_code, actor_sector, recipient_code, recipient_sector, COUNT(*) AS events "
        f"FROM events{sql_where} GROUP BY 1, 2, 3, 4 ORDER BY events DESC, 1, 2, 3, 4 LIMIT ?",
        [*params, limit])
    return [dict(r) for r in rows]


def actors(conn: sqlite3.Connection, f: Filters, limit: int = 20) -> list[dict[str, Any]]:
    """The actors (first actor's code and sector) of the most events, with the name they are
    most often given."""
    clause = where_clause(conn, f)
    if clause is None:
        return []
    sql_where, params = clause
    extra = "actor_code IS NOT NULL"
    sql_where = f"{sql_where} AND {extra}" if sql_where else f" WHERE {extra}"
    rows = [dict(r) for r in conn.execute(
        "SELECT actor_code AS code, actor_sector AS sector, COUNT(*) AS events, "
        f"SUM(mentions) AS mentions FROM events{sql_where} GROUP BY 1, 2 "
        "ORDER BY events DESC, code, sector LIMIT ?", [*params, limit])]
    for row in rows:
        row["name"] = party_name(conn, row["code"], row["sector"])
    return rows


def party_name(conn: sqlite3.Connection, code: str | None, sector: str | None) -> str | None:
    """The name a code and sector is most often given, as first actor or first recipient."""
    names: Counter[str] = Counter()
    for side in ("actor", "recipient"):
        for r in conn.execute(
                f"SELECT coalesce(json_extract(record, '$.{side}[0].identifier_text'), "
                f"json_extract(record, '$.{side}[0].entity_text')) AS name, COUNT(*) AS n "
                f"FROM events WHERE {side}_code = ? AND {side}_sector IS ? "
                "GROUP BY name", (code, sector)):
            if r["name"]:
                names[r["name"]] += r["n"]
    if not names:
        return None
    return min(names, key=lambda n: (-names[n], n))


# -- timeline ---------------------------------------------------------------------------------

PERIODS = ("day", "week", "month", "year")


def _label(d: date, by: str) -> str:
    if by == "day":
        return d.isoformat()
    if by == "week":
        year, week, _ = d.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{d.year}-{d.month:02d}" if by == "month" else str(d.year)


MAX_PERIODS = 5000  # a timeline longer than this is refused (ask for a coarser one)


def timeline(conn: sqlite3.Connection, f: Filters, by: str = "month") -> list[dict[str, Any]]:
    """Events per period and quad class (q1 verbal cooperation ... q4 material conflict),
    every period from the first to the last, empty ones included. An event dated more
    coarsely than ``by`` (a month, counting by day) goes in a row of its own granularity."""
    if by not in PERIODS:
        raise BadQuery(f"by: one of {', '.join(PERIODS)}")
    clause = where_clause(conn, f)
    if clause is None:
        return []
    sql_where, params = clause
    extra = "date IS NOT NULL"
    sql_where = f"{sql_where} AND {extra}" if sql_where else f" WHERE {extra}"
    quad = ontology().quad
    rank = PERIODS.index(by)
    table: dict[tuple[str, str], dict[str, Any]] = {}

    def row(start: date, g: str) -> dict[str, Any]:
        return table.setdefault((start.isoformat(), g), {
            "period": _label(start, g), "granularity": g, "start": start.isoformat(),
            "q1": 0, "q2": 0, "q3": 0, "q4": 0, "events": 0})

    for r in conn.execute(
            "SELECT date, coalesce(json_extract(record, '$.granularity'), 'day') AS g, event, "
            f"COUNT(*) AS n FROM events{sql_where} GROUP BY 1, 2, 3", params):
        try:
            d = date.fromisoformat(r["date"][:10])
        except ValueError:
            continue  # a date the store could not read is left out of the counts
        g = r["g"] if r["g"] in PERIODS and PERIODS.index(r["g"]) > rank else by
        item = row(period_start(d, g), g)
        item[f"q{quad.get(r['event'], 4)}"] += r["n"]
        item["events"] += r["n"]
    fine = sorted(k[0] for k in table if k[1] == by)
    if fine:
        d, last = date.fromisoformat(fine[0]), date.fromisoformat(fine[-1])
        for _ in range(MAX_PERIODS):
            if d > last:
                break
            row(d, by)
            d = next_period(d, by)
        else:
            raise BadQuery(f"more than {MAX_PERIODS} periods: ask for a coarser one")
    return [table[k] for k in sorted(table, key=lambda k: (k[0], -PERIODS.index(k[1])))]
