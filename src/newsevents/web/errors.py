"""Errors as RFC 9457 problem details (``application/problem+json``), never a traceback."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..store.db import StoreError

log = logging.getLogger("newsevents.web")
_TITLES = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
           405: "Method Not Allowed", 413: "Content Too Large", 422: "Unprocessable Content",
           500: "Internal Server Error", 503: "Service Unavailable", 504: "Gateway Timeout"}


class ApiError(Exception):
    def __init__(self, status: int, title: str | None = None, detail: str | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(detail or title)
        self.status, self.detail, self.headers = status, detail, headers
        self.title = title or _TITLES.get(status, "Error")


def problem(status: int, detail: str | None = None, title: str | None = None,
            headers: dict[str, str] | None = None, **extra: object) -> JSONResponse:
    body = {"type": "about:blank", "title": title or _TITLES.get(status, "Error"),
            "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, headers=headers,
                        media_type="application/problem+json")


def _wants_page(request: Request) -> bool:
    """A browser asking for a page (not the API, not an asset) gets the error as a page."""
    path = request.url.path
    return not path.startswith(("/api/", "/static/", "/openapi")) and \
        "text/html" in request.headers.get("accept", "")


def _page(request: Request, status: int, title: str, detail: str | None,
          headers: dict[str, str] | None = None) -> HTMLResponse:
    from .pages import templates

    return templates.TemplateResponse(request, "error.html", {
        "status": status, "title": title, "detail": detail}, status_code=status,
        headers=headers)


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api(request: Request, exc: ApiError) -> JSONResponse | HTMLResponse:
        if _wants_page(request):
            return _page(request, exc.status, exc.title, exc.detail, exc.headers)
        return problem(exc.status, exc.detail, exc.title, exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException
                    ) -> JSONResponse | HTMLResponse:
        detail = exc.detail if isinstance(exc.detail, str) else None
        if _wants_page(request):
            return _page(request, exc.status_code, _TITLES.get(exc.status_code, "Error"),
                         detail, getattr(exc, "headers", None))
        return problem(exc.status_code, detail, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        # Only where and what, never the input itself echoed back in full.
        errors = [{"loc": [str(p) for p in e.get("loc", ())], "msg": e.get("msg")}
                  for e in exc.errors()]
        return problem(422, "; ".join(f"{'.'.join(e['loc'])}: {e['msg']}" for e in errors),
                       errors=errors)

    @app.exception_handler(StoreError)
    async def _store(request: Request, exc: StoreError) -> JSONResponse:
        return problem(503, str(exc))

    @app.exception_handler(Exception)
    async def _any(request: Request, exc: Exception) -> JSONResponse:
        log.exception("internal error on %s", request.url.path)
        return problem(500, f"internal error ({type(exc).__name__})")
