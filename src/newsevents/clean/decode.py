"""Bytes to text: BOM, then the declared charset, then UTF-8, then a detector."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer

from ..errors import InputError

# Magic numbers of files that are never news text: refuse them by name, not by garbage output.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"%PDF-", "PDF document"),
    (b"\x7fELF", "ELF executable"),
    (b"GIF8", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"MZ", "Windows executable"),
    (b"RIFF", "RIFF media file"),
    (b"\x00\x00\x01\x00", "icon image"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]{0,100}encoding\s*=\s*["']([A-Za-z0-9_.-]+)""")
_CT_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_:.-]+)", re.I)


_SINGLE_BYTE_LATIN = frozenset(
    ["cp1250", "cp1252", "cp1254", "cp1257", "latin_1", "iso8859-1", "iso8859-2", "iso8859-9",
     "iso8859-15", "mac-roman", "cp850"]
)


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


@dataclass(slots=True)
class Decoded:
    text: str
    encoding: str
    warning: str | None = None  # set when the declared or assumed charset was wrong


def sniff_binary(data: bytes) -> str | None:
    """Name the kind of binary file ``data`` is, or None when it may be text."""
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    head = data[:8192]
    if b"\x00" in head and not any(head.startswith(bom) for bom, _ in _BOMS):
        return "binary data (NUL bytes)"
    return None


def declared_charset(data: bytes, content_type: str | None) -> str | None:
    """The charset the input declares: HTTP header first, then <meta>, then the XML prolog."""
    if content_type and (m := _CT_CHARSET.search(content_type)):
        return _normalise(m.group(1))
    head = data[:4096]
    for pattern in (_META_CHARSET, _XML_ENCODING):
        if m := pattern.search(head):
            return _normalise(m.group(1).decode("ascii", "replace"))
    return None


def _normalise(name: str) -> str | None:
    try:
        return codecs.lookup(name.strip()).name
    except LookupError:
        return None


def decode(data: bytes, content_type: str | None = None) -> Decoded:
    """Decode ``data``; raise InputError for binary or undecodable input."""
    if kind := sniff_binary(data):
        raise InputError(f"{kind}, not a news document")
    for bom, name in _BOMS:
        if data.startswith(bom):
            return Decoded(data[len(bom) :].decode(name, "replace"), name)
    declared = declared_charset(data, content_type)
    warning = None
    if declared:
        try:
            return Decoded(data.decode(declared), declared)
        except UnicodeDecodeError:
            warning = f"declared charset {declared} does not fit the bytes"
    try:
        return Decoded(data.decode("utf-8"), "utf-8", warning)
    except UnicodeDecodeError as exc:
        reason = warning or f"invalid UTF-8 at byte {exc.start}"
    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(f"cannot decode text: {reason}, and no charset detected")
    encoding = _normalise(best.encoding) or best.encoding
    text = str(best)
    if encoding in _SINGLE_BYTE_LATIN and _decodes(data, "cp1252"):
        # Detectors confuse the Latin code pages on short texts; undeclared Western pages are
        # windows-1252 far more often (it is also the web's default, per WHATWG).
        encoding, text = "cp1252", data.decode("cp1252")
    return Decoded(text, encoding, f"{reason}; decoded as {encoding} (detected)")
