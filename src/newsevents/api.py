"""The small public Python API."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

from .clean import clean_document
from .model import Analysis, Article, Document
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
    if isinstance(data, str):
        # Already text: whatever charset the page declares no longer applies.
        mime = (content_type or "").split(";")[0].strip()
        content_type = f"{mime}; charset=utf-8"
        data = data.encode("utf-8")
    return clean_document(Document(data, url or "<data>", url=url, content_type=content_type),
                          settings)


def analyze(data: str | bytes | Article, *, url: str | None = None,
            content_type: str | None = None, settings: Settings = DEFAULT_SETTINGS):
    """Clean (unless given an Article) and analyse one page: actors, places, times,
    quantities, quotes, coreference. Returns an ``Analysis``."""
    from .analysis.batch import analyze as analyze_article  # spaCy loads on first use

    article = data if isinstance(data, Article) else clean(
        data, url=url, content_type=content_type, settings=settings)
    return analyze_article(article, settings)


def resolve_actor(text: str, context: str = "", date: str | None = None):
    """A mention to a PLOVER actor (code, sector, canonical name, role), or None."""
    from .knowledge.actors import resolve_actor as resolve

    return resolve(text, context, date)


def resolve_place(text: str, context: list[str] | tuple[str, ...] = ()):
    """A place mention to a GeoNames-style record, given the article's countries, or None."""
    from .knowledge.places import resolve_place as resolve

    return resolve(text, context)


class Pipeline:
    """The whole pipeline, batch-first: ``Pipeline().pipe(pages)`` yields one Analysis (with
    its ``events``) per page, in order. spaCy and the knowledge bases load once, on first use.
    """

    def __init__(self, settings: Settings = DEFAULT_SETTINGS) -> None:
        self.settings = settings

    def pipe(self, items: Iterable[str | bytes | Article],
             batch_size: int | None = None) -> Iterator[Analysis]:
        from .analysis.batch import analyze_articles

        size = batch_size or self.settings.nlp_batch_size
        articles = (item if isinstance(item, Article) else clean(item, settings=self.settings)
                    for item in items)
        while chunk := list(islice(articles, size)):
            yield from analyze_articles(chunk, self.settings)


def extract(data: str | bytes | Article, *, url: str | None = None,
            content_type: str | None = None, settings: Settings = DEFAULT_SETTINGS) -> Analysis:
    """Clean, analyse and code one page: its Analysis, with PLOVER ``events``."""
    article = data if isinstance(data, Article) else clean(
        data, url=url, content_type=content_type, settings=settings)
    return next(Pipeline(settings).pipe([article]))
