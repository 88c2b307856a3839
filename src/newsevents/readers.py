"""Read every input kind into Documents: .txt, .html/.htm, .jsonl, .warc(.gz) and .gz of any.

A bad input never stops the batch: it becomes a Failure naming the input and the reason.
Reads are capped (settings) so a huge or decompressing-bomb input cannot exhaust memory.
Every JSONL field is type-checked; a folder that cannot be listed is a Failure too. What is
read but repaired on the way (a lone surrogate, a metadata field of the wrong type) goes to
the warning handler (default: the "newsevents" logger).
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import re
import stat
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecordLoader
from warcio.statusandheaders import StatusAndHeadersParserException

from .errors import InputError
from .model import Document
from .settings import DEFAULT_SETTINGS, Settings

TEXT_SUFFIXES = {".txt": "text/plain", ".text": "text/plain", ".html": "text/html",
                 ".htm": "text/html", ".xhtml": "text/html"}
KNOWN_SUFFIXES = {*TEXT_SUFFIXES, ".jsonl", ".warc", ".gz"}
FEED_META = ("title", "date", "source")  # optional: a wrong type is dropped with a warning
FEED_STRINGS = ("text", "html", "url", "id")  # a wrong type fails the line

log = logging.getLogger("newsevents")
WarningHandler = Callable[[str, str], None]  # (input name, message)
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x1f\x7f]")
_scandir = os.scandir  # one name, so that a test can make a folder unreadable even for root


@dataclass(frozen=True, slots=True)
class Failure:
    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


def _log_warning(source: str, message: str) -> None:
    log.warning("%s: %s", source, message)


def iter_documents(
    paths: Iterable[str], settings: Settings = DEFAULT_SETTINGS,
    on_warning: WarningHandler | None = None,
) -> Iterator[Document | Failure]:
    """Documents from files, folders (recursive) and '-' (stdin), in a stable order.
    ``on_warning(source, message)`` hears of what was read but repaired on the way."""
    warn = on_warning or _log_warning
    for item in input_files(paths):
        if isinstance(item, Failure):
            yield item
        elif item is None:
            yield from _read_bytes_input("<stdin>", sys.stdin.buffer, "", settings, warn)
        else:
            yield from _read_file(item, settings, warn)


def is_uri(path: str) -> bool:
    """A URI for pyarrow's filesystems (s3://, gs://, file://): not a local path."""
    return "://" in path


def input_files(paths: Iterable[str]) -> Iterator[Path | Failure | None]:
    """The files behind ``paths`` in reading order: a Path per file (a folder's wanted files,
    recursively), a Failure per path that is missing, unreadable or not a file, and None for
    '-' (stdin). The one listing of inputs, for both engines."""
    for path in paths:
        if path == "-":
            yield None
            continue
        p = Path(path)
        try:
            mode = p.stat().st_mode
        except (FileNotFoundError, NotADirectoryError):
            yield Failure(_label(path), "no such file or directory")
            continue
        except (OSError, ValueError) as exc:  # EACCES, ELOOP, a NUL in the name
            yield Failure(_label(path), f"cannot read: {_why(exc)}")
            continue
        if stat.S_ISDIR(mode):
            yield from _walk(p)
        elif stat.S_ISREG(mode):
            yield p
        else:  # a FIFO or a device would block or never end: not a document
            yield Failure(_label(path), f"not a regular file ({_kind(mode)})")


def _walk(root: Path) -> list[Path | Failure]:
    """The wanted files below ``root`` in path order, and a Failure for each folder that
    cannot be listed or wanted name that is not a regular file (nothing is skipped silently).
    Hidden folders and links to folders are not entered (as ``Path.rglob`` does)."""
    found: list[tuple[Path, Path | Failure]] = []
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with _scandir(folder) as it:
                entries = list(it)
        except OSError as exc:
            found.append((folder, Failure(_label(str(folder)),
                                          f"cannot read folder: {_why(exc)}")))
            continue
        for entry in entries:
            path = folder / entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    if not entry.name.startswith("."):
                        stack.append(path)
                    continue
                if not _wanted(path.relative_to(root)):
                    continue
                mode = entry.stat().st_mode  # follows a link to a file
            except OSError as exc:  # a dangling link, a file gone meanwhile
                if _wanted(path.relative_to(root)) and not entry.is_dir():
                    found.append((path, Failure(_label(str(path)), f"cannot read: {_why(exc)}")))
                continue
            if stat.S_ISREG(mode):
                found.append((path, path))
            elif not stat.S_ISDIR(mode):  # a link to a folder is left alone, as before
                found.append((path, Failure(_label(str(path)),
                                            f"not a regular file ({_kind(mode)})")))
    found.sort(key=lambda pair: pair[0])
    return [item for _, item in found]


def _why(exc: BaseException) -> str:
    return (exc.strerror if isinstance(exc, OSError) else None) or str(exc) or (
        exc.__class__.__name__)


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device")):
        if test(mode):
            return name
    return "not a file"


