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
