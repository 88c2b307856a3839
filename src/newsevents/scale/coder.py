"""The map_batches stage: an actor that loads the pipeline (spaCy model, knowledge) once and
codes batches of documents. It runs in Ray worker processes, on any node."""

from __future__ import annotations

import json
import pickle
from collections import defaultdict, deque

import pyarrow as pa

from ..pipeline import Pipeline
from ..settings import Settings
from .shards import RESULT_SCHEMA


class Coder:
    """Ray Data calls ``Coder(settings)`` once per actor, then ``coder(batch)`` per batch."""

    def __init__(self, settings: Settings) -> None:
        import ray

        self.pipeline = Pipeline(settings).load()
        self.node = ray.get_runtime_context().get_node_id()

    def __call__(self, batch: pa.Table) -> pa.Table:
        rows = batch.drop_columns(["document"]).to_pylist()
        docs = batch.column("document").to_pylist()
        todo = [(i, pickle.loads(blob)) for i, blob in enumerate(docs) if blob is not None]
        for i, (status, payload) in zip([i for i, _ in todo], code(
                self.pipeline, [doc for _, doc in todo]), strict=True):
            rows[i]["kind"] = status
            rows[i]["analysis" if status == "ok" else "reason"] = payload
        for row in rows:
            row["node"] = self.node
        return pa.Table.from_pylist(rows, schema=RESULT_SCHEMA)


def code(pipeline: Pipeline, docs: list) -> list[tuple[str, str]]:
    """Per document, in order: ("ok", its analysis as JSON) or ("fail", the reason), as the
    local engine's worker gives them."""
    slots: dict[str, deque[int]] = defaultdict(deque)  # an input given twice has two slots
    for i, doc in enumerate(docs):
        slots[doc.source].append(i)
    out: list[tuple[str, str] | None] = [None] * len(docs)

    def failed(source: str, reason: str) -> None:
        out[slots[source].popleft()] = ("fail", reason)

    for analysis in pipeline.pipe(docs, on_error=failed):
        out[slots[analysis.article.source].popleft()] = (
            "ok", json.dumps(analysis.to_dict(), ensure_ascii=False))
    return [got or ("fail", "no result") for got in out]
