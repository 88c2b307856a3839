"""Classify the blocks of an already-extracted page (plain text, one block per line).

A scraped page mixes the article with captions, credits, UI debris and teasers for other
articles. Each block gets one label; the cues come from ``data/blocks.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .cues import Cues, load_cues

TITLE_MAX_WORDS = 20  # a headline is short and has no closing full stop
HEADING_MAX_WORDS = 12
TEASER_SUMMARY_MIN_WORDS = 16
_TERMINAL = re.compile(r"""[.!?…。！？]["'”’»)]*$""")
_SPACES = re.compile(r"\s+")


@dataclass(slots=True)
class Block:
    text: str
    label: str  # title lede body heading caption related_heading related_title
    #             related_summary debris boilerplate byline dateline
    credit: str | None = None
    reason: str | None = None  # why a block was set aside


def split_blocks(text: str) -> list[str]:
    """One block per non-empty line, whitespace folded."""
    return [b for line in text.splitlines() if (b := _SPACES.sub(" ", line).strip())]


def split_credit(text: str, cues: Cues | None = None) -> tuple[str, str | None]:
    """Split a photo credit off the start or end of a caption: (caption, credit)."""
    cues = cues or load_cues()
    for pattern in cues.credit_end:
        if m := pattern.search(text):
            caption = text[: m.start("credit")].rstrip(" -–—|,")
            return caption.strip(), _SPACES.sub(" ", m.group("credit")).strip()
    for pattern in cues.credit_start:
        if m := pattern.search(text):
            return text[m.end() :].strip(), _SPACES.sub(" ", m.group("credit")).strip()
    return text, None


def _words(text: str) -> int:
    return len(text.split())


def _headline_like(text: str, max_words: int) -> bool:
    return _words(text) <= max_words and not _TERMINAL.search(text)


def removal_reason(text: str, cues: Cues | None = None) -> tuple[str, str] | None:
    """(label, reason) when a block is not article text (debris, boilerplate), else None."""
    cues = cues or load_cues()
    if text.casefold() in cues.debris_exact:
        return "debris", "ui debris: interface text"
    if any(p.search(text) for p in cues.debris_patterns):
        return "debris", "ui debris: image file name or alt text"
    if _words(text) <= cues.boilerplate_max_words and any(
        p.search(text) for p in cues.boilerplate
    ):
        return "boilerplate", "boilerplate: cookie, subscription or copyright notice"
    return None


def _strip_debris_token(text: str, cues: Cues) -> tuple[str, str | None]:
    for token in cues.debris_tokens:
        if text.startswith(token + " "):
            return text[len(token) + 1 :].lstrip(), token
    return text, None


def classify_blocks(blocks: list[str], title_hint: str | None = None) -> list[Block]:
    """Label every block of a page; see module docstring."""
    cues = load_cues()
    out: list[Block] = []
    in_related = False
    for raw in blocks:
        text, token = _strip_debris_token(raw, cues)
        if token:
            out.append(Block(token, "debris", reason="ui debris: icon name"))
        if removal := removal_reason(text, cues):
            out.append(Block(text, removal[0], reason=removal[1]))
        elif any(p.search(text) for p in cues.related_headings):
            in_related = True
            out.append(Block(text, "related_heading", reason="related-items heading"))
        elif in_related:
            out.append(Block(text, "related_teaser"))
        elif any(p.search(text) for p in cues.byline):
            out.append(Block(text, "byline", reason="byline (kept as author)"))
        elif any(p.search(text) for p in cues.dateline):
            out.append(Block(text, "dateline", reason="dateline"))
        else:
            caption, credit = split_credit(text, cues)
            if credit or text.lower().startswith(cues.caption_prefixes):
                out.append(Block(caption, "caption", credit=credit))
            else:
                out.append(Block(text, "text"))
    if not any(b.label == "text" for b in out):
        out = _captions_as_text(out)
    _label_text_blocks([b for b in out if b.label == "text"], title_hint)
    _label_teasers([b for b in out if b.label == "related_teaser"])
    return out


