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
    """The charset label the input declares, as written: HTTP header first, then <meta>, then
    the XML prolog. ``usable_charset`` says whether it names a character set."""
    if content_type and (m := _CT_CHARSET.search(content_type)):
        return m.group(1).strip()
    head = data[:4096]
    for pattern in (_META_CHARSET, _XML_ENCODING):
        if m := pattern.search(head):
            return m.group(1).decode("ascii", "replace").strip()
    return None


# Codecs Python knows that are no character set of a page: they need code ("undefined"),
# transform the text (escapes, punycode, idna), or let a page hide markup from filters
# (UTF-7, which WHATWG browsers refuse). Byte-to-byte codecs (hex, base64, rot13) are caught by
# the codec's own "not a text encoding" flag.
_NOT_PAGE_CHARSETS = frozenset(
    ["undefined", "punycode", "idna", "utf-7", "unicode-escape", "raw-unicode-escape",
     "unicode-internal", "mbcs", "oem"]
)


def usable_charset(label: str) -> str | None:
    """The codec name for a charset label, or None when it names no text character set."""
    try:
        info = codecs.lookup(label)
    except (LookupError, ValueError):  # ValueError: a label with a NUL
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_PAGE_CHARSETS:
        return None
    return info.name


def _try(data: bytes, encoding: str) -> tuple[str, str | None] | None:
    """(text, warning) when ``data`` decodes in ``encoding``, else None."""
    if encoding == "utf-8":
        return _utf8(data)
    try:
        return data.decode(encoding), None
    except (UnicodeError, ValueError, LookupError):  # codecs raise more than UnicodeError
        return None


def _invalid_utf8_at(data: bytes) -> int:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    return -1


def _utf8(data: bytes) -> tuple[str, str | None] | None:
    """``data`` as UTF-8, with a warning when it held surrogate code points (replaced)."""
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    try:  # WTF-8 / CESU-8: surrogates encoded as if they were characters
        text = data.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        return None
    fixed = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    lone = fixed.count("\ufffd") - text.count("\ufffd")
    if lone:
        return fixed, f"{lone} lone surrogate(s) in the UTF-8 (invalid) replaced with U+FFFD"
    return fixed, "surrogate pairs encoded one by one (CESU-8) joined"


# Share of replacement characters up to which bytes after a UTF-8 BOM are still UTF-8 with a
# few bad bytes; above it the BOM is wrong and the bytes go to detection.
_MAX_BAD_AFTER_BOM = 0.01


def _plausible_wide(text: str) -> bool:
    """Whether text decoded as UTF-16/32 is text: it has some ASCII (markup, spaces, line
    breaks, digits) and next to no control characters. Bytes of an 8-bit or UTF-8 page read as
    UTF-16 give CJK-looking characters with no ASCII at all."""
    sample = text[:4096]
    if not sample:
        return True
    ascii_chars = sum(1 for c in sample if c < "\x80")
    controls = sum(1 for c in sample if c < " " and c not in "\t\n\r\x0c")
    return controls <= 0.01 * len(sample) and (ascii_chars > 0 or len(sample) < 16)


def _decode_after_bom(body: bytes, name: str) -> Decoded | None:
    """The bytes after a BOM in the BOM's encoding, or None when they are not in it."""
    try:
        text = body.decode(name)
    except UnicodeDecodeError as exc:
        text = body.decode(name, "replace")
        bad = text.count("\ufffd") - body.count("\ufffd".encode(name))
        if name == "utf-8" and (fixed := _utf8(body)):
            return Decoded(fixed[0], name, f"after the UTF-8 byte-order mark: {fixed[1]}")
        if bad > _MAX_BAD_AFTER_BOM * max(len(text), 1) or (
            name != "utf-8" and not _plausible_wide(text)
        ):
            return None
        return Decoded(text, name, f"invalid {name} after the byte-order mark at byte "
                                   f"{exc.start + len(_bom_of(name))}: {bad} sequence(s) "
                                   "replaced with U+FFFD")
    if name != "utf-8" and not _plausible_wide(text):
        return None
    return Decoded(text, name)


def _bom_of(name: str) -> bytes:
    return next(bom for bom, encoding in _BOMS if encoding == name)


def decode(data: bytes, content_type: str | None = None) -> Decoded:
    """Decode ``data``; raise InputError for binary or undecodable input."""
    if kind := sniff_binary(data):
        raise InputError(f"{kind}, not a news document")
    for bom, name in _BOMS:
        if data.startswith(bom):
            if decoded := _decode_after_bom(data[len(bom) :], name):
                return decoded
            data = data[len(bom) :]
            if kind := sniff_binary(data):
                raise InputError(f"{kind} after a {name} byte-order mark, not a news document")
            return _decode_unmarked(
                data, content_type, f"{name} byte-order mark in front of bytes that are not {name}"
            )
    return _decode_unmarked(data, content_type, None)


def _decode_unmarked(data: bytes, content_type: str | None, warning: str | None) -> Decoded:
    """Declared charset, then UTF-8, then the detector; ``warning`` says what went before."""

    def joined(*reasons: str | None) -> str | None:
        return "; ".join(r for r in reasons if r) or None

    declared = None
    if label := declared_charset(data, content_type):
        declared = usable_charset(label)
        if declared is None:
            warning = joined(warning, f"declared charset {label!r} is unknown or not a text "
                                        "character set")
        elif decoded := _try(data, declared):
            return Decoded(decoded[0], declared, joined(warning, decoded[1]))
        else:
            warning = joined(warning, f"declared charset {declared} does not fit the bytes")
    if declared != "utf-8" and (decoded := _try(data, "utf-8")):
        return Decoded(decoded[0], "utf-8", joined(warning, decoded[1]))
    reason = warning or f"invalid UTF-8 at byte {_invalid_utf8_at(data)}"
    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(f"cannot decode text: {reason}, and no charset detected")
    encoding = usable_charset(best.encoding)
    if encoding is None:
        raise InputError(f"cannot decode text: {reason}, and the detected charset "
                         f"{best.encoding} is not a text character set")
    text = str(best)
    if encoding in _SINGLE_BYTE_LATIN and _decodes(data, "cp1252"):
        # Detectors confuse the Latin code pages on short texts; undeclared Western pages are
        # windows-1252 far more often (it is also the web's default, per WHATWG).
        encoding, text = "cp1252", data.decode("cp1252")
    return Decoded(text, encoding, f"{reason}; decoded as {encoding} (detected)")
