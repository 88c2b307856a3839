"""Structure-aware hypothesis strategies for the fuzz suite, the shared settings, and the
offset checks. ``NEWSEVENTS_FUZZ_EXAMPLES`` sets the examples per target (default 30, for CI);
``make fuzz`` runs 10,000. Runs are derandomized: the same count gives the same inputs."""

from __future__ import annotations

import base64
import gzip
import json
import os
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from newsevents.model import Analysis, Article

EXAMPLES = int(os.environ.get("NEWSEVENTS_FUZZ_EXAMPLES", "30"))
CORPUS = Path(__file__).parent / "corpus"


def fuzz_settings(deadline_s: float, examples: int = EXAMPLES):
    return settings(max_examples=examples, deadline=timedelta(seconds=deadline_s),
                    derandomize=True, database=None, print_blob=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much,
                                           HealthCheck.large_base_example])


# -- text pieces -----------------------------------------------------------------------------

WORDS = ("Rebels", "seized", "the", "town", "on", "3", "May", "2023", "police", "said",
         "Reuters", "Kyiv", "army", "killed", "12", "people", "protesters", "\u00e9t\u00e9",
         "\u5b57", "\u0645\u0631\u062d\u0628\u0627", "—", "'", '"', "U.S.", "Biden", "Monday",
         "photo_camera", "Photo: AP", "Related", "More in World", "©", "cookies", "Subscribe")
CONTROL = st.sampled_from(["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b[31m", "\x7f",
                           "\x85", "\u2028", "\u202e", "\ufeff", "\ufffd", "\r", "\t"])
SURROGATE = st.sampled_from(["\ud800", "\udfff", "\ud83d", "\ude00"])
ENTITY = st.sampled_from(["&amp;", "&lt;", "&nbsp;", "&#0;", "&#x110000;", "&#65;", "&bogus;",
                          "&", "&#xD800;", "&eacute"])

word = st.one_of(st.sampled_from(WORDS), st.text(max_size=8),
                 CONTROL, ENTITY)
sentence = st.lists(word, min_size=1, max_size=25).map(" ".join)
line = st.one_of(sentence, sentence.map(lambda s: s + "."), st.just(""), CONTROL)
plain_text = st.lists(line, max_size=20).map("\n".join)
text_with_surrogates = st.tuples(plain_text, SURROGATE, plain_text).map("".join)

# -- HTML trees ------------------------------------------------------------------------------

TAGS = ("div", "p", "span", "h1", "h2", "a", "b", "figure", "figcaption", "article", "section",
        "table", "tr", "td", "ul", "li", "br", "img", "aside", "header", "footer", "nav", "time",
        "blockquote", "svg", "math", "template", "noscript", "iframe")
ROLE_CLASSES = ("share", "related", "byline", "author", "standfirst", "lede", "cookie",
                "subscribe", "advert", "ad", "comments", "caption", "credit", "most-read",
                "social", "newsletter", "", "x" * 50)
ATTRS = ("class", "id", "href", "src", "alt", "title", "datetime", "style", "lang", "dir",
         "onclick", "charset")

attribute = st.tuples(
    st.sampled_from(ATTRS),
    st.one_of(st.sampled_from(ROLE_CLASSES), st.text(max_size=12), ENTITY),
).map(lambda kv: f' {kv[0]}="{kv[1]}"' if '"' not in kv[1] else f" {kv[0]}='{kv[1]}'")


def _element(children):
    return st.tuples(st.sampled_from(TAGS), st.lists(attribute, max_size=3), children,
                     st.booleans()).map(
        lambda t: f"<{t[0]}{''.join(t[1])}>{t[2]}" + (f"</{t[0]}>" if t[3] else ""))


leaf = st.one_of(
    sentence,
    st.just("<!---->"), st.just("<!-- x -->"), st.just("<!--"), ENTITY,
    st.just("<script>var a = '<p>x</p>';</script>"), st.just("<style>p{}</style>"),
    st.just("<a "), st.just("</p>"), st.just("<![CDATA[x]]>"), st.just("<?php x ?>"), CONTROL,
)
html_tree = st.recursive(leaf, lambda children: _element(st.lists(children, max_size=5)
                                                          .map("".join)), max_leaves=40)


@st.composite
def deep_nesting(draw) -> str:
    tag = draw(st.sampled_from(["div", "span", "b", "td", "li"]))
    depth = draw(st.sampled_from([10, 255, 256, 257, 511, 512, 513, 1000, 5000]))
    closed = draw(st.booleans())
    return (f"<{tag}>" * depth + draw(sentence) + (f"</{tag}>" * depth if closed else ""))


CHARSETS = ("utf-8", "UTF-8", "iso-8859-1", "windows-1252", "gbk", "shift_jis", "utf-16",
            "utf-16le", "utf-7", "hex", "base64", "rot13", "undefined", "punycode", "idna",
            "bogus-charset", "", "utf-8\x00", "x" * 40)
