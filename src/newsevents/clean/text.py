"""Structure of a plain-text page: blocks classified into the parts of an article."""

from __future__ import annotations

from ..model import RelatedItem, Removed
from .blocks import classify_blocks, pair_teasers, split_blocks
from .parts import Parts


def parts_from_text(text: str, title_hint: str | None = None) -> Parts:
    blocks = classify_blocks(split_blocks(text), title_hint)
    parts = Parts()
    for b in blocks:
        match b.label:
            case "title":
                parts.title = b.text
            case "lede":
                parts.lede = b.text
            case "body" | "heading":
                parts.body.append((b.label, b.text))
            case "caption":
                parts.captions.append((b.text, b.credit))
            case "byline":
                parts.author = parts.author or b.text.split(" ", 1)[1]  # drop "By"
                parts.removed.append(Removed(b.text, b.reason or "byline"))
            case "related_title" | "related_summary":
                pass
            case _:
                parts.removed.append(Removed(b.text, b.reason or b.label))
    parts.related = [RelatedItem(title, summary) for title, summary in pair_teasers(blocks)]
    return parts
