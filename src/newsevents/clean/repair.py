"""Mojibake repair that changes nothing but mojibake, and records every change.

Two kinds:
- ``ftfy``: single-byte mix-ups (UTF-8 read as Latin-1/cp1252: "cafÃ©"), by ftfy's encoding
  fixer alone (no quote uncurling, width folding or normalisation: a typo stays a typo).
- ``utf8-as-gbk``: UTF-8 read as GBK ("despu茅s"), which ftfy cannot see. Decided per
  document: only in a mostly Latin-script document, only inside words that mix Latin letters
  with CJK characters, and only when the round trip gives Latin letters. Real Chinese text is
  therefore never touched.
"""

from __future__ import annotations

import bisect
import re
import unicodedata

import ftfy

from ..model import Repair

_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
# A word of Latin letters and CJK characters; the ones with a CJK character are candidates.
# (Matched as maximal runs and then filtered: "[L]*[C][L]*" is quadratic on a long Latin run.)
_WORD = re.compile(rf"[A-Za-z\u00c0-\u024f{_CJK}]+")
_CJK_RUN = re.compile(rf"[{_CJK}]+")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
_MAX_CJK_SHARE = 0.05  # above this share of letters, CJK is the document's own script

_FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=False,
    decode_inconsistent_utf8=True,
    fix_c1_controls=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=False,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)


def _is_latin_word(word: str) -> bool:
    return all(unicodedata.name(ch, "").startswith("LATIN") for ch in word)


def _gbk_roundtrip(word: str) -> str | None:
    """The word with each CJK run read back as UTF-8 bytes, or None if that is not Latin."""
    if not _LATIN_LETTER.search(word):
        return None
    try:
        fixed = _CJK_RUN.sub(lambda m: m.group().encode("gbk").decode("utf-8"), word)
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    return fixed if fixed != word and _is_latin_word(fixed) else None


def _gbk_repairs(text: str) -> list[Repair]:
    cjk = sum(len(run) for run in _CJK_RUN.findall(text))
    if not cjk:
        return []
    latin = len(_LATIN_LETTER.findall(text))
    if cjk > _MAX_CJK_SHARE * (latin + cjk):
        return []
    repairs = []
    for m in _WORD.finditer(text):
        if _CJK_RUN.search(m.group()) and (fixed := _gbk_roundtrip(m.group())):
            repairs.append(Repair("utf8-as-gbk", m.group(), fixed, m.start(), m.end()))
    return repairs


# A UTF-8 lead byte read as Latin-1/cp1252 ("Ã", "Â", "â") followed by a continuation byte
# read the same way: the shape of every mojibake ftfy can fix. Lines without it skip ftfy.
_MOJIBAKE_SHAPE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)


def _ftfy_repairs(text: str) -> list[Repair]:
    if not _MOJIBAKE_SHAPE.search(text):
        return []
    repairs = []
    pos = 0
    for line in text.splitlines(keepends=True):
        if _MOJIBAKE_SHAPE.search(line):
            fixed = ftfy.fix_text(line, _FTFY_CONFIG)
            if fixed != line:
                repairs.extend(_word_diffs(line, fixed, pos))
        pos += len(line)
    return repairs


def _word_diffs(before: str, after: str, offset: int) -> list[Repair]:
    """Narrow a changed line to the changed words when the word count is kept."""
    old, new = before.split(" "), after.split(" ")
    if len(old) != len(new):
        return [Repair("ftfy", before, after, offset, offset + len(before))]
    repairs, pos = [], offset
    for a, b in zip(old, new, strict=True):
        if a != b:
            repairs.append(Repair("ftfy", a, b, pos, pos + len(a)))
        pos += len(a) + 1
    return repairs


def _overlaps(repairs: list[Repair], r: Repair) -> bool:
    """Whether ``r`` overlaps one of ``repairs`` (sorted, disjoint): a bisection, not a scan."""
    i = bisect.bisect_right(repairs, r.start, key=lambda x: x.start)
    return any(s.start < r.end and r.start < s.end for s in repairs[max(i - 1, 0) : i + 1])


def repair_text(text: str) -> tuple[str, list[Repair]]:
    """Return the repaired text and the repairs (offsets into the input text)."""
    gbk = _gbk_repairs(text)
    others = [r for r in _ftfy_repairs(text) if not _overlaps(gbk, r)]
    repairs = sorted(gbk + others, key=lambda r: r.start)
    if not repairs:
        return text, []
    parts, pos = [], 0
    for r in repairs:
        parts.append(text[pos : r.start])
        parts.append(r.after)
        pos = r.end
    parts.append(text[pos:])
    return "".join(parts), repairs
