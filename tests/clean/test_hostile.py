"""Hostile input to the clean stage (issue 9): each exact input from the issue either cleans or
fails with one clear InputError, within a time bound, and nothing is lost without a warning."""

from __future__ import annotations

import signal
import time
from contextlib import contextmanager

import pytest
from lxml import html as lxml_html

import newsevents
from newsevents import InputError
from newsevents.clean.article import is_html
from newsevents.clean.cues import load_cues
from newsevents.clean.decode import decode, usable_charset
from newsevents.clean.html import _find_roles, parse_html
from newsevents.clean.repair import repair_text

TEXT = ("Rebel fighters seized the border town on 3 May 2023 after two days of fighting with "
        "government troops, residents said.\n")
BODY = TEXT * 3


@contextmanager
def deadline(seconds: float):
    """Fail (instead of hanging) when the block runs longer than ``seconds``.

    SIGALRM interrupts the regex engine and Python code; the elapsed check catches the rest."""

    def expired(signum, frame):
        raise AssertionError(f"took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    start = time.perf_counter()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert time.perf_counter() - start < seconds


def page(body: str, head: str = "") -> str:
    return (f"<html><head><title>Rebels seize town</title>{head}</head><body><article>"
            f"<h1>Rebels seize border town</h1>{body}</article></body></html>")


# 1. _MARKUP_START: exponential backtracking on empty comments.

def test_empty_comments_before_text_sniff_in_linear_time():
    with deadline(1):
        assert not is_html("<!---->" * 26 + TEXT, None)
        assert not is_html("<!---->" * 300 + TEXT, None)
        assert is_html("<!---->" * 26 + "<html><body><p>x</p></body></html>", None)
        assert is_html(" <!-- a --> \n<!--b--><!DOCTYPE html>", None)
        assert not is_html("<!-- never closed <html>", None)


def test_empty_comments_before_text_clean_as_text():
    with deadline(2):
        article = newsevents.clean("<!---->" * 26 + TEXT)
    assert "border town" in article.text


# 3. _MIXED_WORD: quadratic on a long Latin run after a CJK character.

def test_long_latin_run_after_cjk_repairs_in_linear_time():
    with deadline(1):
        text, repairs = repair_text("字 " + "a" * 40000)
    assert text == "字 " + "a" * 40000 and repairs == []


def test_gbk_repair_still_finds_mixed_words():
    text, repairs = repair_text("Llegó después de la reunión, " * 20 + "y despu茅s se fue.")
    assert text.endswith("y después se fue.")
    assert [(r.before, r.after) for r in repairs] == [("despu茅s", "después")]


def test_repairs_overlap_check_is_not_quadratic():
    line = "palabra " * 10000 + "despu茅s " * 2000 + "cafÃ© " * 2000
    with deadline(2):
        text, repairs = repair_text(line)
    assert "Ã" not in text and "茅" not in text


# 2. _TAG: quadratic on "<a " without ">"; _find_roles: list membership per ancestor.

def test_unclosed_tags_parse_in_linear_time():
    with deadline(1):
        parse_html("<a " * 30000, 512)
    with deadline(2), pytest.raises(InputError, match="no article text"):
        newsevents.clean("<a " * 30000, content_type="text/html")
    with deadline(2):
        article = newsevents.clean(page(f"<p>{BODY}</p>") + "<a " * 30000)
    assert "border town" in article.text


def _role_cues() -> dict:
    cues = load_cues().html
    return {"related": cues["related"], "byline": cues["byline"],
            "standfirst": cues["standfirst"], **cues["remove"]}


def test_many_role_classed_elements_are_found_in_linear_time():
    tree = lxml_html.document_fromstring('<p class="share">x</p>' * 32000)
    with deadline(2):
        roles = _find_roles(tree, _role_cues())
    assert len(roles["ui: share buttons"]) == 32000


def test_many_role_classed_elements_clean_in_bounded_time():
    with deadline(5), pytest.raises(InputError, match="no article text"):
        newsevents.clean('<p class="share">x</p>' * 32000)
    with deadline(5):
        article = newsevents.clean(page(f"<p>{BODY}</p>" + '<p class="share">x</p>' * 8000))
    assert len(article.removed) == 8000 and "border town" in article.text


def test_every_role_element_is_found_nested_ones_too():
    # a wrapper that turns out to hold the article is kept: the share buttons and comments
    # inside it must still be known to be taken out on their own
    tree = lxml_html.document_fromstring(
        '<html><body><div class="share" id="a"><div class="share social" id="b">'
        '<p class="comment" id="c">x</p></div></div><p class="share related" id="d">y</p>'
        '<div class="comments" id="e"><p class="comment" id="f">z</p></div></body></html>')
    roles = _find_roles(tree, _role_cues())
    ids = {role: [el.get("id") for el in found] for role, found in roles.items() if found}
    assert ids == {"ui: share buttons": ["a", "b", "d"], "comments": ["c", "e", "f"],
                   "related": ["d"]}


def test_many_related_links_in_one_container_in_linear_time():
    links = '<a href="/x">A long related headline here</a>' * 5000
    html = page(f"<p>{BODY}</p>" + f'<div class="related"><div>{links}<p>Summary</p></div></div>')
    with deadline(2):
        article = newsevents.clean(html)
    assert len(article.related) == 5000 and article.related[0].summary == "Summary"


# 11. XML-incompatible control characters near a removed block.

@pytest.mark.parametrize("char", ["\x0c", "\x0b", "\x01", "\x08", "\x1f", "\ufffe"])
def test_control_characters_do_not_drop_the_page(char):
    html = page(f"<nav>Menu{char}</nav><div class='share'>Share{char}</div>"
                f"<p>{BODY}{char}</p><p>{TEXT}{char}</p>")
    with deadline(2):
        article = newsevents.clean(html)
    assert "border town" in article.text and char not in article.text
    assert [r.reason for r in article.removed][:2] == ["ui: share buttons", "navigation"]



def test_nul_and_lone_surrogates_do_not_reach_lxml():
    tree = parse_html(page("<p>a\x00b\ud800c\x0cd</p>"), 512)
    assert tree.xpath("string(//p)") == "abc d"


# 12. XHTML with an XML declaration naming its encoding.

XHTML = ('<?xml version="1.0" encoding="UTF-8"?>\n'
         '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
         '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n'
         '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en"><head><title>Rebels</title>'
         '</head><body><h1>Rebels seize border town</h1><p>' + BODY + '</p></body></html>')


@pytest.mark.parametrize("data", [XHTML, XHTML.encode(), XHTML.replace("UTF-8", "ISO-8859-1")
                                  .replace("the border town", "the border café").encode("latin-1")])
def test_xhtml_with_encoding_declaration_is_read(data):
    with deadline(2):
        article = newsevents.clean(data)
    assert article.title == "Rebels seize border town"
    assert "seized the border" in article.text and "Ã" not in article.text


# 13. Depth counted as the HTML parser counts; deep content kept, not silently dropped.

def nested(levels: int) -> str:
    # html and body are two levels; the <p> one more.
    inner = levels - 3
    return ("<html><body>" + "<div>" * inner + f"<p>Deep: {BODY}</p>" + "</div>" * inner
            + "</body></html>")


@pytest.mark.parametrize("levels", [256, 300, 400, 512])
def test_content_nested_256_to_512_levels_is_kept(levels):
    with deadline(2):
        article = newsevents.clean(nested(levels))
    assert "Deep: Rebel fighters" in article.text


def test_nesting_deeper_than_the_limit_is_refused():
    with deadline(2), pytest.raises(InputError, match="nested deeper than 512"):
        newsevents.clean(nested(513))
    with deadline(2), pytest.raises(InputError, match="nested deeper than 512"):
        newsevents.clean("<html><body>" + "<div>" * 100_000 + "x")


def test_table_without_optional_end_tags_is_not_too_deep():
    rows = "<tr><td>cell<td>cell" * 600
    html = page(f"<p>{BODY}</p><table>{rows}</table><ul>" + "<li>item" * 600 + "</ul>"
                + "<p>para" * 600)
    with deadline(2):
        article = newsevents.clean(html)
    assert "border town" in article.text


def test_what_the_parser_gives_up_on_is_a_warning():
    from newsevents.settings import Settings

    deep = ("<html><body><h1>Rebels seize border town</h1><p>" + BODY + "</p>"
            + "<div>" * 2100 + "<p>Lost text</p></body></html>")
    with deadline(2):
        article = newsevents.clean(deep, settings=Settings(max_html_depth=5000))
    assert any("HTML parser gave up" in w for w in article.warnings)


# 10. A declared charset that is no text codec falls back to detection, with a warning.

@pytest.mark.parametrize("charset", ["hex", "base64", "rot13", "undefined", "punycode", "utf-7",
                                     "unicode_escape", "idna", "x-no-such-charset"])
def test_declared_charset_that_is_no_text_codec_falls_back(charset):
    meta = f'<html><head><meta charset="{charset}"></head><body><p>{BODY}+AGEA-é</p></body></html>'
    for data, content_type in [(meta.encode(), None),
                               (BODY.encode() + "+2D3cAA-é".encode(),
                                f"text/plain; charset={charset}")]:
        with deadline(2):
            decoded = decode(data, content_type)
        assert "+AGEA-é" in decoded.text or "+2D3cAA-é" in decoded.text
        assert decoded.encoding == "utf-8" and "declared charset" in decoded.warning
        assert charset.split("_")[0] in decoded.warning


def test_no_text_codec_through_clean_and_the_detector():
    html = page(f"<p>{BODY}</p>", '<meta charset="base64">')
    article = newsevents.clean(html.encode("cp1252") + b"\xe9t\xe9")
    assert "border town" in article.text and any("base64" in w for w in article.warnings)
    assert usable_charset("hex") is None and usable_charset("latin-1") == "iso8859-1"


# 14. BOMs: invalid bytes after them are warned about; a UTF-16 BOM on bytes that are not
#     UTF-16 falls back to detection.

def test_utf8_bom_with_invalid_bytes_warns():
    decoded = decode(b"\xef\xbb\xbf" + BODY.encode() * 3 + b"\xff" + "é".encode())
    assert decoded.encoding == "utf-8" and decoded.text.endswith("\ufffdé")
    assert "invalid utf-8 after the byte-order mark at byte" in decoded.warning
    french = "Les députés ont adopté la loi à l'unanimité, a déclaré le président. " * 5
    decoded = decode(b"\xef\xbb\xbf" + french.encode("cp1252"))
    assert decoded.text == french and "not utf-8; decoded as cp1252" in decoded.warning


@pytest.mark.parametrize("bom", [b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00"])
def test_wide_bom_on_bytes_that_are_not_wide_falls_back(bom):
    with deadline(2):
        decoded = decode(bom + (BODY + "Les députés ont adopté la loi.").encode())
    assert decoded.text.startswith("Rebel fighters") and "députés" in decoded.text
    assert "byte-order mark in front of bytes that are not" in decoded.warning


@pytest.mark.parametrize("text", [BODY, "新华社北京5月3日电 " * 20, "你好世界"])
def test_real_utf16_is_still_read(text):
    for encoding in ("utf-16", "utf-16-be", "utf-32"):
        data = text.encode(encoding)
        if encoding == "utf-16-be":
            data = b"\xfe\xff" + data
        decoded = decode(data)
        assert decoded.text == text and decoded.warning is None


def test_utf16_with_a_bad_surrogate_warns():
    data = "\ufeff".encode("utf-16-le") + BODY.encode("utf-16-le") * 2 + b"\x00\xd8" + "ok".encode(
        "utf-16-le")
    decoded = decode(data)
    assert decoded.encoding == "utf-16-le" and "U+FFFD" in decoded.warning


# Lone surrogates in a str (a truncated emoji): replaced with U+FFFD, with a warning.

@pytest.mark.parametrize("data", ["a\ud800", TEXT + "a\ud800 b\udfff",
                                  page(f"<p>{BODY}\ud83d</p>")])
def test_lone_surrogate_in_a_str(data):
    article = newsevents.clean(data)
    assert "\ufffd" in article.text and "\ud800" not in article.text
    assert any("surrogate" in w for w in article.warnings)
    article.text.encode("utf-8")


def test_wtf8_bytes_are_read():
    decoded = decode(BODY.encode() + "\ud83d\ude00 \ud800".encode("utf-8", "surrogatepass"))
    assert decoded.text.endswith("😀 \ufffd") and "1 lone surrogate" in decoded.warning


def test_a_short_text_whose_last_line_ends_in_a_photo_credit_is_an_article():
    # issue 12: "... Pic/AFP" made the only block a caption and the text "no article"
    article = newsevents.clean("Police arrested 12 protesters in Nairobi on Monday, officials "
                               "said. Pic/AFP\n")
    assert [p.text for p in article.paragraphs] == [
        "Police arrested 12 protesters in Nairobi on Monday, officials said."]
    assert ("Pic/AFP", "photo credit") in [(r.text, r.reason) for r in article.removed]
    # beside a body, a credited line is still a caption
    page = newsevents.clean("Nairobi protests\n\nPolice arrested 12 protesters in Nairobi on "
                            "Monday, officials said.\n\nA protester is detained. Pic/AFP\n")
    assert [(c.text, c.credit) for c in page.captions] == [("A protester is detained.",
                                                            "Pic/AFP")]
