"""Schema migrations: a store written by the schema 1 release (no stemming in its full-text
index) opens, read-only or not, migrated to the current schema with its documents searchable
by stem; the migration runs once."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from newsevents.store.db import MIGRATIONS, SCHEMA_VERSION, connect
from newsevents.store.queries import search

TEXT = "Rebels attacked the town at dawn; the attackers were repelled."


def _schema_1_store(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[1])
    conn.execute("INSERT INTO documents VALUES ('d1', 'x.txt', NULL, 'h', 'Town attacked', "
                 "'2023-05-03', 'en', ?, '{}', '2023-05-04')", (TEXT,))
    conn.execute("INSERT INTO articles_fts VALUES ('d1', 'Town attacked', ?)", (TEXT,))
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize("readonly", [True, False], ids=["read", "write"])
def test_a_schema_1_store_is_migrated_and_searchable_by_stem(tmp_path, readonly):
    db = _schema_1_store(tmp_path / "old.db")
    old = sqlite3.connect(db)
    assert old.execute("SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH 'attack'"
                       ).fetchone()[0] == 0  # schema 1: whole words only
    old.close()
    conn = connect(db, readonly=readonly)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
    hits = search(conn, "attacking")
    assert [h["doc_id"] for h in hits] == ["d1"] and "[attacked]" in hits[0]["snippet"]
    assert search(conn, '"attack"*')  # prefix syntax still works on stems
    conn.close()


def test_the_migration_runs_once(tmp_path):
    db = _schema_1_store(tmp_path / "old.db")
    connect(db).close()
    conn = connect(db)
    assert conn.execute("SELECT COUNT(*) FROM articles_fts").fetchone()[0] == 1
    tokenizer = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'articles_fts'"
                             ).fetchone()[0]
    assert "porter" in tokenizer


def test_a_fresh_store_has_the_stemmer(tmp_path):
    conn = connect(tmp_path / "new.db")
    conn.execute("INSERT INTO articles_fts VALUES ('d2', '', 'Protesters marched')")
    assert search(conn, "protest march")
