"""What the structure readers (plain text, HTML) hand to the article builder."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import RelatedItem, Removed


@dataclass(slots=True)
class Parts:
    title: str | None = None
    lede: str | None = None
    author: str | None = None
    site: str | None = None
    description: str | None = None
    url: str | None = None
    date: str | None = None  # from metadata, YYYY-MM-DD
    date_evidence: str | None = None
    body: list[tuple[str, str]] = field(default_factory=list)  # (kind "body"|"heading", text)
    captions: list[tuple[str, str | None]] = field(default_factory=list)  # (caption, credit)
    related: list[RelatedItem] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # content the reader could not keep
