"""Time expressions, each normalised to a date range against the right anchor.

Absolute dates stand alone; deictic ones ("earlier this month", "the end of the year", "last
week") are resolved against the publication date; anaphoric ones ("two days later") are
recorded with anchor "relative" and no date, because their anchor is another event. dateparser
handles what it parses well ("three days ago"); a weekday ("on Sunday", "last Sunday", "next
Sunday") is counted from the publication day, which it may name; project rules
(data/times.toml) handle the rest.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

import dateparser

from ..clean.pubdate import find_dates, month_names, windows
from ..knowledge.loader import load
from ..knowledge.normalize import alternation
from ..model import TimeExpression


@dataclass(frozen=True, slots=True)
class _Rules:
    deictic: list[tuple[re.Pattern[str], tuple[str, int, str]]]
    any_deictic: re.Pattern[str]  # all of them at once: one scan of the text
    relative: re.Pattern[str]
    dateparser: re.Pattern[str]
    deadline: re.Pattern[str]
    since: re.Pattern[str]
    future: re.Pattern[str]
    month_year: re.Pattern[str]
    bare_month: re.Pattern[str]
    year: re.Pattern[str]


@cache
def _rules() -> _Rules:
    raw = load("times.toml")
    cues = raw["cues"]
    months = alternation(list(month_names()))
    english = "January|February|March|April|May|June|July|August|September|October|November|" \
        "December"
    preps = alternation(cues["month_prepositions"])
    return _Rules(
        deictic=[(re.compile(rf"{k}$", re.I), tuple(v)) for k, v in raw["deictic"].items()],
        any_deictic=re.compile(r"\b(?:" + "|".join(raw["deictic"]) + r")\b", re.I),
        relative=re.compile(r"\b(?:" + "|".join(raw["relative"]["patterns"]) + r")\b", re.I),
        dateparser=re.compile(r"\b(?:" + "|".join(raw["dateparser"]["patterns"]) + r")\b"),
        deadline=re.compile(rf"\b(?:{alternation(cues['deadline'])})\s+$", re.I),
        since=re.compile(rf"\b(?:{alternation(cues['since'])})\s+$", re.I),
        future=re.compile(rf"\b(?:{alternation(cues['future'])})\b", re.I),
        month_year=re.compile(rf"\b(?P<m>{months})\s+(?:de\s+|of\s+|del\s+)?(?P<y>(?:1[89]|20)\d\d)\b",
                              re.I),
        bare_month=re.compile(rf"\b(?:{preps})[\s-]+(?P<m>{english})\b(?!\s*\d)"),
        year=re.compile(rf"\b(?:{preps})\s+(?P<y>(?:19|20)\d\d)\b(?![-/]\d)", re.I),
    )


# Cheap anchors: the expensive patterns only run near these words.
_YEAR_ANCHOR = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")
_UNIT_ANCHOR = re.compile(r"(?i)\b(?:day|week|month|year|today|yesterday|tomorrow|mes|año|"
                          r"mois|année|días)")
REACH = 40  # characters an expression extends before its anchor word


def _scan(pattern: re.Pattern[str], text: str, spans: list[tuple[int, int]]):
    for start, end in spans:
        yield from pattern.finditer(text, start, end)


def _month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _shift_month(day: date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def _deictic(pub: date, unit: str, offset: int, part: str) -> tuple[date, date | None, str]:
    if unit == "day":
        day = pub + timedelta(days=offset)
        return day, None, "day"
    if unit == "week":
        monday = pub - timedelta(days=pub.weekday()) + timedelta(weeks=offset)
        first, last = monday, monday + timedelta(days=6)
    elif unit == "month":
        first, last = _month_range(*_shift_month(pub, offset))
    else:
        first, last = date(pub.year + offset, 1, 1), date(pub.year + offset, 12, 31)
    if part == "end":
        return last, None, "day"
    if part == "until":
        return first, min(last, pub), unit
    if part == "after":
        return max(first, pub), last, unit
    return first, last, unit


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = re.compile(r"(?i)\b(?:" + "|".join(_WEEKDAYS) + r")\b")
_NEXT = re.compile(r"(?i)\bnext\s+$")


def _weekday(pub: date, name: str, expression: str) -> date:
    """A weekday against the publication date: the publication day itself when it names
    that day ("on Saturday, 23 March 2024" in Saturday's paper), else the latest such day
    before it; "last Saturday" is always a week back or less, "next Saturday" ahead."""
    back = (pub.weekday() - _WEEKDAYS.index(name)) % 7
    words = expression.lower().split()
    if words[0] == "next":
        return pub + timedelta(days=(7 - back) % 7 or 7)
    if words[0] == "last":
        return pub - timedelta(days=back or 7)
    return pub - timedelta(days=back)


SENTENCE_REACH = 5_000  # characters a sentence is looked for around an expression


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around text[start:end], within SENTENCE_REACH of it (a text without
    full stops must not cost a scan of the whole text per expression)."""
    low, high = max(0, start - SENTENCE_REACH), min(len(text), end + SENTENCE_REACH)
    left = max(text.rfind(". ", low, start), text.rfind("\n", low, start), low - 1)
    right = min((i for i in (text.find(". ", end, high), text.find("\n", end, high)) if i >= 0),
                default=high)
    return text[left + 1 : right]


def find_times(text: str, published: str | None) -> list[TimeExpression]:
    """Every time expression in ``text``, resolved where its anchor is known."""
    rules = _rules()
    pub = date.fromisoformat(published) if published else None
    found: list[TimeExpression] = []
    # The spans taken so far, apart from each other and sorted: an overlap can only be with
    # the last one that starts before ``end`` (a bisection, not a scan of every time).
    taken_starts: list[int] = []
    taken_ends: list[int] = []

    def free(start: int, end: int) -> bool:
        i = bisect_left(taken_starts, end) - 1
        return i < 0 or taken_ends[i] <= start

    def add(start: int, end: int, first: date | None, last: date | None, granularity: str | None,
            anchor: str) -> None:
        if not free(start, end):
            return
        before = text[max(0, start - 25) : start]
        deadline = bool(rules.deadline.search(before))
        if rules.since.search(before) and first is not None:
            last = None  # "since 2014": open-ended from its start
        found.append(TimeExpression(
            text[start:end], start, end, first.isoformat() if first else None,
            last.isoformat() if last and last != first else None, granularity, anchor, deadline))
        i = bisect_left(taken_starts, start)
        taken_starts.insert(i, start)
        taken_ends.insert(i, end)

    years = windows(text, _YEAR_ANCHOR, REACH, 8)
    units = windows(text, _UNIT_ANCHOR, REACH, 20)
    for d in find_dates(text, skip_plans=False):
        add(d.start, d.end, d.day, None, "day", "absolute")
    months = month_names()
    for m in _scan(rules.month_year, text, years):
        first, last = _month_range(int(m["y"]), months[m["m"].lower()])
        add(m.start(), m.end(), first, last, "month", "absolute")
    for m in _scan(rules.relative, text, units):
        add(m.start(), m.end(), None, None, None, "relative")
    for m in _scan(rules.any_deictic, text, units):
        unit, offset, part = next(rule for pattern, rule in rules.deictic
                                  if pattern.match(m.group()))
        if pub is None:
            add(m.start(), m.end(), None, None, None, "relative")
        else:
            first, last, granularity = _deictic(pub, unit, offset, part)
            add(m.start(), m.end(), first, last, granularity, "publication")
    parsed_before: dict[str, datetime | None] = {}  # one parse per distinct expression
    for m in rules.dateparser.finditer(text):
        if pub is None or not free(m.start(), m.end()):
            continue
        day = _WEEKDAY.search(m.group())
        if day is not None:
            start = m.start()
            if _NEXT.search(text, max(0, start - 5), start):  # "next Saturday"
                start = text.rfind("next", max(0, start - 5), start)
            if free(start, m.end()):
                add(start, m.end(), _weekday(pub, day.group().lower(), text[start:m.end()]),
                    None, "day", "publication")
            continue
        if m.group() not in parsed_before:
            parsed_before[m.group()] = dateparser.parse(m.group(), languages=["en"], settings={
                "RELATIVE_BASE": datetime(pub.year, pub.month, pub.day),
                "PREFER_DATES_FROM": "past"})
        parsed = parsed_before[m.group()]
        if parsed:
            add(m.start(), m.end(), parsed.date(), None, "day", "publication")
    for m in _scan(rules.year, text, years):
        year = int(m["y"])
        add(m.start("y"), m.end("y"), date(year, 1, 1), date(year, 12, 31), "year", "absolute")
    for m in rules.bare_month.finditer(text):
        if pub is None:
            continue
        month = months[m["m"].lower()]
        future = bool(rules.future.search(_sentence(text, m.start(), m.end())))
        year = pub.year
        if future and month < pub.month:
            year += 1
        elif not future and month > pub.month:
            year -= 1
        first, last = _month_range(year, month)
        add(m.start("m"), m.end("m"), first, last, "month", "publication")
    return sorted(found, key=lambda t: t.start)
