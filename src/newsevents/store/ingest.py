"""Ingest a corpus into the store: read, clean, analyse and code every document (in worker
processes, the model loaded once per worker), write each document in its own transaction,
then rebuild the merged events.

Idempotent and resumable: a document already stored with the same content is skipped, so
re-running an interrupted ingest (Ctrl-C, kill -9) finishes the work and ends in exactly the
state of an uninterrupted run; nothing is ever half-written.
"""

from __future__ import annotations

import fcntl
import hashlib
import multiprocessing
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from ..clean.article import document_id
from ..model import Document
from ..pipeline import Pipeline
from ..readers import Failure, iter_documents
from ..settings import DEFAULT_SETTINGS, Settings
from . import sources
from .db import StoreError, check_path, connect
from .merge import rebuild_events
from .write import known_hash, link_source, record_failure, write_analysis


# What one ingest run did (a tally, not a "report": in the store a report is one document's
# telling of an event).
@dataclass(slots=True)
class IngestTally:
    added: int = 0
    replaced: int = 0
    linked: int = 0  # a near-duplicate (or the same bytes) of a stored document: one more source
    unchanged: int = 0
    failed: int = 0
    reports: int = 0  # events as documents tally them
    events: int = 0  # after merging across documents
    failures: list[str] = field(default_factory=list)
    pending_failures: list[tuple[str, str]] = field(default_factory=list)  # not yet written
    pending_links: list[tuple[str, str, str | None, str]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def documents(self) -> int:
        return self.added + self.replaced + self.unchanged  # stored documents seen


def _lock_files(db: Path) -> list[Path]:
    """The lock files of the database file ``db`` names: one beside the real file (every
    symlink to it shares it) and one named by the file's identity, device and inode (every
    hard link to it shares that one)."""
    real = Path(os.path.realpath(db))
    check_path(real)
    try:
        if not real.exists():
            real.touch()  # an empty file is an empty store; now it has an identity
        st = real.stat()
    except OSError as exc:
        raise StoreError(f"{db}: cannot create the database ({exc.strerror})") from None
    shared = Path(tempfile.gettempdir()) / "newsevents-locks"
    return [real.with_name(real.name + ".ingest-lock"),
            shared / f"{st.st_dev:x}-{st.st_ino:x}.ingest-lock"]


def _open_lock(path: Path, db: Path, required: bool):
    try:
        if not required and not path.parent.is_dir():  # shared: anyone may add a lock to it
            path.parent.mkdir(exist_ok=True)
            with suppress(OSError):
                path.parent.chmod(0o1777)
        return os.fdopen(os.open(path, os.O_RDONLY | os.O_CREAT | os.O_NOFOLLOW, 0o666), "rb")
    except OSError as exc:
        if required:
            raise StoreError(f"{db}: cannot write beside the database ({exc.strerror})"
                             ) from None
        return None  # no shared lock folder here: the lock beside the file still holds


@contextmanager
def ingest_lock(db: Path, wait: float):
    """One writer at a time: a second ingest into the same file (by any path: a symlink, a
    hard link) waits up to ``wait`` seconds, then refuses with a clear message (SQLite alone
    would interleave two corpora's merges)."""
    with ExitStack() as stack:
        deadline = time.monotonic() + wait
        for i, lock_path in enumerate(_lock_files(db)):
            handle = _open_lock(lock_path, db, required=i == 0)
            if handle is None:
                continue
            stack.enter_context(handle)
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise StoreError(f"{db}: another ingest is writing to it; try again "
                                         "when it ends (or pass --wait SECONDS)") from None
                    time.sleep(0.2)
            stack.callback(fcntl.flock, handle, fcntl.LOCK_UN)
        yield


def _content_hash(doc: Document) -> str:
    return hashlib.sha256(doc.data).hexdigest()


# -- the work done in each worker -------------------------------------------------------------

_PIPELINE: Pipeline | None = None  # one per worker process: the model loads once


def _start_worker(settings: Settings) -> None:
    global _PIPELINE
    _PIPELINE = Pipeline(settings)


def _process(docs: list[Document]) -> list[tuple[str, str, object]]:
    """Clean and analyse a batch; a bad document becomes ("fail", source, reason)."""
    out: list[tuple[str, str, object]] = []
    hashes = {doc.source: _content_hash(doc) for doc in docs}
    for analysis in _PIPELINE.pipe(docs, on_error=lambda source, reason: out.append(
            ("fail", source, reason))):
        out.append(("ok", hashes[analysis.article.source], analysis.to_dict()))
    return out


def _batches(items: Iterator, size: int) -> Iterator[list]:
    while batch := list(islice(items, size)):
        yield batch


def ingest(paths: list[str], db: Path, *, workers: int = 1, settings: Settings = DEFAULT_SETTINGS,
           wait: float = 0.0, progress: Callable[[IngestTally], None] | None = None
           ) -> IngestTally:
    """Ingest ``paths`` into ``db``; bad inputs are recorded in ``failures`` and skipped."""
    tally = IngestTally()
    started = time.monotonic()
    with ingest_lock(db, wait):
        conn = connect(db)
        sources.ensure(conn)
        reader = connect(db)  # the reading thread of a pool must not share the writer's
        try:
            todo = _pending(paths, settings, reader, conn, tally)
            batches = _batches(todo, max(1, settings.nlp_batch_size // max(workers, 1)))
            if workers > 1:
                with multiprocessing.get_context("fork").Pool(
                    workers, initializer=_start_worker, initargs=(settings,)
                ) as pool:
                    _store(pool.imap(_process, batches), conn, tally, progress)
            else:
                _start_worker(settings)
                _store(map(_process, batches), conn, tally, progress)
            _flush(conn, tally)
            tally.events = rebuild_events(conn)
        finally:
            reader.close()
            conn.close()
    tally.seconds = time.monotonic() - started
    return tally


def _pending(paths: list[str], settings: Settings, reader, writer, tally: IngestTally
             ) -> Iterator[Document]:
    """Documents not yet stored with this content; read failures are recorded on the way."""
    for item in iter_documents(paths, settings):
        if isinstance(item, Failure):
            tally.failed += 1
            tally.failures.append(f"{item.source}: {item.reason}")
            tally.pending_failures.append((item.source, item.reason))
            continue
        digest = _content_hash(item)
        if stored := stored_as(reader, document_id(item), digest):
            tally.pending_links.append((stored, item.source, item.url, digest))
            continue
        yield item


def stored_as(conn, doc_id: str, digest: str) -> str | None:
    """The stored document that input bytes already are (this input, the same bytes from
    another, or a known copy of a stored document): then the input is at most one more
    source of it, with nothing to code. None for bytes the store has not seen."""
    if known_hash(conn, doc_id) == digest:
        return doc_id
    return sources.carrier(conn, digest)


def link(conn, tally: IngestTally, doc_id: str, source: str, url: str | None,
         digest: str) -> None:
    """One more source of a stored document, tallied."""
    if link_source(conn, doc_id, source, url, digest):
        tally.linked += 1
    else:
        tally.unchanged += 1


def _flush(conn, tally: IngestTally) -> None:
    """What the reader found on the way, written by the one writer."""
    while tally.pending_failures:
        record_failure(conn, *tally.pending_failures.pop(0))
    while tally.pending_links:
        link(conn, tally, *tally.pending_links.pop(0))


def _fail(conn, tally: IngestTally, source: str, reason: str) -> None:
    tally.failed += 1
    tally.failures.append(f"{source}: {reason}")
    record_failure(conn, source, reason)


def _store(results, conn, tally: IngestTally, progress) -> None:
    for batch in results:
        _flush(conn, tally)
        for status, first, payload in batch:
            if status == "fail":
                _fail(conn, tally, first, str(payload))
                continue
            outcome = write_analysis(conn, payload, first)
            if outcome == "added":
                tally.added += 1
            elif outcome == "replaced":
                tally.replaced += 1
            elif outcome == "linked":
                tally.linked += 1
                continue  # its reports are the stored document's, not counted again
            else:
                tally.unchanged += 1
            tally.reports += len(payload.get("events", []))
            if progress:
                progress(tally)
