"""The JSON API under /api (typed with pydantic; described at /openapi.json and /docs)."""

from __future__ import annotations

import io
import json
import sqlite3
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from functools import cache
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import StreamingResponse

from ..export import FORMATS, EventWriter, analysis_events, plover_record
from ..store import reviews as rv
from ..store.db import StoreError, connect, is_query_error
from ..store.queries import search as store_search
from . import models as m
from . import queries as q
from . import service
from .app import db
from .errors import ApiError
from .security import check_token

router = APIRouter(prefix="/api", tags=["api"])
Conn = Annotated[sqlite3.Connection, Depends(db)]
EventId = Annotated[str, Path(max_length=64, pattern=r"^[0-9A-Za-z_-]+$")]


def filters(
    actor: Annotated[str | None, Query(max_length=40, description='"USA" or "USA MIL"')] = None,
    recipient: Annotated[str | None, Query(max_length=40)] = None,
    type: Annotated[str | None, Query(max_length=20, description="PLOVER category")] = None,
    mode: Annotated[str | None, Query(max_length=40)] = None,
    context: Annotated[str | None, Query(max_length=40)] = None,
    since: Annotated[str | None, Query(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")] = None,
    until: Annotated[str | None, Query(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")] = None,
    country: Annotated[str | None, Query(max_length=3, description="ISO alpha-3")] = None,
    near: Annotated[str | None, Query(max_length=200, description="a place name")] = None,
    within_km: Annotated[float, Query(alias="within-km", gt=0, le=20000)] = 100.0,
    text: Annotated[str | None, Query(max_length=500, description="words in the articles")
                    ] = None,
    min_confidence: Annotated[float, Query(alias="min-confidence", ge=0, le=1)] = 0.0,
    include_historical: Annotated[bool, Query(alias="include-historical")] = False,
    review: Annotated[Literal["confirm", "reject", "correct", "none"] | None, Query(
        description="only events whose latest review is this (none: unreviewed)")] = None,
) -> q.Filters:
    if until and len(until) < 10:  # "2023" or "2023-05" runs to the end of that period
        until = until + "\uffff"
    return q.Filters(actor=actor, recipient=recipient, type=type, mode=mode, context=context,
                     since=since, until=until, country=country, near=near, within_km=within_km,
                     text=text, min_confidence=min_confidence,
                     include_historical=include_historical, review=review)


Filter = Annotated[q.Filters, Depends(filters)]


def _bad(exc: q.BadQuery) -> ApiError:
    return ApiError(400, detail=str(exc))


@router.get("/events", response_model=m.EventPage, summary="Events, filtered and paged")
def events(conn: Conn, f: Filter,
           sort: Annotated[Literal[tuple(q.SORTS)], Query()] = "date",  # type: ignore[valid-type]
           order: Literal["asc", "desc"] = "desc",
           limit: Annotated[int, Query(ge=1, le=500)] = 50,
           cursor: Annotated[str | None, Query(max_length=400)] = None) -> dict[str, Any]:
    """The events the filters select (the filters of `newsevents events`), sorted, one page
    at a time: pass `next_cursor` back as `cursor`. Records are PLOVER records (export.py)
    with reviewed values in."""
    try:
        page = q.page_events(conn, f, sort=sort, order=order, limit=limit, cursor=cursor)
    except q.BadQuery as exc:
        raise _bad(exc) from None
    records = service.records(conn, page.records)
    return {"total": page.total, "count": len(records), "next_cursor": page.next_cursor,
            "events": records}


@router.get("/events/{event_id}", response_model=m.EventDetail, summary="One event")
def event(conn: Conn, event_id: EventId) -> dict[str, Any]:
    """The record, every source report (its sentence, trigger and each field's evidence
    span, its own figures) and every review."""
    detail = service.event_detail(conn, event_id)
    if detail is None:
        raise ApiError(404, detail=f"no event {event_id}")
    return detail


@router.post("/events/{event_id}/review", response_model=m.EventDetail, status_code=201,
             dependencies=[Depends(check_token)], summary="Review an event (token)")
def review(conn: Conn, event_id: EventId, body: m.ReviewIn) -> dict[str, Any]:
    """Confirm, reject, or correct fields of an event, with a note. Every review is kept;
    the latest one is applied wherever the event is shown."""
    if service.merged(conn, event_id) is None:
        raise ApiError(404, detail=f"no event {event_id}")
    changes = body.changes.model_dump(exclude_unset=True) if body.changes else {}
    if "event" in changes and changes["event"]:
        from ..knowledge.ontology import ontology

        changes["event"] = changes["event"].upper()
        if changes["event"] not in ontology().quad:
            raise ApiError(422, detail=f"changes.event: not a PLOVER category: "
                                       f"{changes['event']!r}")
    try:
        rv.add_review(conn, event_id, body.action, changes, body.note, body.reviewer)
    except ValueError as exc:
        raise ApiError(422, detail=str(exc)) from None
    return service.event_detail(conn, event_id) or {}


@router.get("/documents/{doc_id}", response_model=m.Document, summary="One article")
def document(conn: Conn, doc_id: EventId) -> dict[str, Any]:
    """The clean article (title, lede, paragraphs, headings, captions, related items,
    removed blocks with reasons, repairs), every span by kind, and its events."""
    detail = service.document_detail(conn, doc_id)
    if detail is None:
        raise ApiError(404, detail=f"no document {doc_id}")
    return detail


@router.get("/actors", response_model=m.Actors, summary="Top actors and dyads")
def actors(conn: Conn, f: Filter, limit: Annotated[int, Query(ge=1, le=500)] = 20
           ) -> dict[str, Any]:
    """The first actors of the most events, and the (actor, recipient) pairs of the most
    events, each with the name it is most often given."""
    try:
        top = q.actors(conn, f, limit)
        pairs = q.dyads(conn, f, limit)
    except q.BadQuery as exc:
        raise _bad(exc) from None
    for d in pairs:
        d["actor_name"] = q.party_name(conn, d["actor_code"], d["actor_sector"])
        d["recipient_name"] = q.party_name(conn, d["recipient_code"], d["recipient_sector"])
    return {"actors": top, "dyads": pairs}


@router.get("/points", summary="Located events (for the map)")
def points(conn: Conn, f: Filter, limit: Annotated[int, Query(ge=1, le=50000)] = 20000
           ) -> list[dict[str, Any]]:
    try:
        return q.points(conn, f, limit)
    except q.BadQuery as exc:
        raise _bad(exc) from None


@router.get("/timeline", response_model=m.Timeline, summary="Events per period by quad class")
def timeline(conn: Conn, f: Filter,
             by: Literal["day", "week", "month", "year"] = "month") -> dict[str, Any]:
    """Counts per period and quad class (q1 verbal cooperation, q2 material cooperation, q3
    verbal conflict, q4 material conflict), empty periods included."""
    try:
        return {"by": by, "periods": q.timeline(conn, f, by)}
    except q.BadQuery as exc:
        raise _bad(exc) from None


@router.get("/search", response_model=m.SearchResult, summary="Search the articles")
def search(conn: Conn, q_: Annotated[str, Query(alias="q", min_length=1, max_length=500)],
           limit: Annotated[int, Query(ge=1, le=200)] = 20) -> dict[str, Any]:
    """Full-text search: every word must occur (plain words, as `newsevents search`)."""
    try:
        hits = store_search(conn, q_, limit)
    except sqlite3.OperationalError as exc:
        if is_query_error(exc):
            raise ApiError(400, detail=f"search: {exc}") from None
        raise
    return {"query": q_, "hits": hits}


_MEDIA = {"plover": "application/x-ndjson", "csv": "text/csv; charset=utf-8",
          "parquet": "application/vnd.apache.parquet",
          "gdelt": "text/tab-separated-values; charset=utf-8"}


@router.get("/export", summary="Export the events (streamed)",
            response_class=StreamingResponse,
            responses={200: {"content": {t: {} for t in _MEDIA.values()}}})
def export(request: Request, f: Filter,
           format: Literal[tuple(FORMATS)] = "plover",  # type: ignore[valid-type]
           header: bool | None = None) -> StreamingResponse:
    """Every event the filters select, in one of export.py's formats, reviewed values in
    (parquet is written whole at the end; the others row by row)."""
    path = request.app.state.config.db
    conn = connect(path)
    try:
        q.where_clause(conn, f)  # a bad filter fails here, before the stream starts
    except q.BadQuery as exc:
        conn.close()
        raise _bad(exc) from None

    def stream() -> Iterator[bytes]:
        out = io.BytesIO()
        writer = EventWriter(format, out, header)
        try:
            for batch in q.iter_events(conn, f):
                writer.write(service.with_citations(conn, batch))
                yield _drain(out)
            writer.close()
            yield _drain(out)
        finally:
            conn.close()

    ext = {"plover": "jsonl", "gdelt": "tsv"}.get(format, format)
    return StreamingResponse(stream(), media_type=_MEDIA[format], headers={
        "Content-Disposition": f'attachment; filename="events.{ext}"'})


def _drain(buffer: io.BytesIO) -> bytes:
    data = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return data


@router.get("/reviews/export", summary="Reviewed events as gold JSONL",
            response_class=StreamingResponse,
            responses={200: {"content": {"application/x-ndjson": {}}}})
def reviews_export(conn: Conn) -> StreamingResponse:
    """The reviewed events as a gold file of `newsevents evaluate events`: one record per
    source sentence whose events are all reviewed (rejected events left out). The header
    `X-Skipped-Sentences` says how many sentences were left out for unreviewed events."""
    records, skipped = rv.gold_records(conn)
    body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()
    return StreamingResponse(iter([body]), media_type="application/x-ndjson", headers={
        "Content-Disposition": 'attachment; filename="reviewed-gold.jsonl"',
        "X-Skipped-Sentences": str(skipped), "X-Records": str(len(records))})


# -- extract --------------------------------------------------------------------------------

_worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="extract")
_busy = threading.Semaphore(1)


@cache
def _pipeline():
    from ..pipeline import Pipeline

    return Pipeline()


def extract_analysis(request: Request, body: m.ExtractIn) -> dict[str, Any]:
    """Code a pasted text or HTML page (never stored): the analysis as a dict. One at a time
    (503 while another runs), and no longer than the server's limit (504)."""
    from ..errors import InputError
    from ..model import Document

    config = request.app.state.config
    if (body.text is None) == (body.html is None):
        raise ApiError(422, detail="give exactly one of text and html")
    data = body.text if body.text is not None else body.html or ""
    if len(data) > config.extract_max_chars:
        raise ApiError(413, detail=f"over {config.extract_max_chars} characters")
    if not data.strip():
        raise ApiError(422, detail="nothing to read: the text is empty")
    kind = "text/plain" if body.text is not None else "text/html"
    doc = Document(data.encode("utf-8", "replace"), "<pasted>", url=body.url,
                   content_type=f"{kind}; charset=utf-8",
                   meta={"date": body.date} if body.date else {})
    if not _busy.acquire(blocking=False):
        raise ApiError(503, detail="another extraction is running; try again shortly",
                       headers={"Retry-After": "5"})
    job = _worker.submit(lambda: _pipeline().extract(doc))
    job.add_done_callback(lambda _: _busy.release())  # a timed-out job still holds the slot
    try:
        analysis = job.result(timeout=config.extract_timeout)
    except FutureTimeout:
        raise ApiError(504, detail=f"extraction took over {config.extract_timeout:g} s"
                       ) from None
    except InputError as exc:
        raise ApiError(422, detail=f"not a usable page: {exc}") from None
    return analysis.to_dict() | {"_events": [
        plover_record(e, c) | {"review": None} for e, c in analysis_events(analysis)]}


@router.post("/documents", response_model=m.Document, status_code=201,
             dependencies=[Depends(check_token)],
             summary="Code a pasted text or page and store it (token)")
def store_document(request: Request, conn: Conn, body: m.ExtractIn) -> dict[str, Any]:
    """As /api/extract, then stored like an ingested document (one transaction, the events
    merged again; a near-duplicate of a stored article is linked to it, not stored twice):
    the stored article with its events."""
    import hashlib

    from ..store import sources
    from ..store.ingest import ingest_lock
    from ..store.merge import rebuild_events
    from ..store.write import write_analysis

    analysis = extract_analysis(request, body)
    analysis.pop("_events")
    data = (body.text if body.text is not None else body.html or "").encode("utf-8", "replace")
    digest = hashlib.sha256(data).hexdigest()
    path = request.app.state.config.db
    try:
        with ingest_lock(path, wait=10):
            writer = connect(path)
            try:
                sources.ensure(writer)
                write_analysis(writer, analysis, digest)
                rebuild_events(writer)
            finally:
                writer.close()
    except StoreError as exc:  # an ingest is writing: say so, store nothing
        raise ApiError(503, detail=str(exc), headers={"Retry-After": "10"}) from None
    doc_id = analysis["id"]
    stored = conn.execute("SELECT doc_id FROM document_sources WHERE source = ? AND "
                          "content_hash = ?", (analysis["source"], digest)).fetchone()
    return document(conn, stored[0] if stored else doc_id)


@router.post("/extract", response_model=m.Document, summary="Code a pasted text or page")
def extract(request: Request, body: m.ExtractIn) -> dict[str, Any]:
    """Clean, analyse and code the text or HTML given (size-capped, time-limited, not
    stored): the article with its spans and events, as /api/documents gives a stored one."""
    analysis = extract_analysis(request, body)
    return service.article_view(analysis, {
        "id": analysis.get("id"), "url": analysis.get("url"), "title": analysis.get("title"),
        "published": (analysis.get("published") or {}).get("date"),
        "language": analysis.get("language")}, analysis.pop("_events"))
