"""One normal form for names, so that "al-Kazemi", "Al Kazemi" and "AL-KAZEMI" meet."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "ʼ": "'", "ʻ": "'", "ʿ": "", "ʾ": ""})
_SEPARATORS = re.compile(r"[\s\-‐‑–—_/.,]+")
_INITIAL_DOT = re.compile(r"\b(\w)\.")
_LEADING = re.compile(r"^(?:the|a|an)\s+")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case, no diacritics, hyphens and dots as spaces, no leading article."""
    text = _INITIAL_DOT.sub(r"\1", text.translate(_APOSTROPHES))  # "U.S." -> "US"
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = _SEPARATORS.sub(" ", text).strip()
    text = re.sub(r"'s\b", "", text)
    return _LEADING.sub("", text).strip(" '\"")
