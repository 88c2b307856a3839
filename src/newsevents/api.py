"""The small public Python API."""

from __future__ import annotations

from .clean import clean_document
from .model import Article, Document
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
