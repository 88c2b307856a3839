"""Publication date: from metadata when there is some, otherwise inferred from the page.

Inference takes the latest absolute date written on the page (body and captions): a page
cannot report on a day that has not happened yet, so it was published on or after that day.
Dates introduced as deadlines ("by 15 March 2022") are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from ..knowledge.loader import load
from ..knowledge.normalize import alternation
from ..model import Published

INFERRED_CONFIDENCE = 0.5  # a lower bound read off the page, not a stated date


@dataclass(frozen=True, slots=True)
class _Patterns:
    month_of: dict[str, int]
    day_month_year: re.Pattern[str]
    month_day_year: re.Pattern[str]
    iso: re.Pattern[str]
    cjk: re.Pattern[str]
    not_before: re.Pattern[str]
    future: re.Pattern[str]


@cache
def month_names() -> dict[str, int]:
    """Month name (any supported language, lower case) -> month number."""
    return _patterns().month_of


@cache
def _patterns() -> _Patterns:
    raw = load("dates.toml")
    month_of = {
        name: i + 1 for names in raw["months"].values() for i, group in enumerate(names)
        for name in group
    }
    names = alternation(month_of)
    cues = "|".join(map(re.escape, raw["cues"]["not_before"]))
    return _Patterns(
        month_of=month_of,
        day_month_year=re.compile(
            rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th|er|º)?\.?\s+(?:de\s+)?(?P<m>{names})\.?,?\s+"
            rf"(?:de\s+|del\s+)?(?P<y>\d{{4}})\b", re.I),
        month_day_year=re.compile(
            rf"\b(?P<m>{names})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b", re.I),
        iso=re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b"),
        cjk=re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"),
        not_before=re.compile(rf"\b(?:{cues})\s*$", re.I),
        future=re.compile(r"\b(?:" + "|".join(map(re.escape, raw["cues"]["future"])) + r")\b",
                          re.I),
    )


@dataclass(frozen=True, slots=True)
class FoundDate:
    day: date
    text: str
    start: int = 0
    end: int = 0


def find_dates(text: str, skip_plans: bool = True) -> list[FoundDate]:
    """Absolute day-precision dates written in ``text`` (en, es, fr, de, it, pt, zh, ISO).

    With ``skip_plans``, dates introduced as deadlines or plans are left out (they cannot date
    the page they are written on).
    """
    p = _patterns()
    found = []
    # Every absolute date has a four-digit year: read only the stretch just before each one.
    for window_start, window_end in _year_windows(text):
        found += _dates_in(text, window_start, window_end, p, skip_plans)
    return found


_YEAR = re.compile(r"(?<!\d)(?:1[89]|2[01])\d\d(?!\d)")
DATE_REACH = 40  # characters a date can extend before its year ("25 de septiembre de 2021")


def windows(text: str, anchor: re.Pattern[str], before: int,
            after: int) -> list[tuple[int, int]]:
    """Merged stretches of ``text`` around each match of a cheap ``anchor`` pattern: where
    the expensive patterns can match at all."""
    spans: list[tuple[int, int]] = []
    for m in anchor.finditer(text):
        start, end = max(0, m.start() - before), min(len(text), m.end() + after)
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def _year_windows(text: str) -> list[tuple[int, int]]:
    return windows(text, _YEAR, DATE_REACH, 8)


def _dates_in(
    text: str, window_start: int, window_end: int, p: _Patterns, skip_plans: bool
) -> list[FoundDate]:
    found = []
    for pattern in (p.day_month_year, p.month_day_year, p.iso, p.cjk):
        for m in pattern.finditer(text, window_start, window_end):
            month = m.group("m")
            month_no = int(month) if month.isdigit() else p.month_of[month.lower()]
            try:
                day = date(int(m.group("y")), month_no, int(m.group("d")))
            except ValueError:
                continue
            if skip_plans and (
                p.not_before.search(text[max(0, m.start() - 20) : m.start()])
                or p.future.search(_clause_before(text, m.start()))
            ):
                continue
            found.append(FoundDate(day, m.group(), m.start(), m.end()))
    return found


_SENTENCE_END = re.compile(r"[.!?。]\s")


FUTURE_WINDOW = 60  # characters before a date in which a future cue makes it a plan


def _clause_before(text: str, start: int) -> str:
    """The words just before a date, not reaching back into the previous sentence."""
    window = max(0, start - FUTURE_WINDOW)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, window, start)]
    return text[ends[-1] if ends else window : start]


def infer_published(texts: list[str]) -> Published:
    """The latest absolute date in ``texts`` as a lower bound for the publication date."""
    found = [d for t in texts for d in find_dates(t)]
    if not found:
        return Published(None, None, "none", 0.0)
    latest = max(found, key=lambda d: d.day)
    return Published(latest.day.isoformat(), latest.text, "latest-date-on-page",
                     INFERRED_CONFIDENCE)


def normalise_date(value: str | None) -> str | None:
    """YYYY-MM-DD from a metadata value such as '2023-09-18T08:30:00Z', else None."""
    if value and (m := re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", value)):
        try:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    return None
