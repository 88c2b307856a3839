"""The Ray engine of the ingest: the same documents, events and event ids as the local one.

    driver: list the input files (scale.inputs)
    tasks:  read them (the local engine's readers) -> one row per document, in order
    actors: map_batches(Coder), the pipeline loaded once per actor -> results, in order
    driver: every flush: Parquet shards (committed) -> the store's one writer, in input order

Ray Data runs with ``preserve_order``, so results reach the driver in the order the inputs
were read, and the driver merges each flush as it comes: near-duplicate links, replacements
and the merged events come out as a local run makes them, and the driver holds one flush
at a time, never the corpus.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from ..clean.article import document_id
from ..errors import InputError
from ..model import Document
from ..readers import Failure
from ..settings import DEFAULT_SETTINGS, Settings
from ..store import sources
from ..store.db import StoreError, connect
from ..store.ingest import IngestTally, _content_hash, _fail, _store, ingest_lock, link, stored_as
from ..store.merge import rebuild_events
from .inputs import InputFile, plan, read
from .shards import Shards, open_shards

INSTALL_HINT = "--engine ray needs Ray: pip install 'newsevents[ray]'"  # the CLI says error: first
log = logging.getLogger("newsevents")

# What a row of the job is, from reading to the driver ("doc" becomes "ok" or "fail"):
#   doc     a document to code (its pickled Document in "document")
#   skip    a document whose bytes the store held when the job began: nothing to code
#   reused  a document a committed flush holds (a resumed job): its result is in the shards
#   readfail, warn   what the readers refused or repaired, for the driver to record or log
ROW_SCHEMA = pa.schema([
    ("pos", pa.int64()), ("kind", pa.string()), ("key", pa.string()), ("source", pa.string()),
    ("url", pa.string()), ("doc_id", pa.string()), ("digest", pa.string()),
    ("reason", pa.string()), ("document", pa.binary())])
ROW_COLUMNS = tuple(ROW_SCHEMA.names)


class RayMissing(ImportError):
    """Ray is not installed; the message says how to install it."""


def require_ray():
    try:
        import ray
    except ImportError:
        raise RayMissing(INSTALL_HINT) from None
    return ray


@dataclass(slots=True)
class RayTally(IngestTally):
    coded: int = 0  # inputs coded by the actors in this run
    reused: int = 0  # inputs whose results were already in the shards (a resumed job)
    startup_seconds: float = 0.0  # from the job's start to the first coded result
    read_seconds: float = 0.0  # the driver's listing of the input files
    merge_seconds: float = 0.0  # the driver's writing: shards, the store, the event merge
    shards: str = ""


def coder_version(settings: Settings) -> str:
    """What a shard's results depend on besides the input: the code, the knowledge, the
    settings. A change makes every input a new key, so stale shards are never merged."""
    from .. import __version__
    from ..knowledge import knowledge_hash

    return f"{__version__}|{knowledge_hash()}|{settings!r}"


def input_key(doc: Document, version: str) -> str:
    """One input occurrence: its name, its bytes, the coder that reads it."""
    parts = (doc.source, doc.url or "", _content_hash(doc), version)
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:32]


def default_shards(db: Path) -> Path:
    return db.with_name(db.name + ".shards")


def quiet_ray() -> None:
    """Ray's own log lines (start-up notices, Ray Data's plans, its C++ core's warnings) off
    the terminal: they stay in Ray's session logs (/tmp/ray/session_*/logs)."""
    global _QUIET
    _QUIET = True
    os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "fatal")  # read when Ray starts


_QUIET = False


def _quiet_loggers() -> None:
    """Set again once Ray has set up its logging: Ray's logger to errors, and Ray Data's
    console handler to errors (its file handler keeps writing the session's log)."""
    logging.getLogger("ray").setLevel(logging.ERROR)
    for handler in logging.getLogger("ray.data").handlers:
        if type(handler).__name__ != "SessionFileHandler":
            handler.setLevel(logging.ERROR)


