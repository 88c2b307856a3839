"""What a user types, checked before any query runs: dates, PLOVER categories, modes, contexts
and sectors, countries, limits and distances. A bad value is a usage error: one line on
stderr, ``error: --OPTION 'VALUE': what is expected`` (with a "did you mean" hint when one
is close), and exit status 2. Nothing is ever compared as a raw string it was not meant to
be (``--since 2023/07/01`` used to match everything after "2023/")."""

from __future__ import annotations

import calendar
import difflib
import re
import sys
from datetime import date, timedelta
from functools import cache

import typer

from .render import safe

USAGE = 2  # the exit status of a usage error, as click's own

# ISO dates, at day, month or year precision; nothing else is a date here.
_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
# A time ago: 7d, 2w, 3m, 1y (days, weeks, calendar months, calendar years before today).
_AGO = re.compile(r"(\d{1,5})([dwmy])")
DATE_HELP = ("YYYY-MM-DD, YYYY-MM or YYYY, or a time ago: 7d, 2w, 3m, 1y (days, weeks, "
             "months, years before today)")


def fail(message: str, code: int = USAGE) -> typer.Exit:
    """One sanitised line on stderr; raise what this returns."""
    print(f"error: {safe(message.replace(chr(10), ' '), newlines=False)}", file=sys.stderr)
    return typer.Exit(code)


def _shown(value: str) -> str:
    return repr(value)


def _months_back(day: date, months: int) -> date:
    month = day.month - 1 - months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def parse_date(value: str, option: str, *, end: bool = False,
               today: date | None = None) -> str:
    """``value`` as the YYYY-MM-DD day it stands for: the first day of a month or year, or
    with ``end`` (an --until) its last day, so both bounds are inclusive; a time ago is that
    many days, weeks, months or years before ``today``."""
    text = value.strip()
    if match := _ISO.fullmatch(text):
        year, month, day = (int(g) if g else None for g in match.groups())
        try:
            if day is not None:
                return date(year, month, day).isoformat()
            if month is not None:
                last = calendar.monthrange(year, month)[1]
                return date(year, month, last if end else 1).isoformat()
            return date(year, 12, 31).isoformat() if end else date(year, 1, 1).isoformat()
        except (ValueError, calendar.IllegalMonthError):
            raise fail(f"{option} {_shown(value)}: no such date") from None
    if match := _AGO.fullmatch(text.lower()):
        count, unit = int(match.group(1)), match.group(2)
        today = today or date.today()
        try:
            if unit in "dw":
                return (today - timedelta(days=count * (7 if unit == "w" else 1))).isoformat()
            return _months_back(today, count * (12 if unit == "y" else 1)).isoformat()
        except (ValueError, OverflowError):
            raise fail(f"{option} {_shown(value)}: too far back") from None
    raise fail(f"{option} {_shown(value)}: expected a date: {DATE_HELP}")


