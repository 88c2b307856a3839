"""Counts attached to what they count, with a kind (dead, injured, arrested, displaced,
troops, weapons, people, money, other) and an approximate flag. Ordinals, years, dates,
percentages and times are not counts. Kinds and cues: data/quantities.toml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Token

from ..knowledge.loader import load
from ..knowledge.normalize import alternation
from ..model import Quantity

NOT_COUNTS = frozenset({"DATE", "TIME", "PERCENT", "ORDINAL"})
_WORDS = {w: i for i, w in enumerate([
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty"])}
_TENS = {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90, "hundred": 100, "dozen": 12}
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_NUMBER = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")


@dataclass(frozen=True, slots=True)
class _Cues:
    verbs: dict[str, str]
    adjectives: dict[str, str]
    nouns: dict[str, str]
    approximate: re.Pattern[str]


@cache
def _cues() -> _Cues:
    raw = load("quantities.toml")

    def invert(table: dict[str, list[str]]) -> dict[str, str]:
        return {word: kind for kind, words in table.items() for word in words}

    before = alternation(raw["approximate"]["before"])
    return _Cues(invert(raw["verbs"]), invert(raw["adjectives"]), invert(raw["nouns"]),
                 re.compile(rf"\b(?:{before})\s*$", re.I))


def number_value(tokens: list[Token]) -> float | None:
    """The value of a number written with digits and/or words: "2,500", "14", "three",
    "2.4 billion", "fourteen"."""
    value, seen = 0.0, False
    for token in tokens:
        word = token.lower_.replace("$", "").replace("€", "").replace("£", "")
        if _NUMBER.match(word):
            value += float(word.replace(",", ""))
        elif word in _WORDS:
            value += _WORDS[word]
        elif word in _TENS:
            value = value * 100 if word == "hundred" and value else value + _TENS[word]
        elif word in _SCALE:
            value = (value or 1) * _SCALE[word]
        else:
            continue
        seen = True
    return value if seen else None


def _is_year(token: Token) -> bool:
    return bool(re.fullmatch(r"(?:1[89]|20)\d\d", token.text)) and token.ent_type_ != "MONEY"


def _kind(counted: Token | None, number: Token) -> str:
    cues = _cues()
    anchor = counted or number
    # The verb or adjective the count goes with decides first: "22 people were killed".
    for token in [anchor, *anchor.ancestors][:4]:
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB" and lemma in cues.verbs:
            return cues.verbs[lemma]
        if token.pos_ == "VERB":
            break
    for child in anchor.children:
        if child.lower_ in cues.adjectives and child.dep_ in ("amod", "acomp", "appos"):
            return cues.adjectives[child.lower_]
    if counted is not None:
        lemma = counted.lemma_.lower()
        if lemma in cues.adjectives:
            return cues.adjectives[lemma]
        if lemma in cues.nouns:
            return cues.nouns[lemma]
    if number.ent_type_ == "MONEY":
        return "money"
    return "other"


def find_quantities(doc: Doc, offset: int) -> list[Quantity]:
    """Counts in one English block (``offset``: where the block starts in Article.text)."""
    cues = _cues()
    text = doc.text  # built once: Doc.text rebuilds it on every access
    found: list[Quantity] = []
    i = 0
    while i < len(doc):
        token = doc[i]
        if not (token.like_num or token.ent_type_ == "MONEY" and token.is_digit) or (
            token.ent_type_ in NOT_COUNTS or _is_year(token)
            or re.search(r"\d(?:st|nd|rd|th)$", token.text)
        ):
            i += 1
            continue
        j = i + 1
        while j < len(doc) and (doc[j].like_num or doc[j].lower_ in _SCALE) and (
            doc[j].ent_type_ not in NOT_COUNTS
        ):
            j += 1
        number = doc[i:j]
        value = number_value(list(number))
        if value is None:
            i = j
            continue
        head = number.root
        counted = head.head if head.dep_ in ("nummod", "quantmod") and head.head.pos_ in (
            "NOUN", "PROPN") else None
        if counted is None and i > 0 and doc[i - 1].lower_ in ("another", "other") and found:
            counted_text = found[-1].counted  # "another three [rockets]"
        else:
            counted_text = counted.text if counted is not None else None
        kind = _kind(counted, head)
        if counted is None and counted_text and found:
            kind = found[-1].kind
        start = number.start_char
        approx = cues.approximate.search(text[max(0, start - 25) : start])
        if approx:
            start -= len(text[max(0, start - 25) : start]) - approx.start()
        end = counted.idx + len(counted) if counted is not None and counted.i >= j else (
            number.end_char)
        found.append(Quantity(text[start:end], offset + start, offset + end, value, kind,
                              bool(approx), counted_text))
        i = j
    return found