def _captions_as_text(blocks: list[Block]) -> list[Block]:
    """A text that is nothing but "captions" ("Police arrested 12 ... Pic/AFP") is an article
    whose last line ends in a photo credit: its blocks are its text; the credit is kept aside
    as a removed block."""
    out: list[Block] = []
    for b in blocks:
        if b.label != "caption":
            out.append(b)
            continue
        if b.text:
            out.append(Block(b.text, "text"))
        if b.credit:
            out.append(Block(b.credit, "credit", reason="photo credit"))
    return out


def _label_text_blocks(blocks: list[Block], title_hint: str | None) -> None:
    """Title, lede, headings and body among the blocks that are article text."""
    if not blocks:
        return
    title_at = None
    if title_hint:
        hint = _SPACES.sub(" ", title_hint).strip().casefold()
        title_at = next((i for i, b in enumerate(blocks) if b.text.casefold() == hint), None)
    if title_at is None:
        title_at = next(
            (i for i, b in enumerate(blocks[:3]) if _headline_like(b.text, TITLE_MAX_WORDS)), None
        )
        # A long unpunctuated block followed by a shorter one is standfirst, then headline.
        if title_at is not None and title_at + 1 < len(blocks):
            here, nxt = blocks[title_at].text, blocks[title_at + 1].text
            if _words(here) > HEADING_MAX_WORDS and _headline_like(nxt, TITLE_MAX_WORDS) and (
                _words(nxt) < _words(here)
            ):
                title_at += 1
    if title_at is not None:
        blocks[title_at].label = "title"
        # Standfirst before the headline (scraped layouts), or an unpunctuated one right after.
        if title_at > 0:
            blocks[title_at - 1].label = "lede"
        elif len(blocks) > 2 and not _TERMINAL.search(blocks[1].text) and _words(
            blocks[1].text
        ) > HEADING_MAX_WORDS:
            blocks[1].label = "lede"
    for i, b in enumerate(blocks):
        if b.label != "text":
            continue
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        is_heading = (
            i > (title_at or 0)
            and _headline_like(b.text, HEADING_MAX_WORDS)
            and nxt is not None
            and not _headline_like(nxt.text, HEADING_MAX_WORDS)
        )
        b.label = "heading" if is_heading else "body"
    # Leading blocks before the title that are not the lede are kicker/section labels.
    for b in blocks[: max((title_at or 0) - 1, 0)]:
        b.label, b.reason = "boilerplate", "before the headline"


def _label_teasers(blocks: list[Block]) -> None:
    """Teasers come as title+summary or summary+title pairs; the first one tells the order."""
    for b in blocks:
        long = _words(b.text) >= TEASER_SUMMARY_MIN_WORDS or _TERMINAL.search(b.text)
        b.label = "related_summary" if long else "related_title"


def pair_teasers(blocks: list[Block]) -> list[tuple[str | None, str | None]]:
    """Group labelled teasers into (title, summary) pairs, in page order."""
    teasers = [b for b in blocks if b.label in ("related_title", "related_summary")]
    summary_first = bool(teasers) and teasers[0].label == "related_summary"
    items: list[tuple[str | None, str | None]] = []
    pending: Block | None = None
    for b in teasers:
        lead = "related_summary" if summary_first else "related_title"
        if b.label == lead:
            if pending is not None:
                items.append(_pair(pending, None, summary_first))
            pending = b
        elif pending is not None:
            items.append(_pair(pending, b, summary_first))
            pending = None
        else:
            items.append(_pair(b, None, not summary_first))
    if pending is not None:
        items.append(_pair(pending, None, summary_first))
    return items


def _pair(
    lead: Block, follow: Block | None, lead_is_summary: bool
) -> tuple[str | None, str | None]:
    other = follow.text if follow else None
    return (other, lead.text) if lead_is_summary else (lead.text, other)
