"""The Ray engine on a local Ray of two CPUs: the same store as the local engine (samples and
a generated corpus), re-runs add nothing, a stopped job resumes from its shards, a killed
actor is retried with nothing lost or doubled, and the shards read as Parquet."""

from __future__ import annotations

import json
import os
import shutil
import signal
from pathlib import Path

import pytest
from scale.ray_support import make_corpus, state
from support import SAMPLES

pytest.importorskip("ray", reason="the Ray engine's tests need 'newsevents[ray]'")

import pandas as pd  # noqa: E402

from newsevents.scale import ingest_ray  # noqa: E402
from newsevents.store.ingest import ingest  # noqa: E402


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[str]:
    return [str(SAMPLES), str(make_corpus(tmp_path_factory.mktemp("corpus")))]


@pytest.fixture(scope="module")
def local(tmp_path_factory, corpus) -> Path:
    db = tmp_path_factory.mktemp("local") / "local.db"
    tally = ingest(corpus, db, workers=1)
    assert tally.added > 16 and tally.failed == 1 and tally.events > 0
    return db


KILLED: list[int] = []
STORED: list[int] = []  # documents in the store each time a flush was merged


@pytest.fixture(scope="module")
def ray_store(tmp_path_factory, ray_local, corpus) -> tuple[Path, object]:
    """The corpus through 2 actors, one of them killed (SIGKILL) once the first results are
    in: Ray restarts it and retries its batch (one actor start-up costs ~15 s here, so one
    run serves the identity, kill, re-run and Parquet tests)."""
    db = tmp_path_factory.mktemp("ray") / "ray.db"

    def kill_one(tally):
        STORED.append(tally.added + tally.linked + tally.unchanged)
        if not KILLED:
            pids = _actor_processes(ray_local)
            assert pids, "no coder actor found to kill"
            os.kill(pids[0], signal.SIGKILL)
            KILLED.append(pids[0])

    return db, ingest_ray(corpus, db, actors=2, batch_size=4, flush_rows=8,
                          progress=kill_one)


def test_same_documents_events_and_ids_as_local(ray_store, local):
    db, tally = ray_store
    assert tally.coded == tally.added + tally.linked + tally.failed > 20
    assert state(db) == state(local)


def test_the_store_is_written_flush_by_flush_while_the_job_runs(ray_store):
    """The driver merges each committed flush as it comes (results arrive in input order),
    so it never holds the job's results at once."""
    _, tally = ray_store
    assert len(STORED) >= 3 and sorted(STORED) == STORED
    assert 0 < STORED[0] < STORED[-1] == tally.added + tally.linked


def test_a_uri_is_read_in_ray_through_pyarrow(tmp_path, ray_local):
    """A file:// URI (what a shared filesystem, S3 or GCS looks like to pyarrow) is read by
    the Ray tasks; the store is a local run's over the same files, named by their URI."""
    folder = make_corpus(tmp_path / "corpus", articles=3)
    ingest([str(folder)], tmp_path / "local.db")
    tally = ingest_ray([f"file://{folder}"], tmp_path / "ray.db", actors=2, batch_size=2)
    assert tally.added == 3 and tally.failed == 1
    local, ray = state(tmp_path / "local.db"), state(tmp_path / "ray.db")
    renamed = [tuple(v.replace(f"file://{folder}", str(folder)) if isinstance(v, str) else v
                     for v in row) for row in ray[3]]
    assert [row[0] for row in ray[0]] == [row[0] for row in local[0]]  # the same documents
    assert ray[1] == local[1] and ray[2] == local[2]  # the same events and event ids
    assert renamed == local[3]
    assert [(f.replace(f"file://{folder}", str(folder)), r) for f, r in ray[4]] == local[4]


def test_killed_actor_is_retried_nothing_lost_or_doubled(ray_store, local):
    db, tally = ray_store
    assert KILLED and not Path(f"/proc/{KILLED[0]}").exists()
    keys = pd.read_parquet(Path(tally.shards) / "documents")["key"]
    failed = pd.read_parquet(Path(tally.shards) / "failures")["key"]
    assert keys.is_unique and len(keys) + len(failed) == tally.coded  # none lost or doubled
    assert len(state(db)[0]) == len(state(local)[0])


