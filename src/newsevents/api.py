"""The small public Python API."""

from __future__ import annotations

from functools import cache

from .clean import clean_document
from .model import Analysis, Article
from .pipeline import Pipeline, as_document
from .settings import DEFAULT_SETTINGS, Settings


def clean(
    data: str | bytes,
    *,
    url: str | None = None,
    content_type: str | None = None,
    settings: Settings = DEFAULT_SETTINGS,
) -> Article:
    """Clean one page (plain text or HTML, as text or raw bytes) into an Article.

    Raises ``newsevents.InputError`` with the reason when the input is not a usable page.
    """
    return clean_document(as_document(data, url or "<data>", url, content_type), settings)


def analyze(data: str | bytes | Article, *, url: str | None = None,
            content_type: str | None = None, settings: Settings = DEFAULT_SETTINGS) -> Analysis:
    """Clean (unless given an Article) and analyse one page: actors, places, times,
    quantities, quotes, coreference and events. Returns an ``Analysis``."""
    return extract(data, url=url, content_type=content_type, settings=settings)


def resolve_actor(text: str, context: str = "", date: str | None = None):
    """A mention to a PLOVER actor (code, sector, canonical name, role), or None."""
    from .knowledge.actors import resolve_actor as resolve

    return resolve(text, context, date)


def resolve_place(text: str, context: list[str] | tuple[str, ...] = ()):
    """A place mention to a GeoNames-style record, given the article's countries, or None."""
    from .knowledge.places import resolve_place as resolve

    return resolve(text, context)


def extract(data: str | bytes | Article, *, url: str | None = None,
            content_type: str | None = None, settings: Settings = DEFAULT_SETTINGS) -> Analysis:
    """Clean, analyse and code one page: its Analysis, with PLOVER ``events``. Raises
    ``InputError`` when the page is not usable."""
    article = data if isinstance(data, Article) else clean(
        data, url=url, content_type=content_type, settings=settings)
    return _pipeline(settings).extract(article)


@cache
def _pipeline(settings: Settings) -> Pipeline:
    return Pipeline(settings)
