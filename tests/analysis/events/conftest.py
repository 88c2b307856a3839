"""Fixtures of the event tests."""

from __future__ import annotations

import pytest

from newsevents.model import Document
from newsevents.pipeline import Pipeline


@pytest.fixture(scope="module")
def coded():
    """Code one short article of ours, dated 2024-03-04: its (category, trigger) pairs."""
    pipeline = Pipeline()

    def code(text: str) -> list[tuple[str, str]]:
        doc = Document(text.encode(), "t", id="t", content_type="text/plain; charset=utf-8",
                       meta={"date": "2024-03-04"})
        analysis = next(iter(pipeline.pipe([doc])))
        return [(e.event, e.trigger.text) for e in analysis.events]
    return code
