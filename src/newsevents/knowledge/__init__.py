"""Read-only knowledge: the actor base, the gazetteer, the ontology. Loaded once per process.

Every data file is read through ``loader.load`` (schema: data/manifest.toml); a bad or missing
one raises ``KnowledgeError``. ``knowledge_hash()`` versions the whole knowledge."""

from __future__ import annotations

from functools import cache

from .loader import KnowledgeError, knowledge_hash, load

SPEECH_USES = ("quotes", "events")


@cache
def speech_verbs(use: str) -> frozenset[str]:
    """The verbs of saying (data/speech.toml, the one list) less the exclusions of ``use``:
    "quotes" (a quote's speaker) or "events" (the source of an event told in the complement)."""
    if use not in SPEECH_USES:
        raise ValueError(f"speech_verbs: use is one of {SPEECH_USES}, not {use!r}")
    raw = load("speech.toml")
    return frozenset(raw["verbs"]) - frozenset(raw[use]["exclude"])


__all__ = ["KnowledgeError", "knowledge_hash", "load", "speech_verbs"]
