"""Build the clean Article: decode, repair, read the structure, then lay out the clean text.

The clean text is the title, the lede, the body (paragraphs and section headings) and then
the captions (credits split off), separated by blank lines; every part records its offsets
into it. Related items and removed blocks are kept as fields, outside the text.
"""

from __future__ import annotations

import hashlib
import re

from ..errors import InputError
from ..model import Article, Caption, Document, Paragraph, Published, Repair
from ..settings import DEFAULT_SETTINGS, Settings
from .decode import decode
from .html import parts_from_html
from .lang import detect_language, majority_language
from .parts import Parts
from .pubdate import infer_published, normalise_date
from .repair import repair_text
from .text import parts_from_text

# Markup sniffing for inputs with no content type; XML prologs and DOCTYPEs go through the HTML
# reader too, whose guards refuse entity declarations. Leading comments are skipped by
# ``_skip_comments`` (one scan), not by the pattern: a repeated group of lazy ``.*?`` comments
# backtracks exponentially on input like ``"<!---->" * 26``.
_MARKUP_START = re.compile(r"<(?:\?xml|!doctype|html|head|body|meta|div|p)\b", re.I)
_SPACE = re.compile(r"\s*")
MARKUP_SNIFF_CHARS = 2048
SEPARATOR = "\n\n"


def document_id(doc: Document) -> str:
    """The feed's id when given, else a hash of the document's bytes: the same bytes have one
    id whether they come from a path, stdin, a URL or a WARC record (store/sources.py keeps
    where each copy came from)."""
    if doc.id:
        return doc.id
    return hashlib.sha256(doc.data).hexdigest()[:16]


def is_html(text: str, content_type: str | None) -> bool:
    mime = (content_type or "").split(";")[0].strip().lower()
    if mime:
        return "html" in mime
    head = text[:MARKUP_SNIFF_CHARS]
    return bool(_MARKUP_START.match(head, _skip_comments(head)))


def _skip_comments(head: str) -> int:
    """The position after leading white space and complete ``<!-- ... -->`` comments."""
    pos = _SPACE.match(head).end()
    while head.startswith("<!--", pos):
        close = head.find("-->", pos + 4)
        if close < 0:
            return pos
        pos = _SPACE.match(head, close + 3).end()
    return pos


class _Layout:
    """Appends blocks to the clean text and hands back their offsets."""

    def __init__(self) -> None:
        self.chunks: list[str] = []
        self.length = 0

    def add(self, text: str) -> tuple[int, int]:
        if self.chunks:
            self.chunks.append(SEPARATOR)
            self.length += len(SEPARATOR)
        start = self.length
        self.chunks.append(text)
        self.length += len(text)
        return start, self.length

    def text(self) -> str:
        return "".join(self.chunks)


def clean_document(doc: Document, settings: Settings = DEFAULT_SETTINGS) -> Article:
    """Turn one raw Document into a clean Article; raise InputError for bad input."""
    if len(doc.data) > settings.max_document_bytes:
        raise InputError(
            f"too large: {len(doc.data):,} bytes > {settings.max_document_bytes:,} "
            "(setting max_document_bytes)"
        )
    if not doc.data.strip():
        raise InputError("empty document")
    decoded = decode(doc.data, doc.content_type)
    text, repairs = repair_text(decoded.text)
    if decoded.warning:
        repairs.insert(0, Repair("decode", "", decoded.encoding, 0, 0))
    if not text.strip():
        raise InputError("empty document")
    if is_html(text, doc.content_type):
        parts = parts_from_html(text, doc.url, settings.max_html_depth)
    else:
        parts = parts_from_text(text, doc.meta.get("title"))
        parts.url = doc.url
    if not (parts.body or parts.lede or parts.title):
        raise InputError("no article text found")
    return _assemble(doc, parts, repairs, decoded.encoding, decoded.warning, settings)


def _assemble(
    doc: Document,
    parts: Parts,
    repairs: list[Repair],
    encoding: str,
    warning: str | None,
    settings: Settings,
) -> Article:
    languages = settings.languages
    title = doc.meta.get("title") or parts.title
    layout = _Layout()
    title_span = list(layout.add(title)) if title else None
    lede_span = list(layout.add(parts.lede)) if parts.lede else None
    paragraphs, headings = [], []
    for kind, block in parts.body:
        start, end = layout.add(block)
        target = headings if kind == "heading" else paragraphs
        target.append(Paragraph(block, start, end, detect_language(block, languages)))
    captions = []
    for caption, credit in parts.captions:
        start, end = layout.add(caption) if caption else (0, 0)
        captions.append(Caption(caption, credit, detect_language(caption, languages), start, end))
    return Article(
        id=document_id(doc),
        source=doc.source,
        url=parts.url,
        title=title,
        lede=parts.lede,  # a standfirst only: lede then paragraphs is the body, once
        author=parts.author,
        site=doc.meta.get("source") or parts.site,
        description=parts.description,
        published=_published(doc, parts, paragraphs, captions),
        language=majority_language([(p.text, p.language) for p in paragraphs])
        or detect_language(parts.lede or title or "", languages),
        encoding=encoding,
        text=layout.text(),
        title_span=title_span,
        lede_span=lede_span,
        paragraphs=paragraphs,
        headings=headings,
        captions=captions,
        related=parts.related,
        removed=parts.removed,
        repairs=repairs,
        warnings=([warning] if warning else []) + parts.warnings,
    )


def _published(doc: Document, parts: Parts, paragraphs, captions) -> Published:
    if date := normalise_date(doc.meta.get("date")):
        return Published(date, f"feed date {doc.meta['date']!r}", "feed", 1.0)
    if parts.date:
        return Published(parts.date, parts.date_evidence, "metadata", 0.9)
    texts = [p.text for p in paragraphs] + [c.text for c in captions]
    return infer_published(texts)
