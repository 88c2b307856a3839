"""Fuzz newsevents.clean on str and bytes: an Article with exact offsets, or InputError; never
another exception, never more than the deadline per input."""

from __future__ import annotations

from fuzz.strategies import (
    CONTENT_TYPES,
    check_article,
    fuzz_settings,
    html_page,
    page_bytes,
    plain_text,
    text_with_surrogates,
)
from hypothesis import given
from hypothesis import strategies as st

import newsevents


def _str_with_surrogates_is_cleaned() -> bool:
    """Issue 9 #5, the API half: ``clean("a\\ud800")`` raises UnicodeEncodeError in
    pipeline.as_document (not the readers'). Until it is fixed, str inputs here carry no lone
    surrogate (the corpus keeps the case as an xfail); once fixed, they do, by themselves."""
    try:
        newsevents.clean("Rebels seized the town \ud800 on Monday.")
    except UnicodeEncodeError:
        return False
    except newsevents.InputError:
        pass
    return True


pages = st.one_of(html_page(), plain_text, *(
    [text_with_surrogates] if _str_with_surrogates_is_cleaned() else []))


def _clean(data, content_type):
    try:
        article = newsevents.clean(data, content_type=content_type)
    except newsevents.InputError:
        return
    check_article(article)


@fuzz_settings(deadline_s=2)
@given(page=pages, content_type=CONTENT_TYPES)
def test_clean_str(page, content_type):
    _clean(page, content_type)


@fuzz_settings(deadline_s=2)
@given(data=page_bytes(), content_type=CONTENT_TYPES)
def test_clean_bytes(data, content_type):
    _clean(data, content_type)
