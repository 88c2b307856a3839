"""Text cut into segments for highlighting: each segment carries the spans over it, so a
page can mark every field's words (overlapping and nested spans included) while the text
itself is only ever escaped by the template, never pasted in as markup."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_CLASS = re.compile(r"[^a-z0-9_-]")  # one pass over a short name: linear


def css_name(name: str) -> str:
    """A field or kind name as a safe CSS class part."""
    return _CLASS.sub("-", name.lower())[:40]


@dataclass(slots=True)
class Mark:
    start: int
    end: int
    kind: str  # actor, place, time, quote, speaker, trigger, or a record field
    title: str = ""
    href: str | None = None


@dataclass(slots=True)
class Segment:
    text: str
    marks: list[Mark] = field(default_factory=list)

    @property
    def classes(self) -> str:
        return " ".join(sorted({f"k-{css_name(m.kind)}" for m in self.marks}))

    @property
    def title(self) -> str:
        return "; ".join(dict.fromkeys(m.title for m in self.marks if m.title))


def segments(text: str, marks: list[Mark], base: int = 0) -> list[Segment]:
    """``text`` (whose first character is at offset ``base`` of the article) cut at every
    mark's ends; marks outside it are dropped, marks over its ends clipped."""
    end = base + len(text)
    inside = [m for m in marks if m.start < end and m.end > base and m.end > m.start]
    cuts = sorted({base, end, *(max(m.start, base) for m in inside),
                   *(min(m.end, end) for m in inside)})
    by_start = sorted(inside, key=lambda m: m.start)
    out: list[Segment] = []
    active: list[Mark] = []
    i = 0
    for a, b in zip(cuts, cuts[1:], strict=False):
        while i < len(by_start) and max(by_start[i].start, base) <= a:
            active.append(by_start[i])
            i += 1
        active = [m for m in active if m.end > a]
        out.append(Segment(text[a - base:b - base], [m for m in active if m.start < b]))
    return out


def party_title(p: dict[str, Any] | None) -> str:
    if not p:
        return ""
    words = [w for w in (p.get("code"), p.get("sector")) if w]
    name = p.get("name") or p.get("identifier_text")
    return " ".join(words) + (f" ({name})" if name else "")
