"""The API's typed shapes (pydantic): what /docs and /openapi.json describe. Records keep
export.py's PLOVER field names; extra store fields pass through (``extra="allow"``)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Span(BaseModel):
    model_config = ConfigDict(extra="allow")
    text: str | None = None
    start: int | None = None
    end: int | None = None


class Party(BaseModel):
    model_config = ConfigDict(extra="allow")
    code: str | None = None
    sector: str | None = None
    entity_text: str | None = None
    identifier_text: str | None = None


class ReviewState(BaseModel):
    action: Literal["confirm", "reject", "correct"]
    note: str
    at: str
    id: int
    coded: dict[str, Any] = Field(description="The coder's values of the corrected fields.")


class EventRecord(BaseModel):
    """A PLOVER record (export.plover_record) with the reviewed values in, and ``review``."""
    model_config = ConfigDict(extra="allow")
    id: str
    date: str | None = None
    event: str
    mode: str | None = None
    context: list[str] = []
    actor: list[Party] = []
    recipient: list[Party] = []
    event_loc: dict[str, Any] | None = None
    event_text: str | None = None
    quad_code: int | None = None
    dead: int | None = None
    injured: int | None = None
    arrested: int | None = None
    confidence: float | None = None
    doc_id: str | None = None
    review: ReviewState | None = None


class EventPage(BaseModel):
    total: int = Field(description="Events the filters select, over all pages.")
    count: int
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null "
                                                "on the last.")
    events: list[EventRecord]


class Report(BaseModel):
    doc_id: str
    title: str | None
    url: str | None
    source: str | None
    published: str | None
    sentence: Span
    trigger: Span | None
    evidence: dict[str, list[Span]] = Field(description="Each field's words in the text.")
    attribution: dict[str, Any] | None
    dead: int | None
    injured: int | None
    arrested: int | None


class Review(BaseModel):
    id: int
    event_id: str
    action: Literal["confirm", "reject", "correct"]
    changes: dict[str, Any]
    note: str
    reviewer: str | None
    at: str


class EventDetail(BaseModel):
    record: EventRecord
    reports: list[Report]
    reviews: list[Review] = Field(description="Every review, oldest first.")


class Spans(BaseModel):
    mentions: list[dict[str, Any]]
    actors: list[dict[str, Any]]
    places: list[dict[str, Any]]
    times: list[dict[str, Any]]
    quotes: list[dict[str, Any]]
    triggers: list[dict[str, Any]]


class Document(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str | None
    url: str | None = None
    title: str | None = None
    published: str | None = None
    language: str | None = None
    text: str
    lede: str | None = None
    paragraphs: list[dict[str, Any]]
    headings: list[dict[str, Any]]
    captions: list[dict[str, Any]]
    related: list[dict[str, Any]]
    removed: list[dict[str, Any]]
    repairs: list[Any]
    spans: Spans
    events: list[EventRecord]


class ActorCount(BaseModel):
    code: str
    sector: str | None
    name: str | None
    events: int
    mentions: int | None


class Dyad(BaseModel):
    actor_code: str
    actor_sector: str | None
    actor_name: str | None
    recipient_code: str
    recipient_sector: str | None
    recipient_name: str | None
    events: int


class Actors(BaseModel):
    actors: list[ActorCount]
    dyads: list[Dyad]


class Period(BaseModel):
    period: str
    granularity: str
    start: str
    q1: int
    q2: int
    q3: int
    q4: int
    events: int


class Timeline(BaseModel):
    by: str
    periods: list[Period]


class SearchHit(BaseModel):
    doc_id: str
    title: str | None
    snippet: str = Field(description="Matched words between [ and ].")
    score: float


class SearchResult(BaseModel):
    query: str
    hits: list[SearchHit]


class PartyIn(BaseModel):
    code: str | None = Field(None, max_length=16)
    sector: str | None = Field(None, max_length=16)
    name: str | None = Field(None, max_length=200)


class PlaceIn(BaseModel):
    name: str | None = Field(None, max_length=200)
    country: str | None = Field(None, max_length=3, description="ISO alpha-3")
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)


class Changes(BaseModel):
    """The fields a correction sets (only those given are changed)."""
    model_config = ConfigDict(extra="forbid")
    event: str | None = Field(None, description="PLOVER category")
    mode: str | None = None
    actor: list[PartyIn] | None = None
    recipient: list[PartyIn] | None = None
    place: PlaceIn | None = None
    date: str | None = Field(None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    dead: int | None = Field(None, ge=0)
    injured: int | None = Field(None, ge=0)
    arrested: int | None = Field(None, ge=0)
    aux: list[Literal["historical", "future", "hypothetical", "negation"]] | None = None


class ReviewIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    action: Literal["confirm", "reject", "correct"]
    changes: Changes | None = None
    note: str = Field("", max_length=4000)
    reviewer: str | None = Field(None, max_length=100)


class ExtractIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str | None = Field(None, description="Plain text of an article.")
    html: str | None = Field(None, description="An HTML page.")
    url: str | None = Field(None, max_length=2000)
    date: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$",
                             description="Publication date, for relative dates.")


class Problem(BaseModel):
    """An error, as RFC 9457 problem details."""
    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
