"""Read every input kind into Documents: .txt, .html/.htm, .jsonl, .warc(.gz) and .gz of any.

A bad input never stops the batch: it becomes a Failure naming the input and the reason.
Reads are capped (settings) so a huge or decompressing-bomb input cannot exhaust memory.
"""

from __future__ import annotations

import gzip
import json
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from .errors import InputError
from .model import Document
from .settings import DEFAULT_SETTINGS, Settings

TEXT_SUFFIXES = {".txt": "text/plain", ".text": "text/plain", ".html": "text/html",
                 ".htm": "text/html", ".xhtml": "text/html"}
KNOWN_SUFFIXES = {*TEXT_SUFFIXES, ".jsonl", ".warc", ".gz"}
FEED_META = ("title", "date", "source")


@dataclass(frozen=True, slots=True)
class Failure:
    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


def iter_documents(
    paths: Iterable[str], settings: Settings = DEFAULT_SETTINGS
) -> Iterator[Document | Failure]:
    """Documents from files, folders (recursive) and '-' (stdin), in a stable order."""
    for path in paths:
        if path == "-":
            yield from _read_bytes_input("<stdin>", sys.stdin.buffer, "", settings)
            continue
        p = Path(path)
        if p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file() and _wanted(f.relative_to(p)))
            for f in files:
                yield from _read_file(f, settings)
        elif p.is_file():
            yield from _read_file(p, settings)
        else:
            yield Failure(path, "no such file or directory")


def _wanted(relative: Path) -> bool:
    """Known kinds of file, not hidden below the folder given ("../x" itself is fine)."""
    return not any(part.startswith(".") for part in relative.parts) and (
        relative.suffix.lower() in KNOWN_SUFFIXES)


def _read_file(path: Path, settings: Settings) -> Iterator[Document | Failure]:
    try:
        with path.open("rb") as fh:
            yield from _read_bytes_input(str(path), fh, "".join(path.suffixes[-2:]), settings)
    except OSError as exc:
        yield Failure(str(path), f"cannot read: {exc.strerror or exc}")


def _read_bytes_input(
    source: str, fh: BinaryIO, suffixes: str, settings: Settings
) -> Iterator[Document | Failure]:
    kind = suffixes.lower().removesuffix(".gz").rsplit(".", 1)[-1] if suffixes else ""
    if kind == "warc":  # warcio reads .warc.gz itself, record by record
        yield from _read_warc(source, fh, settings)
        return
    stream = _maybe_gunzip(fh)
    try:
        head = stream.peek(5)[:5] if hasattr(stream, "peek") else b""
    except (EOFError, gzip.BadGzipFile, zlib.error, OSError) as exc:
        yield Failure(source, _gzip_reason(exc))
        return
    if not kind and head == b"WARC/":
        yield from _read_warc(source, stream, settings)
    elif kind == "jsonl" or (not kind and head.lstrip()[:1] == b"{"):
        yield from _read_jsonl(source, stream, settings)
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


def _read_jsonl(source: str, stream: BinaryIO, settings: Settings) -> Iterator[Document | Failure]:
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
            yield _feed_document(where, line)


def _feed_document(where: str, line: bytes) -> Document | Failure:
    try:
        record = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return Failure(where, f"not JSON ({exc})")
    if not isinstance(record, dict):
        return Failure(where, "not a JSON object")
    body, content_type = record.get("text"), "text/plain; charset=utf-8"
    if not isinstance(body, str) or not body.strip():
        body, content_type = record.get("html"), "text/html; charset=utf-8"
    if not isinstance(body, str) or not body.strip():
        return Failure(where, 'no "text" or "html" string')
    meta = {k: str(record[k]) for k in FEED_META if record.get(k) not in (None, "")}
    return Document(
        body.encode("utf-8"), where, url=record.get("url") or None, content_type=content_type,
        id=str(record["id"]) if record.get("id") else None, meta=meta,
    )


def _read_warc(source: str, fh: BinaryIO, settings: Settings) -> Iterator[Document | Failure]:
    """HTTP response records with a text payload; other records are skipped (but read through,
    so that an archive cut short is reported rather than silently shortened)."""
    found = 0
    try:
        for number, record in enumerate(ArchiveIterator(fh), 1):
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
                url = record.rec_headers.get_header("WARC-Target-URI")
                yield Document(data, where, url=url, content_type=content_type)
    except (ArchiveLoadFailed, EOFError, zlib.error, gzip.BadGzipFile, ValueError) as exc:
        yield Failure(source, f"invalid or truncated WARC ({exc.__class__.__name__}: {exc})")
        return
    if not found:
        yield Failure(source, "WARC has no response records with text")


def _cut_short(record) -> bool:
    """warcio stops quietly at a truncated archive; the record's unread length tells."""
    return getattr(record.raw_stream, "limit", 0) > 0


def estimate_count(paths: Iterable[str]) -> int | None:
    """How many documents ``paths`` hold, for a progress bar's ETA: files count one each,
    JSONL files their lines; None when a WARC, a compressed feed or stdin makes it unknown."""
    total = 0
    for path in paths:
        p = Path(path)
        files = sorted(f for f in p.rglob("*") if f.is_file() and _wanted(f.relative_to(p))
                       ) if p.is_dir() else [p] if p.is_file() else []
        if path == "-":
            return None
        for f in files:
            name = f.name.lower()
            if ".warc" in name or name.endswith(".jsonl.gz"):
                return None
            if name.endswith(".jsonl"):
                with f.open("rb") as fh:
                    total += sum(1 for line in fh if line.strip())
            else:
                total += 1
    return total