def test_rerun_adds_nothing(ray_store, corpus):
    db, _ = ray_store
    before = state(db)
    parts = sorted(Path(db.with_name(db.name + ".shards")).rglob("*.parquet"))
    tally = ingest_ray(corpus, db, actors=2)
    assert (tally.added, tally.replaced, tally.coded) == (0, 0, 0)
    assert state(db) == before
    assert sorted(Path(db.with_name(db.name + ".shards")).rglob("*.parquet")) == parts


def test_shards_are_plain_parquet(ray_store, local):
    import duckdb

    db, tally = ray_store
    root = Path(tally.shards)
    docs = pd.read_parquet(root / "documents")
    assert len(docs) == tally.added + tally.linked and docs["key"].is_unique
    months = set(docs["month"].astype(str))
    assert {"2023-01", "2023-02", "2023-03", "2023-04"} <= months
    per_month = duckdb.sql(
        f"SELECT month, count(*) AS n FROM read_parquet('{root}/events/*/*.parquet', "
        "hive_partitioning = true) GROUP BY month").fetchall()
    # every coded input's reports, a linked copy's too (the store counts the stored ones)
    assert sum(n for _, n in per_month) == docs["events"].sum() >= tally.reports
    failures = pd.read_parquet(root / "failures")
    assert list(failures["source"]) == [s for s, in _failed_inputs(local)]


def _failed_inputs(db: Path) -> list[tuple[str]]:
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT input FROM failures ORDER BY input").fetchall()
    finally:
        conn.close()


def test_killed_job_resumes_from_its_shards(tmp_path, ray_store, corpus, local):
    """A job killed after some flushes committed, and in the middle of another (a part
    file with no manifest), is run again: it codes only what no committed flush holds."""
    _, tally = ray_store
    shards = tmp_path / "shards"
    shutil.copytree(tally.shards, shards, ignore=shutil.ignore_patterns("_lock"))
    # in the order the job committed them: the killed job got through the first two
    manifests = sorted((shards / "_manifest").glob("*.json"), key=lambda m: m.stat().st_mtime_ns)
    assert len(manifests) >= 3
    lost = manifests[2:]  # the flushes the killed job never committed
    lost_keys = {key for m in lost for key in json.loads(m.read_text())["keys"]}
    for manifest in lost:
        for name in json.loads(manifest.read_text())["files"][1:]:
            (shards / name).unlink()  # some of its parts were written, some not
        manifest.unlink()
    resumed = ingest_ray(corpus, tmp_path / "resumed.db", actors=2, batch_size=4,
                         shards=shards)
    assert resumed.coded == len(lost_keys) and resumed.reused == tally.coded - len(lost_keys)
    assert state(tmp_path / "resumed.db") == state(local)
    keys = pd.read_parquet(shards / "documents")["key"]
    assert keys.is_unique  # the half-written flush was removed, not read twice


def _actor_processes(ray) -> list[int]:
    """Our Ray's coder actors: children of this session's raylet running MapWorker."""
    raylet = ray._private.worker._global_node.all_processes["raylet"][0].process.pid
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes()
            ppid = int(next(line.split()[1] for line in Path(f"/proc/{pid}/status")
                            .read_text().splitlines() if line.startswith("PPid:")))
        except (OSError, StopIteration):
            continue
        if ppid == raylet and b"MapWorker(MapBatches(Coder))" in cmd:
            found.append(int(pid))
    return found


def test_cli_ingest_engine_ray(tmp_path):
    """`newsevents ingest --engine ray` as a user types it: its own local Ray, the status
    and summary lines, and the store a local ingest of the same folder makes."""
    import subprocess
    import sys

    folder = str(SAMPLES / "text")
    ingest([folder], tmp_path / "local.db")
    done = subprocess.run([sys.executable, "-m", "newsevents", "ingest", folder, "--engine",
                           "ray", "--actors", "1", "--db", str(tmp_path / "ray.db")],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stderr.splitlines()
    assert lines[0].startswith("starting Ray (a local Ray); loading model en_core_web_sm")
    assert lines[0].endswith(" in 1 actor…")
    assert "Traceback" not in done.stderr
    assert not [line for line in lines if "INFO" in line or "WARNING" in line]  # Ray's logs
    added = len(state(tmp_path / "local.db")[0])
    assert f"{added} added, 0 replaced" in done.stderr
    assert state(tmp_path / "ray.db") == state(tmp_path / "local.db")
