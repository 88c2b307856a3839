"""Hostile input through the readers (issue 9: defects 5-9 and 15): each bad item is one
Failure naming the input and the reason, or a Document read with a warning; never an exception
that stops the batch."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsevents import readers
from newsevents.model import Document
from newsevents.readers import Failure, estimate_count, iter_documents

GOOD = ("Rebels seize border town after two days of fighting\n\n"
        "Rebel fighters seized the border town on 3 May 2023 after two days of fighting.\n")
GOOD_LINE = json.dumps({"id": "good", "text": GOOD})


def _read(paths, warnings=None):
    sink = warnings if warnings is not None else []
    return list(iter_documents([str(p) for p in paths],
                               on_warning=lambda source, msg: sink.append((source, msg))))


def _feed(tmp_path: Path, *lines: str, name: str = "feed.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# -- 5. a lone surrogate escape ---------------------------------------------------------------

def test_lone_surrogate_escape_is_replaced_with_a_warning(tmp_path):
    # The issue's input: "\ud800" (a cut emoji), in the text and in the metadata.
    feed = _feed(tmp_path, r'{"id": "s", "title": "Cut \ud83d", "text": "Rebels seize '
                           r'town \ud800 after fighting."}', GOOD_LINE)
    warnings: list = []
    doc, good = _read([feed], warnings)
    assert isinstance(doc, Document) and isinstance(good, Document)
    assert doc.data.decode("utf-8") == "Rebels seize town \ufffd after fighting."
    assert doc.meta["title"] == "Cut \ufffd"
    assert [w for w in warnings if w[0] == f"{feed}:1" and "lone surrogate" in w[1]
            and '"text"' in w[1]]
    assert len(warnings) == 2  # text and title, named each


def test_a_surrogate_pair_is_one_character_and_no_warning(tmp_path):
    feed = _feed(tmp_path, r'{"text": "Smile \ud83d\ude00 now."}')
    warnings: list = []
    (doc,) = _read([feed], warnings)
    assert doc.data.decode("utf-8") == "Smile \U0001f600 now." and not warnings


# -- 6. deep nesting --------------------------------------------------------------------------

@pytest.mark.parametrize("depth", [1_000, 1_001, 100_000])
def test_deeply_nested_line_fails_alone(tmp_path, depth):
    deep = '{"text": "x", "extra": ' + "[" * depth + "]" * depth + "}"
    feed = _feed(tmp_path, deep, GOOD_LINE, '{"a": ' * depth + "1" + "}" * depth)
    first, good, third = _read([feed])
    assert first == Failure(f"{feed}:1", "JSON nested too deep to read")
    assert isinstance(good, Document) and good.id == "good"
    assert third == Failure(f"{feed}:3", "JSON nested too deep to read")


def test_a_number_too_long_for_python_fails_alone(tmp_path):
    feed = _feed(tmp_path, '{"text": "x", "n": ' + "1" * 5000 + "}", GOOD_LINE)
    bad, good = _read([feed])
    assert isinstance(bad, Failure) and bad.reason.startswith("not JSON (Exceeds the limit")
    assert isinstance(good, Document)


# -- 7. a WARC response without WARC-Target-URI -----------------------------------------------

def _warc(records: list[tuple[str | None, str, bytes]]) -> bytes:
    """Response records (target URI or None, HTTP Content-Type, body)."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    for uri, content_type, body in records:
        http = StatusAndHeaders("200 OK", [("Content-Type", content_type)],
                                protocol="HTTP/1.0")
        record = writer.create_warc_record(uri or "http://placeholder.invalid/",
                                           "response", payload=io.BytesIO(body),
                                           http_headers=http)
        if uri is None:
            record.rec_headers.remove_header("WARC-Target-URI")
        writer.write_record(record)
    return buf.getvalue()


def test_warc_response_without_target_uri_is_read(tmp_path):
    path = tmp_path / "crawl.warc"
    path.write_bytes(_warc([(None, "text/html", b"<html><body><p>One</p></body></html>"),
                            ("http://example.com/b", "text/html", b"<p>Two</p>")]))
    assert b"WARC-Target-URI: http://example.com/b" in path.read_bytes()
    assert path.read_bytes().count(b"WARC-Target-URI") == 1
    first, second = _read([path])
    assert first == Document(b"<html><body><p>One</p></body></html>", f"{path}#1", url=None,
                             content_type="text/html")
    assert second.url == "http://example.com/b" and second.source == f"{path}#2"


