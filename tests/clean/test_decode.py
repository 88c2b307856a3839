"""Bytes to text: BOMs, declared charsets, wrong declarations, detection, binaries."""

from __future__ import annotations

import pytest

from newsevents import InputError
from newsevents.clean.decode import decode

FRENCH = "Les députés ont adopté la loi à l'unanimité, a déclaré le président de l'Assemblée."


def test_utf8_bom_is_stripped():
    decoded = decode(b"\xef\xbb\xbf" + FRENCH.encode("utf-8"))
    assert decoded.text == FRENCH and decoded.encoding == "utf-8"


def test_utf16_with_bom():
    assert decode(FRENCH.encode("utf-16")).text == FRENCH


def test_meta_charset_is_used():
    page = f'<html><head><meta charset="windows-1252"></head><body><p>{FRENCH}</p>'
    decoded = decode(page.encode("cp1252"))
    assert FRENCH in decoded.text and decoded.encoding == "cp1252" and decoded.warning is None


def test_http_header_beats_meta():
    page = f'<html><head><meta charset="utf-8"></head><body><p>{FRENCH}</p>'
    decoded = decode(page.encode("cp1252"), "text/html; charset=ISO-8859-1")
    assert decoded.encoding == "iso8859-1" and FRENCH in decoded.text


def test_wrong_declaration_falls_back_with_a_warning():
    page = f'<html><head><meta charset="utf-8"></head><body><p>{FRENCH * 3}</p>'
    decoded = decode(page.encode("cp1252"))
    assert FRENCH in decoded.text
    assert "invalid UTF-8" in decoded.warning or "does not fit" in decoded.warning


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "PNG"),
        (b"%PDF-1.7\n" + bytes(100), "PDF"),
        (b"\x7fELF\x02\x01\x01" + bytes(100), "ELF"),
        (b"text with a \x00 NUL byte inside", "NUL"),
    ],
)
def test_binaries_are_refused_by_name(data, name):
    with pytest.raises(InputError, match=name):
        decode(data)
