"""Open the store: check the file is SQLite, set WAL, migrate to the current schema.

The schema version lives in the file (PRAGMA user_version). Opening an older file migrates
it in one transaction; opening a newer one refuses with a clear message.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

SCHEMA_VERSION = 2
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
    # Search by stem: the Porter stemmer over unicode61, so "attack" finds attacks, attacked
    # and attacking. The index is rebuilt from the stored documents (title and clean text).
    2: """
    DROP TABLE articles_fts;
    CREATE VIRTUAL TABLE articles_fts USING fts5(doc_id UNINDEXED, title, text,
                                                 tokenize = 'porter unicode61');
    INSERT INTO articles_fts (doc_id, title, text)
        SELECT id, coalesce(title, ''), text FROM documents;
    """,
}


class StoreError(Exception):
    """A store that cannot be used: the message says which file and why."""


# SQLite's primary result codes that say the file itself is damaged (re-running won't help).
_CORRUPT = {"SQLITE_CORRUPT", "SQLITE_NOTADB"}


_PRIMARY = ("SQLITE_CORRUPT", "SQLITE_NOTADB", "SQLITE_FULL", "SQLITE_READONLY", "SQLITE_PERM",
            "SQLITE_CANTOPEN", "SQLITE_AUTH", "SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_IOERR")


def _error_name(exc: sqlite3.Error) -> str:
    """The primary result code's name (SQLITE_FULL, ...) of an sqlite3 error."""
    name = getattr(exc, "sqlite_errorname", None) or ""
    for primary in _PRIMARY:  # SQLITE_IOERR_WRITE is an SQLITE_IOERR
        if name == primary or name.startswith(primary + "_"):
            return primary
    message = str(exc).lower()
    if "malformed" in message or "not a database" in message:
        return "SQLITE_CORRUPT"
    if "disk is full" in message:
        return "SQLITE_FULL"
    return name


def is_corrupt(exc: sqlite3.Error) -> bool:
    return _error_name(exc) in _CORRUPT


def is_query_error(exc: sqlite3.Error) -> bool:
    """The statement itself is wrong (an FTS5 syntax error, ...), not the file."""
    return _error_name(exc) == "SQLITE_ERROR"


def describe(path: str | Path, exc: sqlite3.Error, *, writing: bool = False,
             resumable: bool = False) -> str:
    """One line for an SQLite error on the store at ``path``: what happened and what to do.
    ``resumable``: an ingest stopped by it, which running the same command again resumes
    (true of everything but a corrupt file)."""
    name = _error_name(exc)
    if name in _CORRUPT:
        return (f"{path}: the store is corrupt ({exc}); re-running will not repair it: restore "
                f"it from a backup, or recover what it holds with `sqlite3 {path} .recover "
                "| sqlite3 recovered.db`, or ingest the corpus again into a new --db")
    verb = "cannot write" if writing else "cannot read"
    if name == "SQLITE_FULL":
        reason = "disk full"
    elif name in ("SQLITE_BUSY", "SQLITE_LOCKED"):
        reason = "busy"
    elif name in ("SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH"):
        reason, verb = "cannot open", "cannot write" if writing else "cannot open"
    else:
        reason = ""
    line = f"{path}: {verb}" + (f": {reason}" if reason and reason != verb else "")
    line += f" ({exc})"
    if resumable:
        line += "; the documents stored so far are complete, and running the same command " \
                "again resumes"
    return line


def rollback(conn: sqlite3.Connection) -> None:
    """Roll back the open transaction, if SQLite has not already done so (after a full disk
    it has, and a second ROLLBACK would hide the real error behind "cannot rollback")."""
    if conn.in_transaction:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")


def uri(path: str | Path, *, readonly: bool = False) -> str:
    """The ``file:`` URI of ``path``, escaped: ``#``, ``?`` and ``%`` in a name are part of
    it, not a fragment, a query or an escape."""
    text = quote(os.fspath(path), safe="/")
    return f"file:{text}?mode=ro" if readonly else f"file:{text}"


def check_path(path: Path, *, readonly: bool = False) -> None:
    """Refuse a path that cannot be a store (a folder, a special file, an unreadable or
    non-SQLite file) with a one-line reason."""
    try:
        if path.is_dir():
            raise StoreError(f"{path}: is a directory, not a database file")
        if not path.exists():
            if readonly:
                raise StoreError(f"{path}: no such database")
            return
        if not path.is_file():
            raise StoreError(f"{path}: not a regular file")
        if path.stat().st_size:
            with path.open("rb") as fh:
                if fh.read(16) != SQLITE_HEADER:
                    raise StoreError(f"{path}: not a newsevents database (not an SQLite file)")
    except OSError as exc:
        raise StoreError(f"{path}: {exc.strerror or exc}") from None


def connect(path: str | Path, *, readonly: bool = False) -> sqlite3.Connection:
    path = Path(path)
    check_path(path, readonly=readonly)
    conn = None
    try:
        conn = sqlite3.connect(uri(path, readonly=readonly), uri=True, timeout=30,
                               isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        if not readonly:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=30000")
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()  # parses the schema
        _migrate(conn, path, readonly)
    except _NeedsMigration:
        conn.close()
        return _migrate_then_read(path)
    except sqlite3.Error as exc:
        if conn is not None:
            conn.close()
        raise StoreError(describe(path, exc, writing=not readonly)) from None
    except StoreError:
        if conn is not None:
            conn.close()
        raise
    return conn


class _NeedsMigration(Exception):
    """A read-only connection found an older schema: it is migrated through a writable one."""


def _migrate_then_read(path: Path) -> sqlite3.Connection:
    """An older store opened to be read: migrated once (a writable connection, one
    transaction), then opened read-only. A file that cannot be written cannot be migrated."""
    try:
        connect(path).close()
    except StoreError as exc:
        raise StoreError(f"{path}: its schema needs migrating to version {SCHEMA_VERSION}, "
                         f"which needs write access ({exc})") from None
    return connect(path, readonly=True)


def _migrate(conn: sqlite3.Connection, path: Path, readonly: bool) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreError(f"{path}: schema version {version} is newer than this newsevents "
                         f"understands ({SCHEMA_VERSION}); upgrade newsevents")
    if version == SCHEMA_VERSION:
        return
    if readonly:
        raise _NeedsMigration
    conn.execute("BEGIN IMMEDIATE")
    try:
        for target in range(version + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS[target].split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {target}")
        conn.execute("COMMIT")
    except BaseException:
        rollback(conn)
        raise
