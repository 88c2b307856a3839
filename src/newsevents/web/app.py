"""The web app: ``create_app(db, token)`` gives the FastAPI app that ``newsevents serve``
runs (JSON API under /api, pages at /, OpenAPI at /openapi.json, its docs page at /docs, all
assets from /static; nothing from another host)."""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from .. import __version__
from ..store import reviews
from ..store.db import connect
from . import errors
from .security import BodyLimit, SecurityHeaders

HERE = Path(__file__).resolve().parent
MAX_BODY = 1_000_000  # bytes in any request body (a pasted article is well under this)


@dataclass(slots=True)
class Config:
    db: Path
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    max_body: int = MAX_BODY
    extract_timeout: float = 60.0  # seconds one /api/extract may take
    extract_max_chars: int = 200_000  # characters of pasted text or HTML


def create_app(db: str | Path, token: str | None = None, **options: object) -> FastAPI:
    """The app over the store ``db`` (which must exist: the server never creates a store).
    ``token``: the write token (None: a random one, in ``app.state.config.token``)."""
    config = Config(Path(db), **({"token": token} if token else {}), **options)  # type: ignore[arg-type]
    conn = connect(config.db)  # refuses a missing, foreign or newer file with one line
    try:
        reviews.ensure_tables(conn)
    finally:
        conn.close()
    app = FastAPI(title="newsevents", version=__version__, docs_url=None, redoc_url=None,
                  description="News events coded in PLOVER: explore, read against the text, "
                              "review. Writes need `Authorization: Bearer TOKEN`.")
    app.state.config = config
    errors.install(app)
    from . import api, pages

    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    # Outermost first: every response gets the headers, even a refused oversized body.
    app.add_middleware(DropEmptyQuery)
    app.add_middleware(BodyLimit, limit=config.max_body)
    app.add_middleware(SecurityHeaders)
    return app


class DropEmptyQuery:
    """An empty query value is no value: the explorer's form sends every field, and
    ``?since=&type=`` means no date and any category, not an invalid date."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("query_string"):
            items = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
            kept = [(k, v) for k, v in items if v.strip()]
            if len(kept) != len(items):
                scope = {**scope, "query_string": urlencode(kept).encode("latin-1")}
        await self.app(scope, receive, send)


def db(request: Request) -> Iterator[sqlite3.Connection]:
    """One connection per request (SQLite in WAL mode: readers do not block each other,
    and an ingest may write meanwhile)."""
    conn = connect(request.app.state.config.db)
    try:
        yield conn
    finally:
        conn.close()
