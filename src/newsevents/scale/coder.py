"""The map_batches stage: an actor that loads the pipeline (spaCy model, knowledge) once and
codes batches of documents. It runs in Ray worker processes, on any node."""

from __future__ import annotations

import json
import pickle

import pyarrow as pa

from ..pipeline import Pipeline
from ..settings import Settings
from ..store.ingest import _content_hash
from .shards import RESULT_SCHEMA


class Coder:
    """Ray Data calls ``Coder(settings)`` once per actor, then ``coder(batch)`` per batch."""

    def __init__(self, settings: Settings) -> None:
        import ray

        self.pipeline = Pipeline(settings).load()
        self.node = ray.get_runtime_context().get_node_id()

    def __call__(self, batch: pa.Table) -> pa.Table:
        keys = batch.column("key").to_pylist()
        docs = [pickle.loads(b) for b in batch.column("document").to_pylist()]
        return pa.Table.from_pylist(code(self.pipeline, keys, docs, self.node),
                                    schema=RESULT_SCHEMA)


def code(pipeline: Pipeline, keys: list[str], docs: list, node: str) -> list[dict]:
    """One row per document, in order: its analysis as JSON, or the reason it failed (what
    the local engine's worker returns, keyed by input)."""
    by_source = {doc.source: (key, doc) for key, doc in zip(keys, docs, strict=True)}
    rows: dict[str, dict] = {}

    def failed(source: str, reason: str) -> None:
        key = by_source[source][0]
        rows[key] = {"key": key, "status": "fail", "source": source, "content_hash": None,
                     "reason": reason, "analysis": None, "node": node}

    for analysis in pipeline.pipe(docs, on_error=failed):
        key, doc = by_source[analysis.article.source]
        rows[key] = {"key": key, "status": "ok", "source": doc.source,
                     "content_hash": _content_hash(doc), "reason": None,
                     "analysis": json.dumps(analysis.to_dict(), ensure_ascii=False),
                     "node": node}
    return [rows[key] for key in keys if key in rows]
