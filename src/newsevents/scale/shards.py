"""The Parquet shards of a Ray ingest: the scale-out store, and the bookkeeping that makes
the job resumable.

Layout (hive-partitioned, readable as is by DuckDB, Spark, pandas; docs/SCALE.md):

    DIR/documents/month=YYYY-MM/part-FLUSH.parquet   one row per coded input
    DIR/events/month=YYYY-MM/part-FLUSH.parquet      one row per report (export's flat row)
    DIR/failures/part-FLUSH.parquet                  one row per input the pipeline refused
    DIR/_manifest/FLUSH.json                         the commit: the keys and files of FLUSH

A flush writes its part files first, then its manifest (atomically, by rename). Only a
flush with a manifest counts; part files without one (a job killed mid-flush) are removed
when the shards are next opened, so nothing is ever half-written or counted twice.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from ..export import Citation, flat_row, parquet_schema
from ..store.db import StoreError

UNKNOWN_MONTH = "unknown"

# What a coder actor returns for each row of the job (engine.ROW_COLUMNS less the document):
# kind "ok" with an analysis, "fail" with a reason, or a row it had nothing to code for.
RESULT_SCHEMA = pa.schema([
    ("pos", pa.int64()), ("kind", pa.string()), ("key", pa.string()), ("source", pa.string()),
    ("url", pa.string()), ("doc_id", pa.string()), ("digest", pa.string()),
    ("reason", pa.string()), ("analysis", pa.string()), ("node", pa.string())])

DOCUMENT_SCHEMA = pa.schema([
    ("key", pa.string()), ("doc_id", pa.string()), ("source", pa.string()),
    ("url", pa.string()), ("title", pa.string()), ("published", pa.string()),
    ("language", pa.string()), ("content_hash", pa.string()), ("events", pa.int64()),
    ("node", pa.string()), ("analysis", pa.string())])


def event_schema() -> pa.Schema:
    """The export module's flat row, led by the input key that ties a row to its document."""
    return pa.schema([pa.field("key", pa.string()), *parquet_schema()])


FAILURE_SCHEMA = pa.schema([("key", pa.string()), ("source", pa.string()),
                            ("reason", pa.string()), ("node", pa.string())])


def month_of(analysis: dict[str, Any]) -> str:
    """The publication month, YYYY-MM, or "unknown" when the article gives no date."""
    day = (analysis.get("published") or {}).get("date")
    return day[:7] if day and len(day) >= 7 else UNKNOWN_MONTH


class Shards:
    """A shard folder, opened by one job at a time (``open_shards``)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.manifests = root / "_manifest"
        self._flush_of: dict[str, str] = {}  # key -> the first flush holding it (done())
        self._loaded: tuple[str, dict] = ("", {})  # one flush's results, while it is read

    def _committed(self) -> dict[str, dict]:
        out = {}
        for path in sorted(self.manifests.glob("*.json")):
            out[path.stem] = json.loads(path.read_text(encoding="utf-8"))
        return out

    def clean(self) -> int:
        """Remove the part files of flushes that never committed; their count."""
        committed = set(self._committed())
        removed = 0
        for part in self.root.glob("*/**/*.parquet*"):
            flush = part.name.removeprefix("part-").split(".")[0]
            if part.name.endswith(".tmp") or flush not in committed:
                part.unlink()
                removed += 1
        for tmp in self.manifests.glob("*.tmp"):
            tmp.unlink()
        return removed

    def done(self) -> set[str]:
        """The keys of every committed input (coded or refused), as the job begins."""
        self._flush_of = {}
        for flush, manifest in self._committed().items():
            for key in manifest["keys"]:
                self._flush_of.setdefault(key, flush)
        return set(self._flush_of)

    def write(self, results: list[dict[str, Any]]) -> str:
        """One flush: the results' documents, events and failures, then the manifest."""
        keys = sorted(r["key"] for r in results)
        flush = hashlib.sha256("\n".join(keys).encode()).hexdigest()[:16]
        docs: dict[str, list] = defaultdict(list)
        events: dict[str, list] = defaultdict(list)
        failures = []
        for r in results:
            if r["kind"] == "fail":
                failures.append({"key": r["key"], "source": r["source"], "reason": r["reason"],
                                 "node": r["node"]})
                continue
            a = r.get("parsed") or json.loads(r["analysis"])
            month = month_of(a)
            docs[month].append({
                "key": r["key"], "doc_id": a["id"], "source": a["source"], "url": a.get("url"),
                "title": a.get("title"), "published": (a.get("published") or {}).get("date"),
                "language": a.get("language"), "content_hash": r["digest"],
                "events": len(a.get("events") or []), "node": r["node"],
                "analysis": r["analysis"]})
            cite = Citation(a.get("url"), a.get("title"), a.get("language"), a.get("site"))
            events[month] += [{"key": r["key"], **flat_row(e, cite)}
                              for e in a.get("events") or []]
        files = []
        for month, rows in docs.items():
            files.append(self._part(f"documents/month={month}", flush, rows, DOCUMENT_SCHEMA))
        for month, rows in events.items():
            files.append(self._part(f"events/month={month}", flush, rows, event_schema()))
        if failures:
            files.append(self._part("failures", flush, failures, FAILURE_SCHEMA))
        _atomic_write(self.manifests / f"{flush}.json",
                      json.dumps({"keys": keys, "files": files}).encode())
        return flush

    def _part(self, folder: str, flush: str, rows: list[dict], schema: pa.Schema) -> str:
        path = self.root / folder / f"part-{flush}.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        pq.write_table(pa.Table.from_pylist(rows, schema=schema), tmp)
        os.replace(tmp, path)
        return str(path.relative_to(self.root))

    def result(self, key: str) -> tuple[str, str, object]:
        """What the store's writer takes for a committed key: ("ok", content_hash, analysis
        dict) or ("fail", source, reason). A resumed job asks in input order, so one flush
        is read at a time. The keys are those ``done`` found."""
        flush = self._flush_of[key]
        if self._loaded[0] != flush:
            self._loaded = (flush, self._read_flush(flush))
        return self._loaded[1][key]

    def _read_flush(self, flush: str) -> dict[str, tuple[str, str, object]]:
        out: dict[str, tuple[str, str, object]] = {}
        manifest = json.loads((self.manifests / f"{flush}.json").read_text(encoding="utf-8"))
        for name in manifest["files"]:
            top = name.split("/")[0]
            if top == "documents":
                for row in pq.read_table(self.root / name, columns=[
                        "key", "content_hash", "analysis"]).to_pylist():
                    out[row["key"]] = ("ok", row["content_hash"], json.loads(row["analysis"]))
            elif top == "failures":
                for row in pq.read_table(self.root / name).to_pylist():
                    out[row["key"]] = ("fail", row["source"], row["reason"])
        return out


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


@contextmanager
def open_shards(root: Path) -> Iterator[Shards]:
    """The shard folder, locked for this job (two jobs on one folder would remove each
    other's uncommitted parts), with what a killed job left half-written removed."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / "_lock", "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreError(f"{root}: another ingest is writing these shards") from None
        try:
            shards = Shards(root)
            shards.clean()
            yield shards
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
