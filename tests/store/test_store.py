"""The event store: idempotent, resumable ingest (including a real kill -9), merging across
documents, revised figures, replacement of new versions, faults, and the queries."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support import ROOT

from newsevents.store.db import SCHEMA_VERSION, StoreError, connect
from newsevents.store.ingest import ingest
from newsevents.store.queries import EventFilter, find_events, search, show_event, timeline

SAMPLES = str(ROOT / "samples")


def _state(db: Path) -> tuple[list, list]:
    conn = sqlite3.connect(db)
    docs = conn.execute("SELECT id, content_hash FROM documents ORDER BY id").fetchall()
    events = conn.execute("SELECT id, event, mode, dead, sources FROM events ORDER BY id"
                          ).fetchall()
    conn.close()
    return docs, events


def _newsevents(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newsevents", *args], capture_output=True,
                          text=True, **kwargs)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("store") / "news.db"
    report = ingest([SAMPLES], db)
    assert report.added >= 16 and report.failed == 0 and report.events > 0
    return db


def test_reingest_does_nothing(store):
    before = _state(store)
    report = ingest([SAMPLES], store)
    assert (report.added, report.replaced) == (0, 0) and report.unchanged >= 16
    assert _state(store) == before


def test_any_order_gives_the_same_events(tmp_path, store):
    files = sorted(str(p) for p in (ROOT / "samples").rglob("*")
                   if p.suffix in (".txt", ".html", ".jsonl", ".gz"))
    db = tmp_path / "reversed.db"
    ingest(list(reversed(files)), db)
    assert _state(db) == _state(store)


def test_a_page_and_its_warc_copy_are_one_document_with_two_sources(store):
    # the WARC's pages are also bundled as HTML files: one document each (issue 12), whose
    # events are not counted twice
    conn = connect(store, readonly=True)
    assert conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 16
    rows = conn.execute("SELECT doc_id, source, relation FROM document_sources "
                        "WHERE doc_id IN (SELECT doc_id FROM document_sources "
                        "WHERE source LIKE '%crawl.warc.gz#%')").fetchall()
    by_doc: dict[str, set[str]] = {}
    for doc_id, source, relation in rows:
        by_doc.setdefault(doc_id, set()).add(f"{relation}:{Path(source).name.split('#')[0]}")
    assert sorted(map(sorted, by_doc.values())) == [
        ["copy:kosovo-barricades.html", "first:crawl.warc.gz"],
        ["copy:niger-ecowas.html", "first:crawl.warc.gz"]]
    assert conn.execute("SELECT COUNT(*) FROM events WHERE sources > 1").fetchone()[0] == 0


def test_queries(store):
    conn = connect(store, readonly=True)
    assaults = find_events(conn, EventFilter(type="ASSAULT", include_historical=True))
    assert assaults and all(e["event"] == "ASSAULT" for e in assaults)
    near = find_events(conn, EventFilter(near="Sanaa", within_km=600, include_historical=True))
    assert near and all(e["event_loc"]["country_code"] in ("YEM", "SAU", "OMN") for e in near)
    by_text = find_events(conn, EventFilter(text="blockade", include_historical=True))
    assert by_text
    hits = search(conn, "ceasefire")
    assert hits and "[" in hits[0]["snippet"]
    event = show_event(conn, assaults[0]["id"])
    assert event["reports"] and event["reports"][0]["sentence"]["text"]
    assert timeline(conn, "month")


def test_hostile_query_text_is_a_parameter(store):
    conn = connect(store, readonly=True)
    assert find_events(conn, EventFilter(actor="USA'; DROP TABLE events; --")) == []
    assert conn.execute("SELECT COUNT(*) FROM events").fetchone()[0] > 0


def _feed(path: Path, records: list[dict]) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return str(path)


def test_revised_figures_keep_every_report(tmp_path):
    first = {"id": "r1", "date": "2023-05-04", "url": "https://a.example/1",
             "text": "Gunmen killed 3 villagers in Maiduguri, Nigeria, on 4 May 2023, "
                     "police said."}
    later = {"id": "r2", "date": "2023-05-05", "url": "https://b.example/2",
             "text": "Gunmen killed 5 villagers in Maiduguri, Nigeria, on 4 May 2023, "
                     "police said on Friday."}
    db = tmp_path / "n.db"
    ingest([_feed(tmp_path / "f.jsonl", [later, first])], db)
    conn = connect(db, readonly=True)
    (row,) = conn.execute("SELECT id, dead, sources FROM events WHERE event = 'ASSAULT'")
    assert (row["dead"], row["sources"]) == (5, 2)
    figures = [r[0] for r in conn.execute(
        "SELECT dead FROM event_sources WHERE event_id = ? ORDER BY published", (row["id"],))]
    assert figures == [3, 5]


def test_a_new_version_replaces_and_keeps_history(tmp_path):
    db = tmp_path / "v.db"
    old = {"url": "https://x.example/story", "date": "2023-05-04",
           "text": "Police arrested 12 protesters in Nairobi on 4 May 2023."}
    new = dict(old, text="Police arrested 15 protesters in Nairobi on 4 May 2023.")
    ingest([_feed(tmp_path / "a.jsonl", [old])], db)
    report = ingest([_feed(tmp_path / "b.jsonl", [new])], db)
    assert report.replaced == 1
    conn = connect(db, readonly=True)
    assert conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 1
    assert conn.execute("SELECT COUNT(*) FROM document_history").fetchone()[0] == 1
    assert conn.execute("SELECT arrested FROM events").fetchone()[0] == 15


def test_failures_are_recorded_and_the_rest_goes_on(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "in" / "ok.txt").write_text(
        "Police arrested 12 protesters in Nairobi on 4 May 2023.\n", encoding="utf-8")
    db = tmp_path / "f.db"
    result = _newsevents("ingest", str(tmp_path / "in"), "--db", str(db))
    assert result.returncode == 1 and "empty document" in result.stderr
    conn = connect(db, readonly=True)
    assert conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 1
    assert conn.execute("SELECT reason FROM failures").fetchone()[0] == "empty document"


def test_not_sqlite_and_newer_schema_are_refused(tmp_path):
    bogus = tmp_path / "bogus.db"
    bogus.write_text("not a database at all", encoding="utf-8")
    with pytest.raises(StoreError, match="not an SQLite file"):
        connect(bogus)
    result = _newsevents("events", "--db", str(bogus))
    assert result.returncode == 2 and "not an SQLite file" in result.stderr
    newer = tmp_path / "newer.db"
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        connect(newer)


def test_older_schema_is_migrated(tmp_path):
    db = tmp_path / "old.db"
    sqlite3.connect(db).close()  # version 0: an empty file of an older release
    conn = connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_read_only_database_is_a_clear_error(tmp_path, store):
    """A store on a read-only file system (root ignores file modes, so as root the test
    mounts one; elsewhere a read-only file does)."""
    source, mounted = tmp_path / "src", tmp_path / "ro"
    source.mkdir()
    mounted.mkdir()
    (source / "ro.db").write_bytes(store.read_bytes())
    if os.geteuid() == 0:
        binds = [["mount", "--bind", str(source), str(mounted)],
                 ["mount", "-o", "remount,ro,bind", str(mounted)]]
        if any(subprocess.run(c, capture_output=True).returncode for c in binds):
            subprocess.run(["umount", str(mounted)], capture_output=True)
            pytest.skip("cannot mount a read-only file system here")
        db = mounted / "ro.db"
    else:
        db = source / "ro.db"
        db.chmod(0o444)
        source.chmod(0o555)
    try:
        result = _newsevents("ingest", SAMPLES, "--db", str(db))
    finally:
        if os.geteuid() == 0:
            subprocess.run(["umount", str(mounted)], capture_output=True)
        else:
            source.chmod(0o755)
    assert result.returncode == 2
    assert str(db) in result.stderr and "Traceback" not in result.stderr
    assert len([line for line in result.stderr.splitlines() if line.startswith("error:")]) == 1


def test_two_ingests_at_once_the_second_refuses(tmp_path, store):
    db = tmp_path / "busy.db"
    from newsevents.store.ingest import ingest_lock

    with ingest_lock(db, 0):
        result = _newsevents("ingest", SAMPLES, "--db", str(db))
    assert result.returncode == 2 and "another ingest" in result.stderr


def _corpus(tmp_path: Path, copies: int) -> str:
    """A corpus of distinct documents built from the samples' feed."""
    records = [json.loads(line) for line in (ROOT / "samples/jsonl/feed.jsonl").read_text(
        encoding="utf-8").splitlines()]
    out = []
    for i in range(copies):
        for r in records:
            out.append(dict(r, id=f"{r.get('id', 'x')}-{i}", url=None,
                            text=(r.get("text") or "") + f"\n\nEdition {i}.",
                            html=r.get("html") and r["html"] + f"<p>Edition {i}.</p>"))
    return _feed(tmp_path / "corpus.jsonl", out)


