"""``newsevents serve``: the web app and HTTP API over a store (docs/WEB.md)."""

from __future__ import annotations

import ipaddress
import secrets
from pathlib import Path
from typing import Annotated

import typer

from ..store.db import StoreError
from . import app, examples, status


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@app.command(epilog=examples(
    "newsevents serve --db news.db                    # http://127.0.0.1:8000/",
    "newsevents serve --db news.db --port 8080 --token \"$NEWSEVENTS_TOKEN\""))
def serve(
    db: Annotated[Path, typer.Option("--db", help="The SQLite store (must exist).")],
    host: Annotated[str, typer.Option(
        help="Address to listen on; only 127.0.0.1 (this machine) unless told otherwise.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="TCP port.")] = 8000,
    token: Annotated[str | None, typer.Option(
        envvar="NEWSEVENTS_TOKEN", show_envvar=True,
        help="The token writes (reviews) need; default: a random one, printed once.")
    ] = None,
) -> None:
    """Serve the explorer pages and the JSON API (OpenAPI at /docs). Reads are open; writes
    need the token (Authorization: Bearer TOKEN)."""
    import uvicorn

    from ..web import create_app

    if not db.exists():
        status(f"error: {db}: no such database (build one with `newsevents ingest`)")
        raise typer.Exit(2)
    given = token is not None
    token = token or secrets.token_urlsafe(24)
    try:
        web = create_app(db, token)
    except StoreError as exc:
        status(f"error: {exc}")
        raise typer.Exit(2) from None
    if not given:  # printed once, on stderr only (stdout may be a log)
        status(f"write token: {token}")
    if not _loopback(host):
        status(f"warning: listening on {host}: reachable from other machines; reads are "
               "open to anyone who can reach it")
    status(f"serving {db} on http://{host}:{port}/ (Ctrl-C to stop)")
    uvicorn.run(web, host=host, port=port, log_level="warning", server_header=False,
                proxy_headers=False)
