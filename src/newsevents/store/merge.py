"""One event, many reports: merge the reports of the same real event across documents.

Rebuilt from all reports after each ingest, in one transaction. The reports are visited in a
fixed order (category, date, report id), so the same corpus, ingested in any order, gives the
same events with the same ids. Two reports are one event when their category matches, they share an
actor or recipient and none of their parties clash, they have a date or a place to compare,
their places lie within ``merge_km`` and their dates within ``merge_days``.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass, field
from datetime import date as Date

from ..knowledge.places import distance_km
from .db import rollback

MERGE_KM = 50.0
MERGE_DAYS = 2


@dataclass(slots=True)
class _Cluster:
    order: int = 0  # creation order: the first fitting cluster wins, deterministically
    reports: list[sqlite3.Row] = field(default_factory=list)

    @property
    def first(self) -> sqlite3.Row:
        return self.reports[0]


def _set(codes: str | None) -> set[str]:
    return set((codes or "").split())


def _compatible(a: str | None, b: str | None) -> bool:
    left, right = _set(a), _set(b)
    return not left or not right or bool(left & right)


def _bucket(day: str | None, width: int) -> int | None:
    return Date.fromisoformat(day[:10]).toordinal() // width if day else None


def _days(a: str | None, b: str | None) -> int | None:
    if not a or not b:
        return None
    return abs((Date.fromisoformat(a[:10]) - Date.fromisoformat(b[:10])).days)


def _fits(cluster: _Cluster, report: sqlite3.Row, km: float, days: int) -> bool:
    for other in cluster.reports:
        if other["doc_id"] == report["doc_id"]:
            return False  # within a document, the coder already merged what it could
        if not (_compatible(other["actor_codes"], report["actor_codes"])
                and _compatible(other["recipient_codes"], report["recipient_codes"])):
            return False
        # Some positive evidence too: a shared party, and a date or a place to agree on.
        if not (_set(other["actor_codes"]) & _set(report["actor_codes"])
                or _set(other["recipient_codes"]) & _set(report["recipient_codes"])):
            return False
        if not (other["date"] and report["date"]) and None in (other["lat"], report["lat"]):
            return False
        if other["mode"] and report["mode"] and other["mode"] != report["mode"]:
            return False
        gap = _days(other["date"], report["date"])
        if gap is not None and gap > days:
            return False
        if None not in (other["lat"], report["lat"]) and distance_km(
            other["lat"], other["lon"], report["lat"], report["lon"]
        ) > km:
            return False
    return True


def rebuild_events(conn: sqlite3.Connection, km: float = MERGE_KM, days: int = MERGE_DAYS) -> int:
    """Recompute the merged events from all reports; return how many there are."""
    rows = conn.execute("SELECT * FROM reports ORDER BY event, date, id").fetchall()
    # Blocking: a report is only compared with clusters of its category whose first report
    # is dated within a few buckets of it (or, undated, with undated ones).
    clusters: list[_Cluster] = []
    blocks: dict[tuple[str, int | None], list[_Cluster]] = {}
    width = max(days, 1)
    for row in rows:
        bucket = _bucket(row["date"], width)
        near = [bucket] if bucket is None else [bucket - 1, bucket, bucket + 1]
        candidates = sorted((c for b in near for c in blocks.get((row["event"], b), [])),
                            key=lambda c: c.order)
        home = next((c for c in candidates if _fits(c, row, km, days)), None)
        if home is None:
            home = _Cluster(order=len(clusters))
            clusters.append(home)
            blocks.setdefault((row["event"], bucket), []).append(home)
        home.reports.append(row)
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("DELETE FROM events")
        conn.execute("DELETE FROM event_sources")
        for cluster in clusters:
            _write(conn, cluster)
        conn.execute("COMMIT")
        return len(clusters)
    except BaseException:
        rollback(conn)
        raise


def _write(conn: sqlite3.Connection, cluster: _Cluster) -> None:
    reports = cluster.reports
    records = [json.loads(r["record"]) for r in reports]
    ids = sorted(r["id"] for r in reports)
    event_id = hashlib.sha256("|".join(ids).encode()).hexdigest()[:16]
    # The latest report's figures stand ("3 killed", later "5 killed": 5); all are kept.
    by_time = sorted(zip(reports, records, strict=True),
                     key=lambda rr: (rr[0]["published"] or "", rr[0]["id"]))
    best = max(records, key=lambda r: (r["confidence"], r["id"]))
    merged = dict(best)
    for kind in ("dead", "injured", "arrested"):
        merged[kind] = next((r[kind] for _, r in reversed(by_time) if r.get(kind) is not None),
                            None)
    merged["id"] = event_id
    merged["mentions"] = sum(r.get("mentions", 1) for r in records)
    merged["sources"] = len({r["doc_id"] for r in reports})
    merged["doc_ids"] = sorted({r["doc_id"] for r in reports})
    published = sorted(r["published"] for r in reports if r["published"])
    actor = (merged.get("actor") or [{}])[0]
    recipient = (merged.get("recipient") or [{}])[0]
    loc = merged.get("event_loc") or {}
    conn.execute(
        "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?, ?, ?)",
        (event_id, merged["event"], merged["mode"], json.dumps(merged.get("context", [])),
         json.dumps(merged.get("aux", [])), int("historical" in merged.get("aux", [])),
         actor.get("code"), actor.get("sector"), recipient.get("code"), recipient.get("sector"),
         loc.get("country_code"), loc.get("resolved_place"), loc.get("lat"), loc.get("lon"),
         merged.get("date"), merged.get("enddate"), merged["dead"], merged["injured"],
         merged["arrested"], merged.get("confidence"), merged["mentions"], merged["sources"],
         published[0] if published else None, published[-1] if published else None,
         json.dumps(merged, ensure_ascii=False)))
    conn.executemany(
        "INSERT INTO event_sources VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(event_id, row["id"], row["doc_id"], row["published"], rec["sentence"]["text"],
          rec.get("dead"), rec.get("injured"), rec.get("arrested"))
         for row, rec in by_time])
