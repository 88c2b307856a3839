"""Compiled knowledge: an index built once from the data files, then read back in a fraction of
the time. The cache lives in the user's cache folder (``$NEWSEVENTS_CACHE``, else
``$XDG_CACHE_HOME/newsevents``, else ``~/.cache/newsevents``) under a key made of the
knowledge hash, the source of the modules that build the index, the versions of the packages
it reads and the Python version: change any of them and the index is rebuilt. A missing,
unreadable or stale file is rebuilt; a folder that cannot be written only costs the speed-up.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import TypeVar

from .loader import knowledge_hash

T = TypeVar("T")


def cache_dir() -> Path:
    if os.environ.get("NEWSEVENTS_CACHE"):
        return Path(os.environ["NEWSEVENTS_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "newsevents"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "-"


def cache_key(name: str, modules: tuple[str, ...], packages: tuple[str, ...]) -> str:
    digest = hashlib.sha256(f"{name}|{knowledge_hash()}|{sys.version_info[:2]}".encode())
    for module in modules:
        digest.update(Path(sys.modules[module].__file__).read_bytes())
    for package in packages:
        digest.update(f"|{package}={_version(package)}".encode())
    return digest.hexdigest()[:20]


def compiled(name: str, build: Callable[[], T], modules: tuple[str, ...],
             packages: tuple[str, ...] = ()) -> T:
    """``build()``, or the copy of its result cached for this exact knowledge and code."""
    path = cache_dir() / f"{name}-{cache_key(name, modules, packages)}.pickle"
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except Exception:  # noqa: BLE001 - missing, truncated or from another version: rebuild
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written aside, then renamed: a reader never sees half a file.
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, path)
    except OSError:
        pass  # a read-only home: run without the cache
    return value