def test_warc_record_without_uri_and_not_http_is_skipped_not_fatal(tmp_path):
    raw = (b"WARC/1.0\r\nWARC-Type: response\r\nContent-Type: text/plain\r\n"
           b"Content-Length: 5\r\n\r\nhello\r\n\r\n")
    path = tmp_path / "odd.warc"
    path.write_bytes(raw + _warc([("http://example.com/", "text/html", b"<p>x</p>")]))
    items = _read([path])
    assert [type(i).__name__ for i in items] == ["Document"]
    assert items[0].source == f"{path}#2"


@pytest.mark.parametrize("body", [b"NOT HTTP AT ALL\r\n\r\n", b"HTTP/1.1 200\r\nX\r\n",
                                  b"\xff\xfe\x00", b""])
def test_warc_with_garbage_http_headers_fails_alone(tmp_path, body):
    raw = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://x/\r\n"
           b"Content-Type: application/http; msgtype=response\r\nContent-Length: "
           + str(len(body)).encode() + b"\r\n\r\n" + body + b"\r\n\r\n")
    bad = tmp_path / "bad.warc"
    bad.write_bytes(raw)
    good = _feed(tmp_path, GOOD_LINE)
    *first, second = _read([bad, good])
    assert all(isinstance(i, Document | Failure) for i in first) and first
    assert isinstance(second, Document) and second.id == "good"


# -- 8. fields of the wrong JSON type ---------------------------------------------------------

@pytest.mark.parametrize("field", ["url", "id", "text", "html"])
@pytest.mark.parametrize("value,kind", [([1], "an array"), ({"a": 1}, "an object"),
                                        (True, "a boolean"), (1.5, "a number")])
def test_a_wrong_type_fails_the_line_naming_the_field(tmp_path, field, value, kind):
    record = {"text": GOOD, field: value}
    feed = _feed(tmp_path, json.dumps(record), GOOD_LINE)
    bad, good = _read([feed])
    assert bad == Failure(f"{feed}:1", f'"{field}" is {kind}, not a string')
    assert isinstance(good, Document)


def test_the_issue_inputs_url_and_id_not_strings(tmp_path):
    feed = _feed(tmp_path, '{"url": 5, "text": "x"}', '{"id": ["a"], "text": "x"}',
                 '{"id": 42, "url": null, "text": "x"}')
    url, ident, numeric = _read([feed])
    assert url.reason == '"url" is a number, not a string'
    assert ident.reason == '"id" is an array, not a string'
    assert numeric.id == "42" and numeric.url is None  # numeric ids are common in feeds


@pytest.mark.parametrize("field", ["title", "date", "source"])
def test_wrong_optional_metadata_is_dropped_with_a_warning(tmp_path, field):
    feed = _feed(tmp_path, json.dumps({"text": GOOD, field: 20230503, "title" if field !=
                                       "title" else "date": "kept"}))
    warnings: list = []
    (doc,) = _read([feed], warnings)
    assert field not in doc.meta and "kept" in doc.meta.values()
    assert warnings == [(f"{feed}:1", f'"{field}" is a number, not a string: ignored')]


def test_a_line_that_is_not_an_object_says_what_it_is(tmp_path):
    feed = _feed(tmp_path, "[1, 2]", '"text"', "null")
    assert [i.reason for i in _read([feed])] == [
        "not a JSON object (an array)", "not a JSON object (a string)",
        "not a JSON object (null)"]


# -- 9. an unreadable .jsonl --------------------------------------------------------------------

def _deny_open(monkeypatch, victim: Path) -> None:
    """Path.open raising EACCES for ``victim``: what a mode-000 file does, even as root."""
    real = Path.open

    def fake(self, *args, **kwargs):
        if Path(self) == victim:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", fake)


def test_unreadable_jsonl_estimate_is_unknown_and_the_read_fails_naming_it(
        tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    locked = _feed(corpus, GOOD_LINE, name="locked.jsonl")
    (corpus / "a.txt").write_text(GOOD, encoding="utf-8")
    _deny_open(monkeypatch, locked)
    assert estimate_count([str(corpus)]) is None
    assert estimate_count([str(locked)]) is None
    items = _read([corpus])
    assert items[1] == Failure(str(locked), "cannot read: Permission denied")
    assert isinstance(items[0], Document)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a mode-000 file: no EACCES to see "
                    "(the monkeypatched test above covers the same code path)")
