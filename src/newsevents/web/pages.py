"""The server-rendered pages: explorer, event, article, paste, and the API docs page. Jinja2
with autoescape on: every text from a page is escaped by the template, never marked safe."""

from __future__ import annotations

import math
import sqlite3
from typing import Annotated, Any, Literal
from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import ValidationError

from ..knowledge.ontology import ontology
from . import highlight as hl
from . import models as m
from . import queries as q
from . import service
from .api import EventId, extract_analysis, filters
from .app import HERE, db
from .errors import ApiError

router = APIRouter(include_in_schema=False)
_env = Environment(loader=FileSystemLoader(HERE / "templates"),
                   autoescape=select_autoescape(default=True, default_for_string=True))
templates = Jinja2Templates(env=_env)
Conn = Annotated[sqlite3.Connection, Depends(db)]
Filter = Annotated[q.Filters, Depends(filters)]
QUADS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
         4: "material conflict"}


def _page(request: Request, name: str, status_code: int = 200, **context: Any
          ) -> HTMLResponse:
    return templates.TemplateResponse(request, name, {
        "categories": sorted(ontology().quad), "quads": QUADS, **context},
        status_code=status_code)


def _parties(parties: list[dict[str, Any]] | None) -> str:
    return ", ".join(hl.party_title(p) for p in parties or []) or "—"


_env.filters["parties"] = _parties


# -- explorer -----------------------------------------------------------------------------