def _label(name: str) -> str:
    """An input's name fit for one line of a message and for the store: undecodable bytes of
    a file name (surrogate escapes) and control characters are written as escapes."""
    if name.isprintable():
        return name
    try:
        name = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        name = _LONE_SURROGATE.sub("\ufffd", name)
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii")
                   for c in name)


def _wanted(relative: Path) -> bool:
    """Known kinds of file, not hidden below the folder given ("../x" itself is fine)."""
    return not any(part.startswith(".") for part in relative.parts) and (
        relative.suffix.lower() in KNOWN_SUFFIXES)


def _read_file(path: Path, settings: Settings,
               warn: WarningHandler = _log_warning) -> Iterator[Document | Failure]:
    source = _label(str(path))
    try:
        with path.open("rb") as fh:
            yield from _read_bytes_input(source, fh, "".join(path.suffixes[-2:]), settings, warn)
    except OSError as exc:
        yield Failure(source, f"cannot read: {_why(exc)}")


def _read_bytes_input(
    source: str, fh: BinaryIO, suffixes: str, settings: Settings,
    warn: WarningHandler = _log_warning,
) -> Iterator[Document | Failure]:
    kind = suffixes.lower().removesuffix(".gz").rsplit(".", 1)[-1] if suffixes else ""
    if kind == "warc":  # warcio reads .warc.gz itself, record by record
        yield from _read_warc(source, fh, settings)
        return
    try:
        stream = _maybe_gunzip(fh)
        head = stream.peek(5)[:5] if hasattr(stream, "peek") else b""
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        yield Failure(source, _gzip_reason(exc))
        return
    if not kind and head == b"WARC/":
        yield from _read_warc(source, stream, settings)
    elif kind == "jsonl" or (not kind and head.lstrip()[:1] == b"{"):
        yield from _read_jsonl(source, stream, settings, warn)
    else:
        try:
            data = _read_capped(stream, settings.max_document_bytes)
        except InputError as exc:
            yield Failure(source, str(exc))
            return
        yield Document(data, source, content_type=TEXT_SUFFIXES.get("." + kind))


def _maybe_gunzip(fh: BinaryIO) -> BinaryIO:
    """Wrap a gzip stream (sniffed by its magic bytes, whatever the file name says)."""
    head = fh.peek(2)[:2] if hasattr(fh, "peek") else b""
    return gzip.GzipFile(fileobj=fh) if head == b"\x1f\x8b" else fh


def _gzip_reason(exc: Exception) -> str:
    if isinstance(exc, EOFError):
        return "truncated gzip (ends before its end marker)"
    return f"corrupt gzip ({exc})"


def _read_capped(stream: BinaryIO, limit: int) -> bytes:
    """Read at most ``limit`` bytes (after decompression); refuse more than that."""
    try:
        data = stream.read(limit + 1)
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        raise InputError(_gzip_reason(exc)) from None
    if len(data) > limit:
        raise InputError(f"too large: more than {limit:,} bytes (setting max_document_bytes)")
    return data


def _read_jsonl(source: str, stream: BinaryIO, settings: Settings,
                warn: WarningHandler = _log_warning) -> Iterator[Document | Failure]:
    """One article per line, streamed: a feed may be far larger than memory."""
    limit = settings.max_jsonl_line_bytes
    lineno = 0
    while True:
        try:
            line = stream.readline(limit + 1)
            if len(line) > limit and not line.endswith(b"\n"):
                while (rest := stream.readline(limit)) and not rest.endswith(b"\n"):
                    pass
        except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
            yield Failure(source, _gzip_reason(exc))
            return
        if not line:
            return
        lineno += 1
        where = f"{source}:{lineno}"
        if len(line) > limit:
            yield Failure(where, f"line longer than {limit:,} bytes (setting max_jsonl_line_bytes)")
        elif line.strip():
            yield _feed_document(where, line, warn)


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return {str: "a string", list: "an array", dict: "an object"}.get(type(value), "null")


def _text(where: str, name: str, value: str, warn: WarningHandler) -> str:
    """A JSON string as text: a lone surrogate escape (a cut emoji, "\\ud800") cannot be
    written as UTF-8, so it becomes U+FFFD, with a warning."""
    if _LONE_SURROGATE.search(value):
        warn(where, f'"{name}" holds a lone surrogate escape (a cut character): '
                    "replaced with U+FFFD")
        return _LONE_SURROGATE.sub("\ufffd", value)
    return value