def test_mode_000_jsonl(tmp_path):
    locked = _feed(tmp_path, GOOD_LINE, name="locked.jsonl")
    locked.chmod(0)
    try:
        assert estimate_count([str(locked)]) is None
        assert _read([locked]) == [Failure(str(locked), "cannot read: Permission denied")]
    finally:
        locked.chmod(0o644)


def test_a_fifo_given_as_jsonl_fails_and_never_blocks(tmp_path):
    fifo = tmp_path / "feed.jsonl"
    os.mkfifo(fifo)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    os.mkfifo(corpus / "pipe.jsonl")
    assert estimate_count([str(fifo)]) == 1  # one Failure, counted without opening it
    assert _read([fifo]) == [Failure(str(fifo), "not a regular file (a FIFO)")]
    assert _read([corpus]) == [Failure(str(corpus / "pipe.jsonl"), "not a regular file (a FIFO)")]


def test_a_directory_named_jsonl_is_a_folder(tmp_path):
    folder = tmp_path / "x.jsonl"
    folder.mkdir()
    _feed(folder, GOOD_LINE, name="inner.jsonl")
    assert estimate_count([str(folder)]) == 1
    (doc,) = _read([folder])
    assert doc.source == f"{folder / 'inner.jsonl'}:1"


# -- 15. unreadable subfolders ----------------------------------------------------------------

def test_unreadable_subfolder_is_a_failure_naming_it(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    (corpus / "locked").mkdir(parents=True)
    (corpus / "locked" / "hidden-from-us.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "a.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "z.txt").write_text(GOOD, encoding="utf-8")
    real = readers._scandir

    def scandir(path):
        if Path(path) == corpus / "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(readers, "_scandir", scandir)
    items = _read([corpus])
    assert [i.source for i in items] == [str(corpus / n) for n in ("a.txt", "locked", "z.txt")]
    assert items[1] == Failure(str(corpus / "locked"), "cannot read folder: Permission denied")
    assert estimate_count([str(corpus)]) == 3


@pytest.mark.skipif(os.geteuid() == 0, reason="root lists a mode-000 folder: no EACCES to see "
                    "(the monkeypatched test above covers the same code path)")
def test_mode_000_subfolder(tmp_path):
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked").chmod(0)
    try:
        assert _read([tmp_path]) == [Failure(str(tmp_path / "locked"),
                                             "cannot read folder: Permission denied")]
    finally:
        (tmp_path / "locked").chmod(0o755)


def test_folder_order_and_filters_are_those_of_rglob(tmp_path):
    for name in ("b/2.txt", "a.txt", "b/1.html", ".hid/x.txt", "b/.h.txt", "c/notes.md",
                 "B.txt", "a b/c.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(GOOD, encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(tmp_path / "a.txt")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    expected = sorted(f for f in tmp_path.rglob("*") if f.is_file()
                      and readers._wanted(f.relative_to(tmp_path)))
    items = _read([tmp_path])
    docs = [Path(i.source) for i in items if isinstance(i, Document)]
    assert docs == expected
    assert [i for i in items if isinstance(i, Failure)] == [
        Failure(str(tmp_path / "dangling.txt"), "cannot read: No such file or directory")]


def test_a_file_name_that_is_not_utf8_is_named_on_one_printable_line(tmp_path):
    raw = os.fsencode(str(tmp_path)) + b"/bad\xff\nname.txt"
    with open(raw, "wb") as fh:
        fh.write(GOOD.encode())
    (doc,) = _read([tmp_path])
    assert doc.source.isprintable() and doc.source.endswith("bad\\xff\\nname.txt")
    doc.source.encode("utf-8")  # storable and printable


def test_missing_path_and_no_permission_to_stat(tmp_path, monkeypatch):
    assert _read([tmp_path / "nope.txt"]) == [Failure(str(tmp_path / "nope.txt"),
                                                      "no such file or directory")]
    assert estimate_count([str(tmp_path / "nope.txt")]) == 1
