"""The Ray engine's inputs: the driver lists the files (cheap), Ray tasks read them.

A plain path is a file of the driver's machine, so its reading tasks run on the driver's
node; a URI (``s3://bucket/news/``, ``gs://…``, ``hdfs://…``, ``file:///shared/…``) is read
through ``pyarrow.fs`` wherever Ray puts the task. Files are read by the local engine's own
readers (``readers.py``), so the documents, their names and every failure are the same.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import BinaryIO

from ..errors import InputError
from ..model import Document
from ..readers import (
    Failure,
    _label,
    _read_bytes_input,
    _wanted,
    _why,
    input_files,
    is_uri,
)
from ..settings import Settings


@dataclass(frozen=True, slots=True)
class InputFile:
    index: int  # its place in the job's reading order
    name: str  # a local path or a URI
    source: str  # the input's name, as the local engine gives it
    suffixes: str  # what the readers sniff the kind from (".jsonl", ".warc.gz", ...)

    @property
    def local(self) -> bool:
        return not is_uri(self.name)


def plan(paths: Iterable[str]) -> list[InputFile | Failure]:
    """The files behind ``paths`` in the order the local engine reads them, and a Failure for
    each path that is missing, unreadable or not a file. Standard input is refused: a Ray job
    reads files, which its tasks can open again when retried."""
    out: list[InputFile | Failure] = []

    def add(name: str, suffixes: str) -> None:
        out.append(InputFile(len(out), name, _label(name), suffixes))

    for path in paths:
        found = _list_uri(path) if is_uri(path) else input_files([path])
        for item in found:
            if item is None:
                raise InputError("--engine ray reads files, folders and URIs, not standard "
                                 "input (-)")
            if isinstance(item, Failure):
                out.append(item)
            else:
                name = str(item)
                add(name, "".join(PurePosixPath(name).suffixes[-2:]))
    return out


def _list_uri(uri: str) -> list[str | Failure]:
    """A URI's files (a folder's wanted files below it, in path order), or why not."""
    import pyarrow as pa
    import pyarrow.fs as pafs

    try:
        fs, root = pafs.FileSystem.from_uri(uri)
        info = fs.get_file_info(root)
        if info.type == pafs.FileType.NotFound:
            return [Failure(_label(uri), "no such file or directory")]
        if info.type == pafs.FileType.File:
            return [uri]
        if info.type != pafs.FileType.Directory:
            return [Failure(_label(uri), "not a regular file")]
        found = fs.get_file_info(pafs.FileSelector(root, recursive=True))
    except (OSError, ValueError, pa.ArrowException) as exc:
        return [Failure(_label(uri), f"cannot read: {_one_line(exc)}")]
    prefix = uri[: len(uri) - len(root)] if uri.endswith(root) else uri.split("://")[0] + "://"
    files = sorted(f.path for f in found if f.type == pafs.FileType.File
                   and _wanted(PurePosixPath(f.path).relative_to(root)))
    return [prefix + path for path in files]


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or exc.__class__.__name__
    return text[:300]


def read(file: InputFile, settings: Settings) -> Iterator[Document | Failure | tuple[str, str]]:
    """One file's documents in order, a Failure for what cannot be read, and (source,
    message) for each warning the readers give (the driver logs them)."""
    warnings: list[tuple[str, str]] = []

    def warn(source: str, message: str) -> None:
        warnings.append((source, message))

    try:
        with _open(file) as fh:
            for item in _read_bytes_input(file.source, fh, file.suffixes, settings, warn):
                yield from warnings
                warnings.clear()
                yield item
    except OSError as exc:
        yield Failure(file.source, f"cannot read: {_why(exc)}")
    yield from warnings


def _open(file: InputFile) -> BinaryIO:
    if file.local:
        return open(file.name, "rb")  # noqa: SIM115  (closed by the caller's with)
    import pyarrow.fs as pafs

    fs, path = pafs.FileSystem.from_uri(file.name)
    # the readers sniff gzip and WARC themselves (as for a local file), so no decompression
    return io.BufferedReader(fs.open_input_stream(path, compression=None))
