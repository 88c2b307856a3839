"""One article, one document: the places a document came from, and near-duplicate texts.

A document is stored once, whatever number of inputs carry it: the same bytes read from a path,
from stdin and from a WARC record have one id (clean/article.py, ``document_id``), and a text
that is a near-duplicate of a stored one (the same article with another byline, a shorter
footer, a re-encoded page) is linked to it instead of being stored again. Each input is a row
of ``document_sources``: ``first`` (the one stored), ``copy`` (same outlet, or no URL to
tell) or ``syndicated`` (another outlet's host). A linked copy's event reports are not stored,
so they are never counted as independent sources of an event.

Near-duplicates by MinHash (Broder 1997) over the 4-word shingles of the clean text: 64
hash functions give a signature whose share of equal values estimates the Jaccard similarity
of two shingle sets; a text is a near-duplicate at an estimate of ``NEAR`` or more. Candidates
come from locality-sensitive hashing: 32 bands of 2 values each, a candidate when one band
is equal (found with probability 1 - (1 - J^2)^32: 0.9999 at J = 0.5, 0.01 at J = 0.02). The
threshold is measured in docs/STORE.md ("Duplicates").
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from functools import cache
from urllib.parse import urlsplit

PERMUTATIONS = 64
BANDS = 32
ROWS = PERMUTATIONS // BANDS
NEAR = 0.5  # measured: docs/STORE.md
SHINGLE = 4
MIN_SHINGLES = 20  # a text shorter than this is too short to call a near-duplicate
_PRIME = (1 << 61) - 1  # a Mersenne prime: universal hashing a*h + b mod p

_SCHEMA = """
CREATE TABLE IF NOT EXISTS document_sources (
    doc_id TEXT NOT NULL,
    source TEXT NOT NULL,
    url TEXT NOT NULL,                -- '' when none (NULLs would not be UNIQUE)
    relation TEXT NOT NULL,           -- first | copy | syndicated
    content_hash TEXT NOT NULL,
    added_at TEXT NOT NULL,
    UNIQUE (doc_id, source, content_hash)
);
CREATE INDEX IF NOT EXISTS document_sources_doc ON document_sources(doc_id);
CREATE INDEX IF NOT EXISTS document_sources_hash ON document_sources(content_hash);
CREATE TABLE IF NOT EXISTS document_minhash (
    doc_id TEXT PRIMARY KEY,
    signature TEXT NOT NULL           -- the 64 values, as JSON
);
CREATE TABLE IF NOT EXISTS document_bands (
    band INTEGER NOT NULL,
    value TEXT NOT NULL,              -- the band's values
    doc_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS document_bands_value ON document_bands(band, value);
CREATE INDEX IF NOT EXISTS document_bands_doc ON document_bands(doc_id);
"""


def ensure(conn: sqlite3.Connection) -> None:
    """The tables, created on first use. An older store gains them, losing nothing: its
    documents get their signature and their first source (once; ids of an older release
    stay as they were, and their re-read copies are found as near-duplicates)."""
    conn.executescript(_SCHEMA)
    missing = conn.execute("SELECT id, source, url, content_hash, text, ingested_at FROM documents "
                           "WHERE id NOT IN (SELECT doc_id FROM document_sources)").fetchall()
    if not missing:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        for doc_id, source, url, digest, text, at in missing:
            index(conn, doc_id, minhash(text))
            link(conn, doc_id, source, url, "first", digest, at)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


@cache
def _coefficients():
    import numpy as np

    rng = np.random.default_rng(20261201)  # fixed: the same text, the same signature
    return (rng.integers(1, 1 << 32, PERMUTATIONS, dtype=np.uint64),
            rng.integers(0, 1 << 32, PERMUTATIONS, dtype=np.uint64))


def minhash(text: str) -> list[int] | None:
    """The text's MinHash signature over its 4-word shingles; None when it is too short."""
    import numpy as np

    words = text.lower().split()
    shingles = {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
    if len(shingles) < MIN_SHINGLES:
        return None
    # 32-bit shingle hashes and coefficients: a*h + b < 2**64, so uint64 never wraps
    base = np.fromiter((int.from_bytes(hashlib.blake2b(sh.encode(), digest_size=4).digest(),
                                       "big") for sh in shingles), dtype=np.uint64,
                       count=len(shingles))
    a, b = _coefficients()
    prime = np.uint64(_PRIME)
    return [int(((base * a[i] + b[i]) % prime).min()) for i in range(PERMUTATIONS)]


def _bands(signature: list[int]) -> list[str]:
    return [",".join(map(str, signature[i * ROWS : (i + 1) * ROWS])) for i in range(BANDS)]


def similarity(one: list[int], other: list[int]) -> float:
    """The share of equal values: an estimate of the two texts' Jaccard similarity."""
    return sum(x == y for x, y in zip(one, other, strict=True)) / PERMUTATIONS


def near_duplicate(conn: sqlite3.Connection, signature: list[int] | None) -> str | None:
    """The stored document whose text is a near-duplicate of ``signature``'s, if any (the
    most similar; ties by id)."""
    if signature is None:
        return None
    candidates: set[str] = set()
    for band, value in enumerate(_bands(signature)):
        candidates.update(r[0] for r in conn.execute(
            "SELECT doc_id FROM document_bands WHERE band = ? AND value = ?", (band, value)))
    found = {}
    for doc_id in candidates:
        row = conn.execute("SELECT signature FROM document_minhash WHERE doc_id = ?",
                           (doc_id,)).fetchone()
        if row and (score := similarity(signature, json.loads(row[0]))) >= NEAR:
            found[doc_id] = score
    return min(found, key=lambda d: (-found[d], d)) if found else None


def index(conn: sqlite3.Connection, doc_id: str, signature: list[int] | None) -> None:
    forget(conn, doc_id)
    if signature is not None:
        conn.execute("INSERT INTO document_minhash VALUES (?, ?)", (doc_id, json.dumps(signature)))
        conn.executemany("INSERT INTO document_bands VALUES (?, ?, ?)",
                         [(band, value, doc_id) for band, value in enumerate(_bands(signature))])


def relation(conn: sqlite3.Connection, doc_id: str, url: str | None) -> str:
    """"syndicated" when the copy's URL is on another host than the stored document's."""
    row = conn.execute("SELECT url FROM documents WHERE id = ?", (doc_id,)).fetchone()
    ours, theirs = _host(row[0] if row else None), _host(url)
    return "syndicated" if ours and theirs and ours != theirs else "copy"


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None


def link(conn: sqlite3.Connection, doc_id: str, source: str, url: str | None, relation: str,
         content_hash: str, at: str) -> bool:
    """Record that ``source`` carries document ``doc_id``; False when it was known."""
    before = conn.total_changes
    conn.execute("INSERT OR IGNORE INTO document_sources VALUES (?, ?, ?, ?, ?, ?)",
                 (doc_id, source, url or "", relation, content_hash, at))
    return conn.total_changes > before


def forget(conn: sqlite3.Connection, doc_id: str) -> None:
    """A replaced document's signature goes; its sources stay with its id."""
    conn.execute("DELETE FROM document_minhash WHERE doc_id = ?", (doc_id,))
    conn.execute("DELETE FROM document_bands WHERE doc_id = ?", (doc_id,))


def carrier(conn: sqlite3.Connection, content_hash: str) -> str | None:
    """The stored document that input bytes with this hash were linked to, if any: a
    rerun skips a known copy without cleaning it again."""
    row = conn.execute("SELECT doc_id FROM document_sources WHERE content_hash = ? LIMIT 1",
                       (content_hash,)).fetchone()
    return row[0] if row else None


def known_hashes(conn: sqlite3.Connection) -> set[str]:
    """The content hashes of every input the store has linked (each stored document's
    first source among them)."""
    return {r[0] for r in conn.execute("SELECT DISTINCT content_hash FROM document_sources")}


def sources_of(conn: sqlite3.Connection, doc_id: str) -> list[dict]:
    return [{"source": r[0], "url": r[1] or None, "relation": r[2]} for r in conn.execute(
        "SELECT source, url, relation FROM document_sources WHERE doc_id = ? "
        "ORDER BY relation != 'first', added_at, source", (doc_id,))]