def test_kill_9_mid_ingest_then_rerun_equals_uninterrupted(tmp_path):
    corpus = _corpus(tmp_path, 12)  # 48 documents
    whole = tmp_path / "whole.db"
    ingest([corpus], whole)
    killed = tmp_path / "killed.db"
    process = subprocess.Popen([sys.executable, "-m", "newsevents", "ingest", corpus, "--db",
                                str(killed)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and process.poll() is None:
        try:
            conn = sqlite3.connect(f"file:{killed}?mode=ro", uri=True)
            stored = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
            conn.close()
        except sqlite3.Error:
            stored = 0
        if stored >= 5:
            break
        time.sleep(0.05)
    assert process.poll() is None, "the ingest ended before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert 0 < stored < 48
    result = _newsevents("ingest", corpus, "--db", str(killed))
    assert result.returncode == 0, result.stderr
    assert _state(killed) == _state(whole)


@pytest.mark.parametrize("fmt", ["plover", "csv", "gdelt", "parquet"])
def test_export(tmp_path, store, fmt):
    out = tmp_path / f"events.{fmt}"
    result = _newsevents("export", "--format", fmt, "--db", str(store), "--out", str(out),
                         "--include-historical")
    assert result.returncode == 0, result.stderr
    conn = connect(store, readonly=True)
    total = conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    if fmt == "parquet":
        import pyarrow.parquet as pq

        assert pq.read_table(out).num_rows == total
    elif fmt == "plover":
        records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert len(records) == total and all("context" in r for r in records)
    elif fmt == "csv":
        assert len(out.read_text(encoding="utf-8").splitlines()) == total + 1
    else:
        rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()]
        assert len(rows) == total and all(len(r) == 29 for r in rows)


def _limit_file_size(limit: int):
    import resource

    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def test_full_disk_stops_cleanly_and_resumes(tmp_path):
    corpus = _corpus(tmp_path, 6)
    whole = tmp_path / "whole.db"
    ingest([corpus], whole)
    full = tmp_path / "full.db"
    ingest([], full)  # create the empty store first
    limit = full.stat().st_size + 60_000  # room for a few documents only
    result = subprocess.run([sys.executable, "-m", "newsevents", "ingest", corpus, "--db",
                             str(full)], capture_output=True, text=True,
                            preexec_fn=_limit_file_size(limit))
    assert result.returncode == 2 and "cannot write" in result.stderr, result.stderr
    conn = sqlite3.connect(full)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert _newsevents("ingest", corpus, "--db", str(full)).returncode == 0
    assert _state(full) == _state(whole)


def test_document_count_estimate_for_the_progress_bar():
    from newsevents.readers import estimate_count

    assert estimate_count([str(ROOT / "samples/jsonl"), str(ROOT / "samples/html")]) == 4 + 4
    assert estimate_count([SAMPLES]) is None  # a WARC's records are unknown until read