def _feed_document(where: str, line: bytes,
                   warn: WarningHandler = _log_warning) -> Document | Failure:
    """One feed line as a Document, every field type-checked: a wrong "text", "html", "url"
    or "id" fails the line, naming the field; wrong optional metadata is dropped, warned."""
    try:
        record = json.loads(line)
    except RecursionError:
        return Failure(where, "JSON nested too deep to read")
    except ValueError as exc:  # not JSON, not UTF-8/16/32, a number of 4,300+ digits
        return Failure(where, f"not JSON ({exc})")
    if not isinstance(record, dict):
        return Failure(where, f"not a JSON object ({_json_type(record)})")
    fields: dict[str, str] = {}
    for name in FEED_STRINGS:
        value = record.get(name)
        if name == "id" and isinstance(value, int) and not isinstance(value, bool):
            value = str(value)  # numeric ids are common in feeds
        if value is None:
            continue
        if not isinstance(value, str):
            return Failure(where, f'"{name}" is {_json_type(value)}, not a string')
        fields[name] = _text(where, name, value, warn)
    body, content_type = fields.get("text"), "text/plain; charset=utf-8"
    if not body or not body.strip():
        body, content_type = fields.get("html"), "text/html; charset=utf-8"
    if not body or not body.strip():
        return Failure(where, 'no "text" or "html" string')
    meta = {}
    for name in FEED_META:
        value = record.get(name)
        if value is None or value == "":
            continue
        if isinstance(value, str):
            meta[name] = _text(where, name, value, warn)
        else:
            warn(where, f'"{name}" is {_json_type(value)}, not a string: ignored')
    return Document(body.encode("utf-8"), where, url=fields.get("url") or None,
                    content_type=content_type, id=fields.get("id") or None, meta=meta)


class _RecordLoader(ArcWarcRecordLoader):
    """warcio's loader, but a record without WARC-Target-URI is read, not an AttributeError:
    its HTTP headers are parsed when its Content-Type says it holds an HTTP message."""

    def _ensure_target_uri_format(self, rec_headers):
        uri = super()._ensure_target_uri_format(rec_headers)
        if uri is None:
            holds_http = (rec_headers.get_header("Content-Type") or "").lower().startswith(
                "application/http")
            return "http:" if holds_http else ""  # only tested for its scheme by warcio
        return uri


def _read_warc(source: str, fh: BinaryIO, settings: Settings) -> Iterator[Document | Failure]:
    """HTTP response records with a text payload; other records are skipped (but read through,
    so that an archive cut short is reported rather than silently shortened). A record is
    named by its number (``crawl.warc.gz#4``), with or without a target URI."""
    found = 0
    try:
        records = ArchiveIterator(fh)
        records.loader = _RecordLoader(verify_http=False, arc2warc=False)
        for number, record in enumerate(records, 1):
            where = f"{source}#{number}"
            content_type = ""
            if record.rec_type == "response" and record.http_headers is not None:
                content_type = record.http_headers.get_header("Content-Type") or "text/html"
            if not content_type.lower().startswith(("text/", "application/xhtml")):
                while record.raw_stream.read(65536):
                    pass
                if _cut_short(record):
                    yield Failure(where, "truncated WARC record (the archive is cut short)")
                continue
            found += 1
            data = record.content_stream().read(settings.max_document_bytes + 1)
            if len(data) > settings.max_document_bytes:
                yield Failure(where, f"record larger than {settings.max_document_bytes:,} bytes")
            elif _cut_short(record):
                yield Failure(where, "truncated WARC record (the archive is cut short)")
            else:
                url = record.rec_headers.get_header("WARC-Target-URI") or None
                yield Document(data, where, url=url, content_type=content_type)
    except (ArchiveLoadFailed, EOFError, zlib.error, gzip.BadGzipFile, ValueError,
            StatusAndHeadersParserException) as exc:
        yield Failure(source, f"invalid or truncated WARC ({exc.__class__.__name__}: "
                              f"{_one_line(exc)})")
        return
    except Exception as exc:  # warcio on input it does not expect: this archive only
        yield Failure(source, f"unreadable WARC ({exc.__class__.__name__}: {_one_line(exc)})")
        return
    if not found:
        yield Failure(source, "WARC has no response records with text")


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:300]


def _cut_short(record) -> bool:
    """warcio stops quietly at a truncated archive; the record's unread length tells."""
    return getattr(record.raw_stream, "limit", 0) > 0


def estimate_count(paths: Iterable[str]) -> int | None:
    """How many items ``paths`` give, for a progress bar's ETA: files count one each, JSONL
    files their lines, a path or folder that becomes a Failure one; None when a WARC, a
    compressed feed, stdin or an unreadable feed makes it unknown. Never raises: the read
    itself reports what is wrong."""
    total = 0
    for path in paths:
        if path == "-" or is_uri(path):  # stdin, or a URI (the Ray engine reads those)
            return None
        try:
            count = _count(Path(path))
        except (OSError, ValueError):  # unreadable: the read will say so, and why
            return None
        if count is None:
            return None
        total += count
    return total


def _count(p: Path) -> int | None:
    try:
        mode = p.stat().st_mode
    except FileNotFoundError:
        return 1  # one Failure
    files = _walk(p) if stat.S_ISDIR(mode) else [p] if stat.S_ISREG(mode) else [None]
    total = 0
    for f in files:
        if not isinstance(f, Path):  # a Failure: one item
            total += 1
            continue
        name = f.name.lower()
        if ".warc" in name or name.endswith(".jsonl.gz"):
            return None
        if name.endswith(".jsonl"):
            with f.open("rb") as fh:
                total += sum(1 for line in fh if line.strip())
        else:
            total += 1
    return total