def _timeline_svg(periods: list[dict[str, Any]], width: int = 720, height: int = 160
                  ) -> dict[str, Any]:
    """Stacked bars per period (q1..q4), as numbers the template draws in SVG."""
    fine = periods[-400:]  # the latest periods when there are very many
    top = max((p["events"] for p in fine), default=0) or 1
    step = width / max(len(fine), 1)
    bars = []
    for i, p in enumerate(fine):
        y = height
        for quad in (1, 2, 3, 4):
            h = p[f"q{quad}"] / top * (height - 10)
            if h:
                y -= h
                bars.append({"x": round(i * step, 2), "y": round(y, 2),
                             "w": round(max(step - 1, 1), 2), "h": round(h, 2), "quad": quad,
                             "label": f"{p['period']}: {p[f'q{quad}']} {QUADS[quad]}"})
    labels = [{"x": round(i * step, 2), "text": p["period"]}
              for i, p in enumerate(fine) if i % max(len(fine) // 8, 1) == 0]
    return {"width": width, "height": height, "bars": bars, "labels": labels, "top": top,
            "periods": fine}


def _network(pairs: list[dict[str, Any]], size: int = 360) -> dict[str, Any]:
    """Dyads as a circle of nodes and weighted edges (who acts on whom)."""
    names: list[str] = []
    for d in pairs:
        for side in ("actor", "recipient"):
            key = " ".join(x for x in (d[f"{side}_code"], d[f"{side}_sector"]) if x)
            if key not in names:
                names.append(key)
    r, c = size / 2 - 60, size / 2
    pos = {n: (round(c + r * math.cos(2 * math.pi * i / max(len(names), 1)), 1),
               round(c + r * math.sin(2 * math.pi * i / max(len(names), 1)), 1))
           for i, n in enumerate(names)}
    top = max((d["events"] for d in pairs), default=1)
    edges = []
    for d in pairs:
        a = " ".join(x for x in (d["actor_code"], d["actor_sector"]) if x)
        b = " ".join(x for x in (d["recipient_code"], d["recipient_sector"]) if x)
        (x1, y1), (x2, y2) = pos[a], pos[b]
        edges.append({"x1": x1, "y1": y1, "x2": x2, "y2": y2,
                      "w": round(1 + 5 * d["events"] / top, 1),
                      "label": f"{a} → {b}: {d['events']} events"})
    nodes = [{"name": n, "x": x, "y": y} for n, (x, y) in pos.items()]
    return {"size": size, "nodes": nodes, "edges": edges}


@router.get("/", response_class=HTMLResponse)
def explorer(request: Request, conn: Conn, f: Filter,
             sort: Annotated[Literal[tuple(q.SORTS)], Query()] = "date",  # type: ignore[valid-type]
             order: Literal["asc", "desc"] = "desc",
             limit: Annotated[int, Query(ge=1, le=500)] = 50,
             cursor: Annotated[str | None, Query(max_length=400)] = None,
             by: Literal["day", "week", "month", "year"] = "month") -> HTMLResponse:
    try:
        page = q.page_events(conn, f, sort=sort, order=order, limit=limit, cursor=cursor)
        periods = q.timeline(conn, f, by)
        pairs = q.dyads(conn, f, 25)
    except q.BadQuery as exc:
        raise ApiError(400, detail=str(exc)) from None
    base = f.query_items()

    def link(**changes: Any) -> str:
        items = dict(base) | {"sort": sort, "order": order, "by": by,
                              "limit": limit if limit != 50 else None} | changes
        return "/?" + urlencode([(k, v) for k, v in items.items() if v is not None])

    sort_links = {key: link(sort=key, order="asc" if sort == key and order == "desc"
                            else "desc", cursor=None) for key in q.SORTS}
    return _page(request, "explorer.html", f=f, page=page, page_size=limit,
                 rows=service.records(conn, page.records), sort=sort, order=order, by=by,
                 sort_links=sort_links,
                 by_links={b: link(by=b, cursor=cursor) for b in q.PERIODS},
                 next_link=link(cursor=page.next_cursor) if page.next_cursor else None,
                 first_link=link(cursor=None) if cursor else None,
                 points_url="/api/points?" + urlencode(base),
                 export_url="/api/export?" + urlencode(base),
                 timeline=_timeline_svg(periods), network=_network(pairs), pairs=pairs)


# -- event ----------------------------------------------------------------------------------

FIELD_LABELS = {"trigger": "trigger", "actor": "actor", "recipient": "recipient",
                "event_loc": "place", "date": "date", "attribution": "attribution",
                "dead": "dead", "injured": "injured", "arrested": "arrested",
                "counts": "counts", "mode": "mode", "context": "context"}


def _report_view(report: dict[str, Any]) -> dict[str, Any]:
    sentence = report["sentence"] or {}
    base, text = sentence.get("start") or 0, sentence.get("text") or ""
    marks, fields = [], []
    for name, spans in (report.get("evidence") or {}).items():
        if name == "sentence":
            continue
        kind = hl.css_name(name)
        for s in spans or []:
            if s.get("start") is not None and s.get("end") is not None:
                marks.append(hl.Mark(s["start"], s["end"], kind,
                                     FIELD_LABELS.get(name, name)))
                if kind not in fields:
                    fields.append(kind)
    return {**report, "segments": hl.segments(text, marks, base),
            "fields": [(k, FIELD_LABELS.get(k.replace("-", "_"), k)) for k in fields]}


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, conn: Conn, event_id: EventId) -> HTMLResponse:
    detail = service.event_detail(conn, event_id)
    if detail is None:
        raise ApiError(404, detail=f"no event {event_id}")
    return _page(request, "event.html", e=detail["record"], reviews=detail["reviews"],
                 reports=[_report_view(r) for r in detail["reports"]])


# -- article --------------------------------------------------------------------------------


def article_marks(spans: dict[str, list[dict[str, Any]]]) -> list[hl.Mark]:
    marks = []
    for s in spans["actors"]:
        marks.append(hl.Mark(s["start"], s["end"], "actor", hl.party_title(s["actor"])))
    for s in spans["places"]:
        place = s["place"] or {}
        marks.append(hl.Mark(s["start"], s["end"], "place", " ".join(
            str(x) for x in (place.get("name"), place.get("country_code")) if x)))
    for s in spans["times"]:
        marks.append(hl.Mark(s["start"], s["end"], "time", s.get("date") or ""))
    for s in spans["quotes"]:
        marks.append(hl.Mark(s["start"], s["end"], "quote",
                             f"quote of {s['speaker']}" if s.get("speaker") else "quote"))
        if s.get("speaker_start") is not None:
            marks.append(hl.Mark(s["speaker_start"], s["speaker_end"], "speaker", "speaker"))
    for s in spans["triggers"]:
        marks.append(hl.Mark(s["start"], s["end"], "trigger",
                             " ".join(x for x in (s.get("event"), s.get("mode")) if x)))
    return marks


def article_blocks(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The article's text blocks in order (title, lede, paragraphs, headings, captions),
    each cut into highlighted segments."""
    text = doc["text"]
    blocks = []
    for kind, span in (("title", doc.get("title_span")), ("lede", doc.get("lede_span"))):
        if span:
            blocks.append({"kind": kind, "start": span[0], "end": span[1]})
    for kind, items in (("paragraph", doc["paragraphs"]), ("heading", doc["headings"]),
                        ("caption", doc["captions"])):
        for item in items:
            if item.get("start") is not None:
                blocks.append({"kind": kind, "start": item["start"], "end": item["end"],
                               "credit": item.get("credit")})
    blocks.sort(key=lambda b: b["start"])
    marks = article_marks(doc["spans"])
    for b in blocks:
        b["segments"] = hl.segments(text[b["start"]:b["end"]], marks, b["start"])
    return blocks


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def article_page(request: Request, conn: Conn, doc_id: EventId) -> HTMLResponse:
    doc = service.document_detail(conn, doc_id)
    if doc is None:
        raise ApiError(404, detail=f"no document {doc_id}")
    return _page(request, "article.html", doc=doc, blocks=article_blocks(doc), stored=True)


# -- paste ----------------------------------------------------------------------------------


@router.get("/paste", response_class=HTMLResponse)
def paste_form(request: Request) -> HTMLResponse:
    return _page(request, "paste.html", doc=None, blocks=[], error=None, form={})


@router.post("/paste", response_class=HTMLResponse)
async def paste(request: Request) -> HTMLResponse:
    """The form posted (urlencoded): coded at once and shown, never stored."""
    raw = (await request.body()).decode("utf-8", "replace")
    form = {k: v[0] for k, v in parse_qs(raw, max_num_fields=10).items()}
    content = form.get("content", "")
    kind = form.get("kind", "text")
    try:
        body = m.ExtractIn(**{"html" if kind == "html" else "text": content},
                           date=form.get("date") or None)
        analysis = await run_in_threadpool(extract_analysis, request, body)
    except ValidationError as exc:
        return _page(request, "paste.html", doc=None, blocks=[], form=form,
                     error="; ".join(e["msg"] for e in exc.errors()), status_code=422)
    except ApiError as exc:
        return _page(request, "paste.html", doc=None, blocks=[], form=form,
                     error=exc.detail or exc.title, status_code=exc.status)
    doc = service.article_view(analysis, {"id": None, "title": analysis.get("title")},
                               analysis.pop("_events"))
    return _page(request, "paste.html", doc=doc, blocks=article_blocks(doc), error=None,
                 form=form, stored=False)


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    """Swagger UI from /static (vendored), started by a script file, not inline."""
    return _page(request, "docs.html")
