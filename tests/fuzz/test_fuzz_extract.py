"""Fuzz Pipeline().pipe (extract): an Analysis whose every offset (entities, times, quantities,
quotes, coreference, events' evidence) indexes Article.text exactly, or the input handed to the
error handler; never an exception out of pipe, never more than the deadline per input."""

from __future__ import annotations

import pytest
from fuzz.strategies import check_analysis, fuzz_settings, html_page, plain_text, sentence
from hypothesis import given
from hypothesis import strategies as st

from newsevents import Pipeline

STORY = ("Rebels seized the border town of Kherson on 3 May 2023, killing 12 soldiers, "
         "police said. \"We will not leave,\" said Ahmed Ali, a rebel commander.")
pages = st.one_of(html_page(), plain_text,
                  st.tuples(sentence, plain_text).map(lambda t: f"{t[0]}\n\n{STORY}\n\n{t[1]}"))


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline().load()  # the model loads once, outside any example's deadline


@fuzz_settings(deadline_s=10)
@given(page=pages)
def test_extract(pipeline, page):
    errors: list[tuple[str, str]] = []
    found = list(pipeline.pipe([page], on_error=lambda source, reason: errors.append(
        (source, reason))))
    assert len(found) + len(errors) == 1, (found, errors)
    for _source, reason in errors:
        assert "internal error" not in reason, reason
    for analysis in found:
        check_analysis(analysis)
