"""The one way a data file is read: ``load(name)``, checked against ``data/manifest.toml``.

The manifest lists every knowledge file under ``src/newsevents/data/`` with its format (toml,
jsonl, tsv) and its schema. ``load`` reads a file once per process (through importlib.resources,
so it works from a wheel), checks it, and returns:

- toml: the parsed table;
- jsonl: a list of dicts, one per non-blank line;
- tsv: a list of dicts keyed by the manifest's column names (``#`` lines are comments);
  columns typed ``float`` or ``int`` in the manifest are converted.

A missing file, a parse error or a schema violation raises ``KnowledgeError`` naming the file,
the line (jsonl/tsv) or key (toml), and the field. ``knowledge_hash()`` is a sha256 over every
listed file (name and bytes, in manifest order): what outputs record as the codebook version.

Types in the manifest: ``str``, ``int``, ``float`` (an int is accepted), ``bool``, ``any``,
``list[T]``, ``table[T]`` (a table of string keys to T), ``table`` (any table), a record name
from the manifest's ``[record.*]``, and unions ``T|U`` (``null`` for JSON null). A toml key
path may hold ``*`` for every key of a table (``categories.*.quad``).
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

MANIFEST = "manifest.toml"
FORMATS = ("toml", "jsonl", "tsv")


class KnowledgeError(Exception):
    """A knowledge file that is missing, unreadable or does not match its schema."""


class Loader:
    """Reads the knowledge files under ``root`` (the installed ``newsevents.data`` by default;
    a directory for tests). Each file is parsed and checked once per Loader."""

    def __init__(self, root: Traversable | Path | str | None = None) -> None:
        self.root: Traversable = (resources.files("newsevents.data") if root is None
                                  else Path(root))
        self._cache: dict[str, Any] = {}
        self._manifest: dict[str, dict] | None = None
        self._records: dict[str, dict] = {}
        self._hash: str | None = None

    # -- the manifest ----------------------------------------------------------------------
    def manifest(self) -> dict[str, dict]:
        """name -> the file's manifest entry, in manifest order."""
        if self._manifest is None:
            raw = tomllib.loads(self._read(MANIFEST).decode("utf-8"))
            files: dict[str, dict] = {}
            for entry in raw.get("file", []):
                name = entry.get("name")
                if not isinstance(name, str) or entry.get("format") not in FORMATS:
                    raise KnowledgeError(f"{MANIFEST}: entry {entry!r} needs a name and a "
                                         f"format in {FORMATS}")
                if name in files:
                    raise KnowledgeError(f"{MANIFEST}: {name} is listed twice")
                files[name] = entry
            self._records = raw.get("record", {})
            self._manifest = files
        return self._manifest

    def names(self, prefix: str = "") -> list[str]:
        """The listed files whose name starts with ``prefix`` ("actors/people/"), in order."""
        return [name for name in self.manifest() if name.startswith(prefix)]

    # -- reading ---------------------------------------------------------------------------
    def _read(self, name: str) -> bytes:
        path = self.root.joinpath(*name.split("/"))
        try:
            return path.read_bytes()
        except FileNotFoundError:
            raise KnowledgeError(f"{name}: knowledge file missing (looked in {self.root})"
                                 ) from None
        except OSError as exc:
            raise KnowledgeError(f"{name}: cannot read: {exc}") from None

    def load(self, name: str) -> Any:
        """The parsed and checked content of the data file ``name`` ("plover/coding.toml")."""
        if name not in self._cache:
            entry = self.manifest().get(name)
            if entry is None:
                raise KnowledgeError(f"{name}: not listed in data/{MANIFEST}")
            text = self._read(name).decode("utf-8")
            parse = {"toml": self._toml, "jsonl": self._jsonl, "tsv": self._tsv}
            self._cache[name] = parse[entry["format"]](name, text, entry)
        return self._cache[name]

    def hash(self) -> str:
        """sha256 (16 hex) over every listed file's name and bytes, in manifest order."""
        if self._hash is None:
            digest = hashlib.sha256()
            for name in self.manifest():
                data = self._read(name)
                digest.update(name.encode("utf-8") + b"\0")
                digest.update(str(len(data)).encode("ascii") + b"\0")
                digest.update(data)
            self._hash = digest.hexdigest()[:16]
        return self._hash

    # -- formats ---------------------------------------------------------------------------
    def _toml(self, name: str, text: str, entry: dict) -> dict:
        try:
            raw = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise KnowledgeError(f"{name}: not valid TOML: {exc}") from None
        for path, spec in entry.get("keys", {}).items():
            self._check_path(name, raw, path.split("."), [], spec, required=True)
        for path, spec in entry.get("optional", {}).items():
            self._check_path(name, raw, path.split("."), [], spec, required=False)
        return raw

    def _check_path(self, name: str, node: Any, parts: list[str], seen: list[str], spec: str,
                    required: bool) -> None:
        if not parts:
            self._check(name, f"key {'.'.join(seen)}", node, spec)
            return
        where = ".".join(seen) or "the top level"
        if not isinstance(node, dict):
            raise KnowledgeError(f"{name}: key {where}: expected a table, got "
                                 f"{_kind(node)}")
        head, rest = parts[0], parts[1:]
        if head == "*":
            for key, value in node.items():
                self._check_path(name, value, rest, [*seen, key], spec, required)
        elif head in node:
            self._check_path(name, node[head], rest, [*seen, head], spec, required)
        elif required:
            raise KnowledgeError(f"{name}: key {'.'.join([*seen, head])}: required, missing")

    def _jsonl(self, name: str, text: str, entry: dict) -> list[dict]:
        rows = []
        record = {"required": entry.get("required", {}), "optional": entry.get("optional", {})}
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            where = f"line {number}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise KnowledgeError(f"{name}: {where}: not valid JSON: {exc.msg}") from None
            self._check_record(name, where, row, record)
            rows.append(row)
        return rows

    def _tsv(self, name: str, text: str, entry: dict) -> list[dict]:
        columns: list[str] = entry.get("columns", [])
        types: dict[str, str] = entry.get("types", {})
        rows = []
        for number, line in enumerate(text.splitlines(), 1):
            if line.startswith("#") or not line.strip():
                continue
            cells = line.split("\t")
            if len(cells) != len(columns):
                raise KnowledgeError(f"{name}: line {number}: {len(cells)} columns, expected "
                                     f"{len(columns)} ({', '.join(columns)})")
            row: dict[str, Any] = dict(zip(columns, cells, strict=True))
            for column, kind in types.items():
                try:
                    row[column] = {"float": float, "int": int}[kind](row[column])
                except ValueError:
                    raise KnowledgeError(f"{name}: line {number}: field {column}: expected "
                                         f"{kind}, got {row[column]!r}") from None
            rows.append(row)
        return rows

    # -- types -----------------------------------------------------------------------------
    def _check_record(self, name: str, where: str, row: Any, record: dict,
                      prefix: str = "") -> None:
        """A JSON object against {required, optional}; ``where`` is "line N", ``prefix`` the
        path of a nested record ("roles[0].")."""
        if not isinstance(row, dict):
            field = f": field {prefix.rstrip('.')}" if prefix else ""
            raise KnowledgeError(f"{name}: {where}{field}: expected an object, got "
                                 f"{_kind(row)}")
        required, optional = record.get("required", {}), record.get("optional", {})
        for field in required:
            if field not in row:
                raise KnowledgeError(f"{name}: {where}: field {prefix}{field}: required, "
                                     "missing")
        for field, value in row.items():
            spec = required.get(field) or optional.get(field)
            if spec is None:
                raise KnowledgeError(f"{name}: {where}: field {prefix}{field}: not in the "
                                     f"schema (known: {', '.join([*required, *optional])})")
            if not self._fits(name, where, f"{prefix}{field}", value, spec.replace(" ", "")):
                raise KnowledgeError(f"{name}: {where}: field {prefix}{field}: expected "
                                     f"{spec}, got {_kind(value)} {_short(value)}")

    def _check(self, name: str, where: str, value: Any, spec: str) -> None:
        if not self._fits(name, where, "", value, spec.replace(" ", "")):
            raise KnowledgeError(f"{name}: {where}: expected {spec}, got {_kind(value)} "
                                 f"{_short(value)}")

    def _fits(self, name: str, where: str, path: str, value: Any, spec: str) -> bool:
        """Whether ``value`` has type ``spec``; a nested record raises its own error."""
        options = _split_union(spec)
        if len(options) > 1:
            return any(self._fits(name, where, path, value, o) for o in options)
        if spec == "any":
            return True
        if spec == "null":
            return value is None
        if spec == "str":
            return isinstance(value, str)
        if spec == "bool":
            return isinstance(value, bool)
        if spec == "int":
            return isinstance(value, int) and not isinstance(value, bool)
        if spec == "float":
            return isinstance(value, int | float) and not isinstance(value, bool)
        if spec == "table":
            return isinstance(value, dict)
        if spec.startswith("list[") and spec.endswith("]"):
            return isinstance(value, list) and all(
                self._fits(name, where, f"{path}[{i}]", v, spec[5:-1])
                for i, v in enumerate(value))
        if spec.startswith("table[") and spec.endswith("]"):
            return isinstance(value, dict) and all(
                self._fits(name, where, f"{path}.{k}", v, spec[6:-1]) for k, v in value.items())
        if spec in self._records:
            self._check_record(name, where, value, self._records[spec], f"{path}.")
            return True
        raise KnowledgeError(f"{MANIFEST}: unknown type {spec!r} (for {name})")


def _split_union(spec: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(spec):
        depth += ch == "["
        depth -= ch == "]"
        if ch == "|" and depth == 0:
            parts.append(spec[start:i])
            start = i + 1
    return [*parts, spec[start:]]


def _kind(value: Any) -> str:
    return {dict: "a table", list: "a list", str: "a string", bool: "a boolean", int: "an int",
            float: "a float", type(None): "null"}.get(type(value), type(value).__name__)


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


@cache
def default_loader() -> Loader:
    """The process's loader over the installed data (one parse per file per process)."""
    return Loader()


def load(name: str) -> Any:
    """The parsed, schema-checked content of the data file ``name``, cached per process."""
    return default_loader().load(name)


def names(prefix: str = "") -> list[str]:
    """The manifest's file names under ``prefix``, in manifest order."""
    return default_loader().names(prefix)


def knowledge_hash() -> str:
    """sha256 (first 16 hex digits) of every knowledge file, name and bytes, in manifest
    order: the codebook version recorded in every output. Cached per process."""
    return default_loader().hash()


__all__ = ["KnowledgeError", "Loader", "knowledge_hash", "load", "names"]
