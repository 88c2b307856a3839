"""The coding cues (data/plover/coding.toml): modal and speech words, support verbs, the
mode tables. Read once per process."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class Cues:
    future: frozenset[str]
    hypothetical: frozenset[str]
    plan_verbs: frozenset[str]
    speech_verbs: frozenset[str]
    attribution_verbs: frozenset[str]
    killing: frozenset[str]
    location_preps: frozenset[str]
    support_verbs: frozenset[str]
    denial_verbs: frozenset[str]


@cache
def coding() -> dict:
    return tomllib.loads(resources.files("newsevents.data").joinpath("plover", "coding.toml")
                         .read_text(encoding="utf-8"))


@cache
def cues() -> Cues:
    raw = coding()
    return Cues(*(frozenset(raw[name]) for name in Cues.__slots__))


@cache
def word_modes(table: str) -> dict[str, str]:
    """lemma -> mode, from a [table] of mode = [lemmas] in coding.toml."""
    return {word: mode for mode, words in coding()[table].items() for word in words}