charset = st.sampled_from(CHARSETS)


@st.composite
def html_page(draw) -> str:
    head = ""
    declared = draw(st.one_of(st.none(), charset))
    style = draw(st.sampled_from(["meta", "http-equiv", "xml"]))
    if declared is not None and style == "meta":
        head = f'<meta charset="{declared}">'
    elif declared is not None and style == "http-equiv":
        head = f'<meta http-equiv="Content-Type" content="text/html; charset={declared}">'
    title = draw(st.one_of(st.none(), sentence))
    if title is not None:
        head += f"<title>{title}</title>"
    body = draw(st.one_of(html_tree, deep_nesting()))
    page = draw(st.sampled_from([
        "<html><head>{h}</head><body>{b}</body></html>", "<!DOCTYPE html>{h}{b}",
        "<!---->" * 3 + "{h}{b}", "{b}", "<html>{h}<body>{b}"])).format(h=head, b=body)
    if declared is not None and style == "xml":
        page = f'<?xml version="1.0" encoding="{declared}"?>' + page
    return page


def encode_page(page: str, encoding: str) -> bytes:
    try:
        return page.encode(encoding, "surrogatepass")
    except (LookupError, UnicodeError, TypeError):
        return page.encode("utf-8", "surrogatepass")


@st.composite
def page_bytes(draw) -> bytes:
    """Pages as raw bytes: encoded in a (possibly other) charset than declared, with BOMs,
    invalid sequences, NULs, gzip-looking heads."""
    page = draw(st.one_of(html_page(), plain_text, text_with_surrogates))
    data = encode_page(page, draw(st.sampled_from(
        ["utf-8", "utf-16", "utf-16-le", "cp1252", "gbk", "latin-1", "shift_jis"])))
    prefix = draw(st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff",
                                   b"\xef\xbb\xbf\xff\xfe\x80", b"\x1f\x8b", b"%PDF-", b"\x80"]))
    return prefix + data + draw(st.binary(max_size=16))


CONTENT_TYPES = st.one_of(st.none(), st.sampled_from(
    ["text/html", "text/plain", "text/html; charset=utf-8", "text/html; charset=hex",
     "text/plain; charset=bogus", "application/xhtml+xml", "application/pdf", "",
     "text/html; charset=utf-16", "text/html; charset=\"rot13\""]))

# -- JSON values, JSONL lines ---------------------------------------------------------------

json_scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                        st.text(max_size=20), text_with_surrogates, sentence)
json_value = st.recursive(json_scalar, lambda children: st.one_of(
    st.lists(children, max_size=4), st.dictionaries(st.text(max_size=6), children,
                                                    max_size=4)), max_leaves=12)
FIELDS = ("text", "html", "url", "id", "title", "date", "source")


@st.composite
def jsonl_line(draw) -> bytes:
    kind = draw(st.sampled_from(["record", "record", "record", "deep", "raw", "big-int"]))
    if kind == "deep":
        depth = draw(st.sampled_from([999, 1000, 1001, 20_000]))
        return ("[" * depth + "]" * depth).encode() if draw(st.booleans()) else (
            '{"text": "x", "a": ' + '{"a": ' * depth + "1" + "}" * depth + "}").encode()
    if kind == "raw":
        return draw(st.one_of(st.binary(max_size=40), st.sampled_from(
            [b"{", b"{}", b"[]", b"null", b'"x"', b"\xff\xfe{}", b'{"text": "\\ud800"}',
             b'{"text": NaN}', b'{"text": "a", "text": 5}'])))
    if kind == "big-int":
        return b'{"text": "a", "id": ' + b"9" * 5000 + b"}"
    record = {}
    for name in draw(st.lists(st.sampled_from(FIELDS), unique=True, max_size=7)):
        record[name] = draw(st.one_of(json_value, sentence, text_with_surrogates,
                                      html_page()))
    if draw(st.booleans()):
        record.setdefault("text", draw(sentence))
    return json.dumps(record, ensure_ascii=draw(st.booleans())).encode("utf-8",
                                                                        "surrogatepass")


jsonl_file = st.lists(jsonl_line(), min_size=1, max_size=6).map(lambda ls: b"\n".join(ls))

# -- WARC ------------------------------------------------------------------------------------