def date_range(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    """--since and --until as inclusive YYYY-MM-DD bounds; an empty range is an error."""
    low = parse_date(since, "--since") if since is not None else None
    high = parse_date(until, "--until", end=True) if until is not None else None
    if low and high and low > high:
        raise fail(f"--since {since} is after --until {until}")
    return low, high


# -- the ontology ---------------------------------------------------------------------------


def _hint(value: str, known: list[str], extra: str | None = None) -> str:
    close = difflib.get_close_matches(value, known, n=3, cutoff=0.6)
    if extra and extra not in close:
        close.insert(0, extra)
    return f"; did you mean {' or '.join(close)}?" if close else ""


@cache
def categories() -> list[str]:
    from ..knowledge.ontology import ontology

    return sorted(ontology().quad)


@cache
def _modes() -> dict[str, list[str]]:
    from ..knowledge.ontology import ontology

    modes: dict[str, list[str]] = {}
    for event, mode in ontology().mode_score:
        modes.setdefault(event, []).append(mode)
    return modes


@cache
def contexts() -> list[str]:
    from ..knowledge.ontology import ontology

    return sorted(ontology().contexts)


@cache
def sectors() -> list[str]:
    """The sector codes of the actor knowledge (agents.toml's sectors, GOV, MIL, ...)."""
    from ..knowledge.loader import load

    return sorted(load("actors/agents.toml")["sectors"])


def _trigger_category(word: str) -> str | None:
    """The category a trigger word is coded as ('attack' -> ASSAULT): the likeliest thing a
    user who typed a word for a category meant."""
    from ..knowledge.ontology import ontology

    for pos in ("VERB", "NOUN"):
        for trigger in ontology().triggers.get((word.lower(), pos), []):
            if trigger.event:
                return trigger.event
    return None


def category(value: str | None, option: str = "--type") -> str | None:
    """A PLOVER category, upper-cased; an unknown one is an error with a hint."""
    if value is None:
        return None
    name = value.strip().upper()
    if name in categories():
        return name
    hint = _hint(name, categories(), _trigger_category(value.strip()))
    raise fail(f"{option} {_shown(value)}: not a PLOVER category{hint} (one of "
               f"{', '.join(categories())})")


def mode(value: str | None, of: str | None = None) -> str | None:
    """A PLOVER mode (of category ``of`` when given), lower-cased."""
    if value is None:
        return None
    name = value.strip().lower()
    allowed = sorted(set(_modes().get(of, [])) if of else
                     {m for ms in _modes().values() for m in ms})
    if name in allowed:
        return name
    where = f"a mode of {of}" if of else "a PLOVER mode"
    listed = f" (one of {', '.join(allowed)})" if allowed else f" ({of} has no modes)"
    raise fail(f"--mode {_shown(value)}: not {where}{_hint(name, allowed)}{listed}")


def context(value: str | None) -> str | None:
    if value is None:
        return None
    name = value.strip().lower().replace("-", "_").replace(" ", "_")
    if name in contexts():
        return name
    raise fail(f"--context {_shown(value)}: not a PLOVER context{_hint(name, contexts())} "
               f"(one of {', '.join(contexts())})")


# -- countries and parties ------------------------------------------------------------------


@cache
def _country_index() -> tuple[dict[str, str], dict[str, str]]:
    """(ISO-3 code -> name, folded name -> ISO-3 code) from the actor knowledge."""
    from ..knowledge.actors import country_names
    from ..knowledge.normalize import fold

    names = country_names()
    index = {fold(name): code for code, all_names in names.items() for name in all_names}
    return {code: all_names[0] for code, all_names in names.items()}, index


def country_name(code: str | None) -> str | None:
    """The country's name for an ISO-3 code; None for other codes (IGO, UNO, ...)."""
    return _country_index()[0].get(code or "")


def country(value: str | None, option: str = "--country") -> str | None:
    """An ISO alpha-3 code, or a country name resolved to one ('Iraq' -> IRQ)."""
    if value is None:
        return None
    from ..knowledge.normalize import fold

    codes, names = _country_index()
    text = value.strip()
    if text.upper() in codes:
        return text.upper()
    if (code := names.get(fold(text))) is not None:
        return code
    close = difflib.get_close_matches(fold(text), list(names), n=1, cutoff=0.75)
    hint = ""
    if close:
        code = names[close[0]]
        hint = f"; did you mean {code} ({codes[code]})?"
    raise fail(f"{option} {_shown(value)}: not a country; expected an ISO alpha-3 code "
               f"(IRQ) or a country name (Iraq){hint}")


_CODE = re.compile(r"[A-Za-z]{3}")


def party(value: str | None, option: str) -> str | None:
    """An actor or recipient: a code with an optional sector ('USA', 'USA MIL'); a country
    name stands for its code ('Iraq MIL' -> 'IRQ MIL')."""
    if value is None:
        return None
    words = value.split()
    if not words:
        raise fail(f"{option} {_shown(value)}: expected an actor code such as USA or 'USA MIL'")
    sector = None
    if len(words) > 1 and words[-1].upper() in sectors():
        sector, words = words[-1].upper(), words[:-1]
    elif len(words) == 2 and _CODE.fullmatch(words[0]) and words[0].upper() \
            in _country_index()[0]:
        raise fail(f"{option} {_shown(value)}: {words[1]!r} is not a sector"
                   f"{_hint(words[1].upper(), sectors())} (one of {', '.join(sectors())})")
    name = " ".join(words)
    codes, names = _country_index()
    from ..knowledge.normalize import fold

    if (code := names.get(fold(name))) is None:
        if not _CODE.fullmatch(name):
            raise fail(f"{option} {_shown(value)}: expected an actor code (USA, IGO, UNO), a "
                       "country name, and an optional sector: 'USA MIL'")
        code = name.upper()
    return f"{code} {sector}" if sector else code


# -- numbers ----------------------------------------------------------------------------------

_KM = re.compile(r"(\d+(?:\.\d+)?)\s*(km)?", re.IGNORECASE)


def within_km(value: str | None, near: str | None) -> float:
    """--within as kilometres (> 0); it needs --near."""
    if value is None:
        return 100.0
    if near is None:
        raise fail(f"--within {_shown(value)}: needs --near PLACE")
    match = _KM.fullmatch(value.strip())
    if match is None or float(match.group(1)) <= 0:
        raise fail(f"--within {_shown(value)}: expected a distance above 0, such as 100km")
    return float(match.group(1))


def limit(value: str, option: str = "--limit") -> int | None:
    """A count of results: a whole number, 0 or 'all' for no limit (None)."""
    text = value.strip().lower()
    if text in ("all", "0"):
        return None
    if text.isdigit():
        return int(text)
    raise fail(f"{option} {_shown(value)}: expected a whole number, or 0 or 'all' for "
               "every result")


def offset(value: int) -> int:
    if value < 0:
        raise fail(f"--offset {value}: expected 0 or more")
    return value


def confidence(value: float) -> float:
    if not 0.0 <= value <= 1.0:
        raise fail(f"--min-confidence {value:g}: expected a number from 0 to 1")
    return value


def positive(value: int, option: str) -> int:
    if value < 1:
        raise fail(f"{option} {value}: expected 1 or more")
    return value
