"""The web app and HTTP API of ``newsevents serve`` (docs/WEB.md)."""

from .app import create_app

__all__ = ["create_app"]
