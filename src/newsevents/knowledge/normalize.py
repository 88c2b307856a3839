"""One normal form for names, so that "al-Kazemi", "Al Kazemi" and "AL-KAZEMI" meet."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "ʼ": "'", "ʻ": "'", "ʿ": "", "ʾ": ""})
_SEPARATORS = re.compile(r"[\s\-‐‑–—_/.,]+")
_INITIAL_DOT = re.compile(r"\b(\w)\.")
_LEADING = re.compile(r"^(?:the|a|an)\s+")
_POSSESSIVE = re.compile(r"'s\b")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case, no diacritics, hyphens and dots as spaces, no leading article."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    if "." in text:
        text = _INITIAL_DOT.sub(r"\1", text)  # "U.S." -> "US"
    text = _SEPARATORS.sub(" ", text.casefold()).strip()
    if "'" in text:
        text = _POSSESSIVE.sub("", text)
    return _LEADING.sub("", text).strip(" '\"")


def alternation(words) -> str:
    """A regex alternation of ``words``, escaped, longest first (so "prime minister" wins
    over "minister"). A plain alternation of literals: linear on any text."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))
