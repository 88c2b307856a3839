"""Write one document's analysis in one transaction: all of it or nothing."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from typing import Any

from . import sources
from .db import rollback


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def known_hash(conn: sqlite3.Connection, doc_id: str) -> str | None:
    row = conn.execute("SELECT content_hash FROM documents WHERE id = ?", (doc_id,)).fetchone()
    return row[0] if row else None


def _codes(entities: list[dict]) -> str:
    return " ".join(sorted({e.get("code") or "" for e in entities} - {""}))


def write_analysis(conn: sqlite3.Connection, analysis: dict[str, Any], content_hash: str) -> str:
    """Store one analysis (a dict from ``Analysis.to_dict``). A new version of a known URL
    replaces the old document, whose analysis is kept in ``document_history``. A text that
    is a near-duplicate of a stored document is linked to it as one more source, not stored
    again (sources.py). Its ``candidates`` (records short of an event) are not stored: the
    store holds events only. Returns "added", "replaced", "linked" or "unchanged"."""
    analysis = {k: v for k, v in analysis.items() if k != "candidates"}
    doc_id, source, url = analysis["id"], analysis["source"], analysis.get("url")
    conn.execute("BEGIN IMMEDIATE")
    try:
        same = doc_id if known_hash(conn, doc_id) == content_hash else None  # the same bytes
        olds, signature = [], None
        if same is None:
            if url:
                olds = conn.execute("SELECT id, content_hash, analysis FROM documents "
                                    "WHERE url = ? AND id != ?", (url, doc_id)).fetchall()
            olds += conn.execute("SELECT id, content_hash, analysis FROM documents "
                                 "WHERE id = ?", (doc_id,)).fetchall()
            signature = sources.minhash(analysis["text"])
            if not olds:
                same = sources.near_duplicate(conn, signature)
        if same is not None:  # this input or another had these bytes, or a near-copy of them
            added = sources.link(conn, same, source, url, sources.relation(conn, same, url),
                                 content_hash, now())
            clear_failures(conn, source)
            conn.execute("COMMIT")
            return "linked" if added else "unchanged"
        status = "added"
        for old in olds:
            conn.execute("INSERT INTO document_history VALUES (?, ?, ?, ?)",
                         (old["id"], old["content_hash"], old["analysis"], now()))
            _delete(conn, old["id"])
            sources.forget(conn, old["id"])
            status = "replaced"
        _insert(conn, analysis, content_hash)
        sources.index(conn, doc_id, signature)
        sources.link(conn, doc_id, source, url, "first", content_hash, now())
        clear_failures(conn, source)
        conn.execute("COMMIT")
        return status
    except BaseException:
        rollback(conn)
        raise


def link_source(conn: sqlite3.Connection, doc_id: str, source: str, url: str | None,
                content_hash: str) -> bool:
    """One more input with the bytes of a stored document (a WARC record of a saved page,
    stdin): recorded as its source, in its own transaction. False when already known."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        added = sources.link(conn, doc_id, source, url, sources.relation(conn, doc_id, url),
                             content_hash, now())
        conn.execute("COMMIT")
        return added
    except BaseException:
        rollback(conn)
        raise


def _delete(conn: sqlite3.Connection, doc_id: str) -> None:
    for table in ("mentions", "quotes", "reports"):
        conn.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))  # noqa: S608
    conn.execute("DELETE FROM articles_fts WHERE doc_id = ?", (doc_id,))
    conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))


def _insert(conn: sqlite3.Connection, a: dict[str, Any], content_hash: str) -> None:
    doc_id = a["id"]
    published = (a.get("published") or {}).get("date")
    conn.execute(
        "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (doc_id, a["source"], a.get("url"), content_hash, a.get("title"), published,
         a.get("language"), a["text"], json.dumps(a, ensure_ascii=False), now()))
    conn.execute("INSERT INTO articles_fts VALUES (?, ?, ?)", (doc_id, a.get("title") or "",
                                                               a["text"]))
    conn.executemany(
        "INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(doc_id, m["start"], m["end"], m["text"], m["label"],
          (m.get("actor") or {}).get("code"), (m.get("actor") or {}).get("sector"),
          (m.get("actor") or {}).get("name"), (m.get("place") or {}).get("resolved_place"),
          (m.get("place") or {}).get("country_code"), (m.get("place") or {}).get("lat"),
          (m.get("place") or {}).get("lon")) for m in a.get("entities", [])])
    conn.executemany(
        "INSERT INTO quotes VALUES (?, ?, ?, ?, ?, ?)",
        [(doc_id, q["start"], q["end"], q["text"], (q.get("speaker") or {}).get("text"),
          ((q.get("speaker") or {}).get("actor") or {}).get("code"))
         for q in a.get("quotes", [])])
    conn.executemany(
        "INSERT INTO reports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(e["id"], doc_id, e["event"], e["mode"], e.get("date"), published,
          (e.get("event_loc") or {}).get("lat"), (e.get("event_loc") or {}).get("lon"),
          (e.get("event_loc") or {}).get("country_code"), _codes(e["actor"]),
          _codes(e["recipient"]), e.get("dead"), e.get("injured"), e.get("arrested"),
          json.dumps(e, ensure_ascii=False)) for e in a.get("events", [])])


def record_failure(conn: sqlite3.Connection, source: str, reason: str) -> None:
    """Record that ``source`` failed for ``reason``: once per (input, reason), however often
    the same corpus is ingested (a rerun only moves ``at`` to the time it was last seen)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        rows = conn.execute("SELECT id FROM failures WHERE input = ? AND reason = ? ORDER BY id",
                            (source, reason)).fetchall()
        if rows:
            conn.execute("UPDATE failures SET at = ? WHERE id = ?", (now(), rows[0][0]))
            # Rows a release before this one added on each rerun: keep the first.
            conn.executemany("DELETE FROM failures WHERE id = ?", [(r[0],) for r in rows[1:]])
        else:
            conn.execute("INSERT INTO failures (input, reason, at) VALUES (?, ?, ?)",
                         (source, reason, now()))
        conn.execute("COMMIT")
    except BaseException:
        rollback(conn)
        raise


def clear_failures(conn: sqlite3.Connection, source: str) -> None:
    """An input stored at last is no longer a failure (inside the caller's transaction)."""
    conn.execute("DELETE FROM failures WHERE input = ?", (source,))
