"""The coding cues (data/plover/coding.toml; the speech verbs from data/speech.toml):
modal words, support verbs, the mode tables. Read once per process, through the loader."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ...knowledge import load, speech_verbs


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
    return load("plover/coding.toml")


@cache
def cues() -> Cues:
    raw = coding()
    return Cues(*(speech_verbs("events") if name == "speech_verbs" else frozenset(raw[name])
                  for name in Cues.__slots__))


@cache
def word_modes(table: str) -> dict[str, str]:
    """lemma -> mode, from a [table] of mode = [lemmas] in coding.toml."""
    return {word: mode for mode, words in coding()[table].items() for word in words}
