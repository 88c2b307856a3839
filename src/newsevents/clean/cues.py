"""Load the block-classifier cues from ``data/blocks.toml`` once, compiled."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..knowledge.loader import load


@dataclass(frozen=True, slots=True)
class Cues:
    credit_end: tuple[re.Pattern[str], ...]
    credit_start: tuple[re.Pattern[str], ...]
    caption_prefixes: tuple[str, ...]
    debris_exact: frozenset[str]
    debris_tokens: tuple[str, ...]
    debris_patterns: tuple[re.Pattern[str], ...]
    boilerplate_max_words: int
    boilerplate: tuple[re.Pattern[str], ...]
    related_headings: tuple[re.Pattern[str], ...]
    byline: tuple[re.Pattern[str], ...]
    dateline: tuple[re.Pattern[str], ...]
    html: dict


def _compile(patterns: list[str], flags: int = re.I) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, flags) for p in patterns)


@cache
def load_cues() -> Cues:
    raw = load("blocks.toml")
    credit_flags = 0 if raw["credit"].get("case_sensitive") else re.I
    return Cues(
        credit_end=_compile(raw["credit"]["end"], credit_flags),
        credit_start=_compile(raw["credit"]["start"], credit_flags),
        caption_prefixes=tuple(p.lower() for p in raw["caption"]["prefixes"]),
        debris_exact=frozenset(s.casefold() for s in raw["debris"]["exact"]),
        debris_tokens=tuple(raw["debris"]["tokens"]),
        debris_patterns=_compile(raw["debris"]["patterns"], 0),
        boilerplate_max_words=raw["boilerplate"]["max_words"],
        boilerplate=_compile(raw["boilerplate"]["patterns"]),
        related_headings=_compile(raw["related"]["headings"]),
        byline=_compile(raw["byline"]["patterns"], 0),
        dateline=_compile(raw["dateline"]["patterns"]),
        html=raw["html"],
    )