@st.composite
def warc_record(draw) -> bytes:
    body = encode_page(draw(st.one_of(html_page(), plain_text)), "utf-8")
    ctype = draw(st.sampled_from(["text/html", "text/plain; charset=utf-8", "image/png",
                                  "text/html; charset=hex", ""]))
    http = f"HTTP/1.1 200 OK\r\nContent-Type: {ctype}\r\n\r\n".encode() if draw(
        st.booleans()) else draw(st.sampled_from([b"", b"garbage\r\n\r\n", b"HTTP/1.1\r\n"]))
    block = http + body
    headers = {"WARC-Type": draw(st.sampled_from(["response", "response", "request",
                                                  "resource", "warcinfo", "revisit", "x"])),
               "WARC-Record-ID": "<urn:uuid:12345678-1234-1234-1234-123456789abc>",
               "WARC-Date": "2024-01-01T00:00:00Z",
               "Content-Type": draw(st.sampled_from(["application/http; msgtype=response",
                                                     "text/html", "", "application/http"])),
               "Content-Length": draw(st.sampled_from(
                   [str(len(block)), str(len(block) + 10), "-1", "x", "0"]))}
    if draw(st.booleans()):
        headers["WARC-Target-URI"] = draw(st.sampled_from(
            ["http://example.com/a", "<http://example.com/b>", "dns:example.com",
             "", "http://ex ample.com/\u00e9"]))
    head = "WARC/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    record = head.encode("utf-8") + block + b"\r\n\r\n"
    if draw(st.integers(0, 4)) == 0:  # truncated
        record = record[: draw(st.integers(0, len(record)))]
    return record


@st.composite
def warc_file(draw) -> bytes:
    data = b"".join(draw(st.lists(warc_record(), min_size=1, max_size=4)))
    if draw(st.booleans()):
        data = gzip.compress(data, mtime=0)
        if draw(st.booleans()):
            data = data[: draw(st.integers(0, len(data)))]
    return data


# -- offsets ---------------------------------------------------------------------------------


def check_article(article: Article) -> None:
    """Every offset of the Article indexes Article.text exactly."""
    text = article.text
    if article.title_span:
        start, end = article.title_span
        assert text[start:end] == article.title, ("title", article.title_span)
    if article.lede_span:
        start, end = article.lede_span
        assert 0 <= start <= end <= len(text), ("lede", article.lede_span)
        assert text[start:end] == article.lede, ("lede", article.lede_span)
    for p in article.paragraphs + article.headings:
        assert text[p.start:p.end] == p.text, ("block", p)
    for c in article.captions:
        if c.text:
            assert text[c.start:c.end] == c.text, ("caption", c)
    text.encode("utf-8")  # no lone surrogate reaches a store or a terminal


def _span(text: str, what: str, start: int, end: int, words: str | None) -> None:
    assert 0 <= start <= end <= len(text), (what, start, end, len(text))
    if words is not None:
        assert text[start:end] == words, (what, text[start:end], words)


def check_analysis(analysis: Analysis) -> None:
    text = analysis.article.text
    check_article(analysis.article)
    for start, end in analysis.sentences:
        _span(text, "sentence", start, end, None)
    for m in analysis.entities:
        _span(text, "entity", m.start, m.end, m.text)
    for t in analysis.times:
        _span(text, "time", t.start, t.end, t.text)
    for q in analysis.quantities:
        _span(text, "quantity", q.start, q.end, q.text)
    for q in analysis.quotes:
        _span(text, "quote", q.start, q.end, q.text)
        if q.speaker:
            _span(text, "speaker", q.speaker.start, q.speaker.end, q.speaker.text)
    for link in analysis.coref:
        _span(text, "coref", link.start, link.end, link.text)
        _span(text, "antecedent", link.antecedent_start, link.antecedent_end, link.antecedent)
    for event in analysis.events:
        _span(text, "trigger", event.trigger.start, event.trigger.end, event.trigger.text)
        _span(text, "event sentence", event.sentence.start, event.sentence.end,
              event.sentence.text)
        for name, items in event.evidence.items():
            for e in items:
                _span(text, f"evidence {name}", e.start, e.end, e.text)
        if event.attribution and "start" in event.attribution:
            a = event.attribution
            _span(text, "attribution", a["start"], a["end"], a.get("text"))


# -- the corpus of found inputs --------------------------------------------------------------


def corpus_entry(target: str, data: str | bytes, note: str, *, content_type: str | None = None,
                 xfail: str | None = None) -> dict:
    """One found input as a JSON object (bytes as base64; str with \\u escapes, so lone
    surrogates survive)."""
    entry = {"target": target, "note": note, "content_type": content_type, "xfail": xfail}
    if isinstance(data, bytes):
        entry["bytes_b64"] = base64.b64encode(data).decode("ascii")
    else:
        entry["text"] = data
    return entry


def corpus_data(entry: dict) -> str | bytes:
    if "bytes_b64" in entry:
        return base64.b64decode(entry["bytes_b64"])
    return entry["text"]


def save(entry: dict, name: str) -> Path:
    """Add an input to the corpus (used by hand when a fuzz run finds one)."""
    CORPUS.mkdir(exist_ok=True)
    path = CORPUS / f"{name}.json"
    path.write_text(json.dumps(entry, indent=1) + "\n", encoding="ascii")
    return path

