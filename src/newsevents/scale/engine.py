"""The Ray engine of the ingest: the same documents, events and event ids as the local one.

    driver: read inputs, skip what the store has  ->  Ray Data dataset of the rest
    actors: map_batches(Coder), the pipeline loaded once per actor  ->  results
    driver: Parquet shards (committed per flush)  ->  the store's one writer, in input order

The merge goes through the local engine's own writer (``store.ingest``'s helpers and
``store.write.write_analysis``) in the order the inputs were read, so near-duplicate links,
replacements and the merged events come out as a local run makes them.
"""

from __future__ import annotations

import hashlib
import math
import os
import pickle
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..model import Document
from ..settings import DEFAULT_SETTINGS, Settings
from ..store import sources
from ..store.db import connect
from ..store.ingest import (
    IngestTally,
    _content_hash,
    _flush,
    _pending,
    _store,
    ingest_lock,
)
from ..store.merge import rebuild_events
from .shards import Shards, open_shards

INSTALL_HINT = "--engine ray needs Ray: pip install 'newsevents[ray]'"  # the CLI says error: first


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
    startup_seconds: float = 0.0  # ray.init and the first result (actors loading the model)
    read_seconds: float = 0.0  # the driver's serial parts: reading the inputs ...
    merge_seconds: float = 0.0  # ... and the store's writer with the event merge
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


@contextmanager
def ray_session(address: str | None, actors: int) -> Iterator[None]:
    """Ray as found (a caller's ray.init is kept), else started here and shut down after:
    a local one when ``address`` is None, else the cluster at ``address``."""
    ray = require_ray()
    if ray.is_initialized():
        yield
        return
    options = {"include_dashboard": False, "log_to_driver": False}
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
    """Ingest ``paths`` into ``db`` with ``actors`` Ray actors coding ``batch_size``
    documents a batch; results go to Parquet shards under ``shards`` (default: DB.shards)
    every ``flush_rows`` inputs, then into the store. Re-running adds nothing; a stopped job
    run again codes only what its shards lack. ``progress`` hears after each flush."""
    require_ray()
    db = Path(db)
    tally = RayTally()
    started = time.monotonic()
    root = Path(shards) if shards else default_shards(db)
    tally.shards = str(root)
    batch = batch_size or max(1, settings.nlp_batch_size // max(actors, 1))  # as local
    with ingest_lock(db, wait), open_shards(root) as store:
        conn = connect(db)
        sources.ensure(conn)
        reader = connect(db)
        try:
            version = coder_version(settings)
            done = store.done()
            order: list[str] = []  # every input the store lacks, in reading order
            todo: dict[str, Document] = {}
            for doc in _pending(paths, settings, reader, conn, tally):
                key = input_key(doc, version)
                if key in done:
                    tally.reused += key not in order[-1:]  # counted once per input
                else:
                    todo.setdefault(key, doc)
                order.append(key)
            tally.read_seconds = time.monotonic() - started
            if todo:
                _code(todo, store, settings, actors, batch, address, flush_rows, tally,
                      progress, started)
            merging = time.monotonic()
            results = store.results(set(order))
            _store(_in_order(order, results, batch), conn, tally, None)
            _flush(conn, tally)
            tally.events = rebuild_events(conn)
            tally.merge_seconds = time.monotonic() - merging
        finally:
            reader.close()
            conn.close()
    tally.seconds = time.monotonic() - started
    return tally


def _code(todo: dict[str, Document], store: Shards, settings: Settings, actors: int,
          batch: int, address: str | None, flush_rows: int, tally: RayTally,
          progress, started: float) -> None:
    """The documents through the actor pool; each flush of results committed to shards."""
    from .coder import Coder

    with ray_session(address, actors):
        import ray

        ray.data.DataContext.get_current().enable_progress_bars = False
        items = [{"key": key, "document": pickle.dumps(doc)} for key, doc in todo.items()]
        blocks = max(actors, min(math.ceil(len(items) / batch), 10_000))
        ds = ray.data.from_items(items, override_num_blocks=blocks).map_batches(
            Coder, fn_constructor_kwargs={"settings": settings}, batch_size=batch,
            batch_format="pyarrow", num_cpus=1,
            compute=ray.data.ActorPoolStrategy(size=actors))
        pending: list[dict] = []
        for out in ds.iter_batches(batch_size=None, batch_format="pyarrow"):
            if not tally.startup_seconds:
                tally.startup_seconds = time.monotonic() - started
            pending += out.to_pylist()
            if len(pending) >= flush_rows:
                _commit(store, pending, tally, progress)
        if pending:
            _commit(store, pending, tally, progress)


def _commit(store: Shards, pending: list[dict], tally: RayTally, progress) -> None:
    unique = list({r["key"]: r for r in pending}.values())  # a retried task's repeat
    store.write(unique)
    tally.coded += len(unique)
    pending.clear()
    if progress:
        progress(tally)


def _in_order(order: list[str], results: dict, size: int) -> Iterator[list]:
    """The results as the local engine's writer takes them: batches, in input order."""
    rows = [results[key] for key in order if key in results]
    for i in range(0, len(rows), size):
        yield rows[i : i + size]
