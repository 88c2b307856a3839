"""The Pipeline: named components in a checked order, streaming batches, and a per-document
error handler that lets the batch go on."""

from __future__ import annotations

import dataclasses

import pytest

from newsevents import InputError, Pipeline
from newsevents.model import Document
from newsevents.pipeline import Component, check_order
from newsevents.readers import Failure

GOOD = ("Rebels attack army base in Mali\n\n"
        "Islamist fighters attacked an army base in central Mali on 3 May 2023, killing 12 "
        "soldiers, the army said.\n")
OTHER = ("Ministers meet in Nairobi\n\n"
         "Kenya's foreign minister met his Ethiopian counterpart in Nairobi on Tuesday to "
         "discuss the border, the ministry said.\n")


def _doc(text: str, name: str) -> Document:
    return Document(text.encode("utf-8"), name, content_type="text/plain; charset=utf-8")


def test_components_are_named_in_data_flow_order():
    names = [c.name for c in Pipeline().components]
    assert names == ["cleaner", "parser", "context", "mentions", "coreference", "times",
                     "quantities", "quotes", "events"]


def test_a_component_cannot_read_what_no_earlier_component_wrote():
    components = list(Pipeline().components)
    events = components.pop()
    with pytest.raises(ValueError, match="'mentions' reads"):
        check_order([components[0], components[3]])
    check_order([*components, events])  # the real order is valid


def test_a_bad_document_is_reported_and_the_batch_goes_on():
    errors: list[tuple[str, str]] = []
    items = [_doc(GOOD, "good.txt"), Document(b"\x89PNG\r\n\x1a\n" + b"\0" * 50, "image.txt"),
             Failure("feed.jsonl:3", "not JSON"), _doc(OTHER, "other.txt")]
    out = list(Pipeline().pipe(items, on_error=lambda s, r: errors.append((s, r))))
    assert [a.article.source for a in out] == ["good.txt", "other.txt"]
    assert [s for s, _ in errors] == ["image.txt", "feed.jsonl:3"]
    assert all(reason for _, reason in errors)
    assert any(e.event == "ASSAULT" for e in out[0].events)


def test_a_component_that_fails_costs_only_its_document():
    pipeline = Pipeline()

    def explode(work):
        if "Nairobi" in work.article.text:
            raise KeyError("boom")

    pipeline.components = (*pipeline.components[:3],
                           Component("fragile", ("article",), (), explode),
                           *pipeline.components[3:])
    errors: list[tuple[str, str]] = []
    out = list(pipeline.pipe([_doc(OTHER, "other.txt"), _doc(GOOD, "good.txt")],
                             on_error=lambda s, r: errors.append((s, r))))
    assert [a.article.source for a in out] == ["good.txt"]
    assert errors == [("other.txt", "internal error (KeyError: 'boom')")]


def test_extract_is_pipe_of_one_and_raises_on_bad_input():
    pipeline = Pipeline()
    one = pipeline.extract(GOOD)
    batch = list(pipeline.pipe([GOOD]))
    assert [dataclasses.asdict(e) for e in one.events] == [
        dataclasses.asdict(e) for e in batch[0].events]
    with pytest.raises(InputError):
        pipeline.extract(b"")


def test_default_handler_keeps_the_failures():
    pipeline = Pipeline()
    assert list(pipeline.pipe([b""])) == []
    assert len(pipeline.failures) == 1 and pipeline.failures[0].source == "<data>"
