"""Replay every input the fuzzing found (tests/fuzz/corpus/*.json) through its target with the
same checks. An entry with "xfail" is a defect still open elsewhere (its reason names it)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from fuzz.strategies import CORPUS, check_analysis, check_article, corpus_data
from fuzz.test_fuzz_readers import _check

import newsevents
from newsevents import Pipeline
from newsevents.readers import estimate_count, iter_documents


def _entries():
    for path in sorted(CORPUS.glob("*.json")):
        entry = json.loads(path.read_text(encoding="ascii"))
        marks = [pytest.mark.xfail(reason=entry["xfail"], strict=False)] if entry.get(
            "xfail") else []
        yield pytest.param(entry, id=path.stem, marks=marks)


def _clean(entry):
    try:
        article = newsevents.clean(corpus_data(entry), content_type=entry.get("content_type"))
    except newsevents.InputError:
        return
    check_article(article)


def _extract(entry):
    errors: list = []
    found = list(Pipeline().pipe([corpus_data(entry)], on_error=lambda s, r: errors.append(r)))
    assert len(found) + len(errors) == 1 and not [r for r in errors if "internal error" in r]
    for analysis in found:
        check_analysis(analysis)


def _readers(entry):
    data = corpus_data(entry)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / entry["name"]
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        warnings: list = []
        items = list(iter_documents([tmp], on_warning=lambda s, m: warnings.append(m)))
        _check(items, Path(tmp))
        assert items, "every input gives a Document or a Failure"
        for want in entry.get("expect", []):  # words a Failure or a warning must contain
            assert any(want in str(i) for i in items) or any(want in w for w in warnings), (
                want, items, warnings)
        estimate_count([tmp])


TARGETS = {"clean": _clean, "extract": _extract, "readers": _readers}


def test_the_corpus_is_not_empty():
    assert len(list(CORPUS.glob("*.json"))) >= 5


@pytest.mark.parametrize("entry", list(_entries()))
def test_corpus_input(entry):
    TARGETS[entry["target"]](entry)
