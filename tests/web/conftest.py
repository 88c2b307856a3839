"""The web tests' store: the bundled samples and one hostile article, ingested once by the
real ingest; each test module gets its own copy (reviews written by one module never reach
another)."""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from support import ROOT

TOKEN = "test-token-0123456789"
# Markup in an article's words: every page must show it as text, and none of it may run.
HOSTILE = """Rebels storm police post in Goma <script>alert(1)</script>

Rebels attacked a police station in Goma on Monday, killing three officers, the army said \
<img src=x onerror=alert(2)>.

The army spokesman <a href="javascript:alert(3)">Colonel Kasongo</a> said troops would pursue \
the attackers </textarea><script>alert(4)</script> into the hills.
"""


@pytest.fixture(scope="session")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from newsevents.store.ingest import ingest

    folder = tmp_path_factory.mktemp("web-store")
    hostile = folder / "inputs" / "hostile.txt"
    hostile.parent.mkdir()
    hostile.write_text(HOSTILE, encoding="utf-8")
    db = folder / "samples.db"
    tally = ingest([str(ROOT / "samples"), str(hostile)], db)
    assert tally.events > 50, "the samples should give many events"
    conn = sqlite3.connect(db)  # one file, no WAL beside it: a copy is the whole store
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return db


@pytest.fixture(scope="module")
def store(built_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("web-module") / "store.db"
    shutil.copy(built_store, db)
    return db


@pytest.fixture(scope="module")
def client(store: Path):
    from fastapi.testclient import TestClient

    from newsevents.web import create_app

    with TestClient(create_app(store, TOKEN)) as c:
        yield c


@pytest.fixture(scope="module")
def hostile_doc(store: Path) -> str:
    conn = sqlite3.connect(store)
    row = conn.execute("SELECT id FROM documents WHERE source LIKE '%hostile.txt'").fetchone()
    conn.close()
    assert row, "the hostile article was stored"
    return row[0]


@pytest.fixture(scope="session")
def auth() -> dict[str, str]:
    """The headers of a write with the server's token."""
    return {"Authorization": f"Bearer {TOKEN}"}


# The CLI with `serve` registered, whatever cli/__init__.py imports.
LAUNCH = "import newsevents.cli.serve; from newsevents.cli import app; app()"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, proc: subprocess.Popen, url: str, token: str | None) -> None:
        self.proc, self.url, self.token = proc, url, token


@pytest.fixture(scope="module")
def server(store: Path) -> Iterator[Server]:
    """`newsevents serve` on this module's store, in a subprocess, on a free port of
    127.0.0.1 (stopped after the module); no --token, so it prints one."""
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-c", LAUNCH, "serve", "--db", str(store),
                             "--port", str(port)], stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "NEWSEVENTS_TOKEN": ""})
    token = None
    try:
        for _ in range(5):  # the token and "serving" lines come before uvicorn starts
            line = proc.stderr.readline()
            if line.startswith("write token: "):
                token = line.split(": ", 1)[1].strip()
            if line.startswith("serving") or not line:
                break
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(url + "/api/events?limit=1", timeout=2)
                break
            except httpx.TransportError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"server did not start: {proc.stderr.read()}") from None
                time.sleep(0.2)
        yield Server(proc, url, token)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        proc.stderr.close()