@contextmanager
def ray_session(address: str | None, actors: int) -> Iterator[None]:
    """Ray as found (a caller's ray.init is kept), else started here and shut down after:
    a local one when ``address`` is None, else the cluster at ``address``."""
    ray = require_ray()
    if ray.is_initialized():
        yield
        return
    options = {"include_dashboard": False, "log_to_driver": False}
    if _QUIET:
        options["logging_level"] = logging.ERROR
        _quiet_loggers()
    if address:
        ray.init(address=address, **options)
    else:
        ray.init(num_cpus=max(actors, os.cpu_count() or 1), **options)
    try:
        yield
    finally:
        ray.shutdown()


def ingest_ray(paths: list[str], db: str | Path, *, actors: int = 2,
               batch_size: int | None = None, address: str | None = None,
               shards: str | Path | None = None, settings: Settings = DEFAULT_SETTINGS,
               wait: float = 0.0, flush_rows: int = 1000,
               progress: Callable[[RayTally], None] | None = None) -> RayTally:
    """Ingest ``paths`` (files, folders, URIs pyarrow reads) into ``db`` with ``actors`` Ray
    actors coding ``batch_size`` documents a batch; results go to Parquet shards under
    ``shards`` (default: DB.shards) every ``flush_rows`` inputs, and from there into the
    store. Re-running adds nothing; a stopped job run again codes only what its shards lack.
    ``progress`` hears after each flush is stored."""
    require_ray()
    db = Path(db)
    tally = RayTally()
    started = time.monotonic()
    root = Path(shards) if shards else default_shards(db)
    tally.shards = str(root)
    batch = batch_size or max(1, settings.nlp_batch_size // max(actors, 1))  # as local
    try:
        files = plan(paths)
    except InputError as exc:
        raise StoreError(str(exc)) from None
    tally.read_seconds = time.monotonic() - started
    with ingest_lock(db, wait), open_shards(root) as store:
        conn = connect(db)
        sources.ensure(conn)
        try:
            writer = _Writer(conn, store, tally, progress)
            for item in files:
                if isinstance(item, Failure):
                    _fail(conn, tally, item.source, item.reason)
            readable = [f for f in files if isinstance(f, InputFile)]
            if readable:
                rows = _job(readable, store, conn, settings, actors, batch, address, tally,
                            started)
                for out in rows:
                    writer.add(out, flush_rows)
                writer.flush()
            merging = time.monotonic()
            tally.events = rebuild_events(conn)
            tally.merge_seconds += time.monotonic() - merging
        finally:
            conn.close()
    tally.seconds = time.monotonic() - started
    return tally


def _job(files: list[InputFile], store: Shards, conn, settings: Settings, actors: int,
         batch: int, address: str | None, tally: RayTally, started: float
         ) -> Iterator[list[dict]]:
    """The job's result rows, batch by batch, in input order."""
    from .coder import Coder

    version = coder_version(settings)
    done = store.done()
    stored = sources.known_hashes(conn)  # what stored_as finds: nothing to code
    with ray_session(address, actors):
        import ray
        from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

        context = ray.data.DataContext.get_current()
        if _QUIET:
            _quiet_loggers()
        context.enable_progress_bars = False
        context.execution_options.preserve_order = True  # results in input order
        where = {}
        if any(f.local for f in files):  # the driver's own files are read on its node
            where["scheduling_strategy"] = NodeAffinitySchedulingStrategy(
                ray.get_runtime_context().get_node_id(), soft=False)
        listing = [{"index": f.index, "name": f.name, "source": f.source,
                    "suffixes": f.suffixes} for f in files]
        # Reading is light next to coding (~0.3 ms a document): it asks for no CPU, which
        # the actors hold, and runs as few tasks (one per 8 actors), each reading its files
        # one by one, since each task is a process that starts. The repartition cuts their
        # rows into blocks of a batch, so that one big feed spreads over every actor; Ray
        # Data gives it no resource options, and with the read's the two fuse into one task.
        reading = {"num_cpus": 0, **where}
        tasks = max(1, min(len(listing), actors // 8))
        with warnings.catch_warnings():  # scheduling_strategy has no named parameter yet
            warnings.simplefilter("ignore", DeprecationWarning)
            ds = (ray.data.from_items(listing, override_num_blocks=tasks)
                  .map_batches(read_rows, batch_size=1, batch_format="pyarrow",
                               fn_kwargs={"settings": settings, "version": version,
                                          "done": done, "stored": stored}, **reading)
                  .repartition(target_num_rows_per_block=batch))
        object.__setattr__(ds._logical_plan.dag, "ray_remote_args", dict(reading))
        ds = ds.map_batches(Coder, fn_constructor_kwargs={"settings": settings},
                            batch_size=batch, batch_format="pyarrow", num_cpus=1,
                            compute=ray.data.ActorPoolStrategy(size=actors))
        warnings.filterwarnings("ignore", "The minimum number of concurrent actors",
                                UserWarning)  # a job with less to code than actors
        for out in ds.iter_batches(batch_size=None, batch_format="pyarrow"):
            rows = out.to_pylist()
            if not tally.startup_seconds and any(r["kind"] in ("ok", "fail") for r in rows):
                tally.startup_seconds = time.monotonic() - started
            yield rows


def read_rows(files: pa.Table, settings: Settings, version: str, done: set[str],
              stored: set[str]) -> pa.Table:
    """The rows of input files (a Ray task): per document, one to code or why not."""
    rows = []
    for item in files.to_pylist():
        file = InputFile(item["index"], item["name"], item["source"], item["suffixes"])
        for n, got in enumerate(read(file, settings)):
            row = dict.fromkeys(ROW_COLUMNS)
            row["pos"] = (file.index << 32) + n
            if isinstance(got, Failure):
                row.update(kind="readfail", source=got.source, reason=got.reason)
            elif isinstance(got, tuple):
                row.update(kind="warn", source=got[0], reason=got[1])
            else:
                key, digest = input_key(got, version), _content_hash(got)
                row.update(key=key, source=got.source, url=got.url, doc_id=document_id(got),
                           digest=digest)
                if digest in stored:
                    row["kind"] = "skip"
                elif key in done:
                    row["kind"] = "reused"
                else:
                    row.update(kind="doc", document=pickle.dumps(got))
            rows.append(row)
    return pa.Table.from_pylist(rows, schema=ROW_SCHEMA)


class _Writer:
    """The driver's side: result rows in input order -> shards (one flush at a time) -> the
    store, by the local engine's writer."""

    def __init__(self, conn, store: Shards, tally: RayTally, progress) -> None:
        self.conn, self.store, self.tally, self.progress = conn, store, tally, progress
        self.rows: list[dict] = []
        self.coded = 0

    def add(self, rows: list[dict], flush_rows: int) -> None:
        for row in rows:
            self.rows.append(row)
            self.coded += row["kind"] in ("ok", "fail")
            if self.coded >= flush_rows:
                self.flush()

    def flush(self) -> None:
        started = time.monotonic()
        rows, self.rows = self.rows, []
        rows = list({r["pos"]: r for r in rows}.values())  # a retried task's repeat, once
        coded = [r for r in rows if r["kind"] in ("ok", "fail")]
        unique = list({r["key"]: r for r in coded}.values())  # one input given twice
        for r in unique:
            if r["kind"] == "ok":
                r["parsed"] = json.loads(r["analysis"])
        if unique:
            self.store.write(unique)  # committed before the store sees any of it
        self.tally.coded += len(unique)
        self.coded = 0
        for row in rows:
            self._merge(row)
        self.tally.merge_seconds += time.monotonic() - started
        if self.progress and rows:
            self.progress(self.tally)

    def _merge(self, row: dict) -> None:
        conn, tally, kind = self.conn, self.tally, row["kind"]
        if kind == "warn":
            log.warning("%s: %s", row["source"], row["reason"])
            return
        if kind == "readfail":
            _fail(conn, tally, row["source"], row["reason"])
            return
        digest = row["digest"]
        tally.reused += kind == "reused"  # its result is in the shards, needed or not
        if stored := stored_as(conn, row["doc_id"], digest):  # as the local engine's reader
            link(conn, tally, stored, row["source"], row["url"], digest)
            return
        if kind == "reused":
            result = self.store.result(row["key"])
        elif kind == "ok":
            result = ("ok", digest, row["parsed"])
        elif kind == "fail":
            result = ("fail", row["source"], row["reason"])
        else:  # "skip": the store held these bytes when the job began, and holds them still
            raise StoreError(f"{row['source']}: its stored copy is gone mid-job")
        _store([[result]], conn, tally, None)
