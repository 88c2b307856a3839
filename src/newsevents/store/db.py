"""Open the store: check the file is SQLite, set WAL, migrate to the current schema.

The schema version lives in the file (PRAGMA user_version). Opening an older file migrates
it in one transaction; opening a newer one refuses with a clear message.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

SCHEMA_VERSION = 1
SQLITE_HEADER = b"SQLite format 3\x00"

MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        url TEXT,
        content_hash TEXT NOT NULL,
        title TEXT,
        published TEXT,
        language TEXT,
        text TEXT NOT NULL,
        analysis TEXT NOT NULL,          -- the Analysis as JSON
        ingested_at TEXT NOT NULL
    );
    CREATE INDEX documents_url ON documents(url);
    CREATE TABLE document_history (
        doc_id TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        analysis TEXT NOT NULL,
        replaced_at TEXT NOT NULL
    );
    CREATE TABLE mentions (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        start INTEGER, "end" INTEGER, text TEXT, label TEXT,
        code TEXT, sector TEXT, name TEXT,
        place TEXT, country_code TEXT, lat REAL, lon REAL
    );
    CREATE INDEX mentions_doc ON mentions(doc_id);
    CREATE INDEX mentions_code ON mentions(code, sector);
    CREATE TABLE quotes (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        start INTEGER, "end" INTEGER, text TEXT, speaker TEXT, speaker_code TEXT
    );
    CREATE INDEX quotes_doc ON quotes(doc_id);
    -- One row per event as one document reports it.
    CREATE TABLE reports (
        id TEXT PRIMARY KEY,
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        event TEXT NOT NULL, mode TEXT, date TEXT, published TEXT,
        lat REAL, lon REAL, country TEXT,
        actor_codes TEXT, recipient_codes TEXT,
        dead INTEGER, injured INTEGER, arrested INTEGER,
        record TEXT NOT NULL              -- the Event as JSON
    );
    CREATE INDEX reports_doc ON reports(doc_id);
    -- Reports of the same real event across documents, merged (rebuilt after each ingest).
    CREATE TABLE events (
        id TEXT PRIMARY KEY,
        event TEXT NOT NULL, mode TEXT, context TEXT, aux TEXT, historical INTEGER,
        actor_code TEXT, actor_sector TEXT, recipient_code TEXT, recipient_sector TEXT,
        country TEXT, place TEXT, lat REAL, lon REAL,
        date TEXT, enddate TEXT,
        dead INTEGER, injured INTEGER, arrested INTEGER,
        confidence REAL, mentions INTEGER, sources INTEGER,
        first_reported TEXT, last_reported TEXT,
        record TEXT NOT NULL              -- the merged event as JSON
    );
    -- Each filter with the date it is sorted by: a page of the newest events is a range scan.
    CREATE INDEX events_date ON events(date);
    CREATE INDEX events_type ON events(event, date);
    CREATE INDEX events_actor ON events(actor_code, date);
    CREATE INDEX events_recipient ON events(recipient_code, date);
    CREATE INDEX events_country ON events(country, date);
    CREATE INDEX events_latlon ON events(lat, lon);
    CREATE TABLE event_sources (
        event_id TEXT NOT NULL,
        report_id TEXT NOT NULL,
        doc_id TEXT NOT NULL,
        published TEXT,
        sentence TEXT,
        dead INTEGER, injured INTEGER, arrested INTEGER
    );
    CREATE INDEX event_sources_event ON event_sources(event_id);
    CREATE TABLE failures (
        id INTEGER PRIMARY KEY,
        input TEXT NOT NULL,
        reason TEXT NOT NULL,
        at TEXT NOT NULL
    );
    CREATE VIRTUAL TABLE articles_fts USING fts5(doc_id UNINDEXED, title, text);
    """,
}


class StoreError(Exception):
    """A store that cannot be used: the message says which file and why."""


def connect(path: str | Path, *, readonly: bool = False) -> sqlite3.Connection:
    path = Path(path)
    if path.exists() and path.stat().st_size:
        with path.open("rb") as fh:
            if fh.read(16) != SQLITE_HEADER:
                raise StoreError(f"{path}: not a newsevents database (not an SQLite file)")
    if readonly and not path.exists():
        raise StoreError(f"{path}: no such database")
    uri = f"file:{path}?mode=ro" if readonly else f"file:{path}"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=30, isolation_level=None,
                               check_same_thread=False)
        conn.row_factory = sqlite3.Row
        if not readonly:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=30000")
        _migrate(conn, path, readonly)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: {exc}") from None
    return conn


def _migrate(conn: sqlite3.Connection, path: Path, readonly: bool) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreError(f"{path}: schema version {version} is newer than this newsevents "
                         f"understands ({SCHEMA_VERSION}); upgrade newsevents")
    if version == SCHEMA_VERSION:
        return
    if readonly:
        raise StoreError(f"{path}: schema version {version} needs migrating; open it writable")
    conn.execute("BEGIN IMMEDIATE")
    try:
        for target in range(version + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS[target].split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {target}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
