"""The data that flows between stages: one place, plain dataclasses with ``to_dict``.

Offsets (``start``/``end``) always index ``Article.text``; repair offsets index the decoded
input (before repair), because repaired words may sit in blocks that are not in the clean text.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, is_dataclass
from typing import Any


@dataclass(slots=True)
class Document:
    """Raw input: bytes plus where they came from."""

    data: bytes
    source: str  # path, "feed.jsonl:3", "crawl.warc.gz#2" ...
    url: str | None = None
    content_type: str | None = None  # e.g. "text/html; charset=utf-8" (HTTP header or sniffed)
    id: str | None = None  # given by the input (JSONL "id"); otherwise derived from content
    meta: dict[str, str] = field(default_factory=dict)  # title/date/source given by a feed


@dataclass(slots=True)
class Paragraph:
    text: str
    start: int
    end: int
    language: str | None = None


@dataclass(slots=True)
class Caption:
    text: str
    credit: str | None
    language: str | None
    start: int
    end: int


@dataclass(slots=True)
class RelatedItem:
    title: str | None
    summary: str | None = None
    url: str | None = None


@dataclass(slots=True)
class Removed:
    text: str
    reason: str


@dataclass(slots=True)
class Repair:
    kind: str  # "utf8-as-gbk", "ftfy", "decode"
    before: str
    after: str
    start: int  # offsets into the decoded input, before repair
    end: int


@dataclass(slots=True)
class Published:
    date: str | None  # YYYY-MM-DD
    evidence: str | None  # the metadata field or the words on the page it comes from
    method: str  # "metadata", "feed", "latest-date-on-page", "none"
    confidence: float


@dataclass(slots=True)
class Article:
    id: str
    source: str
    url: str | None
    title: str | None
    lede: str | None
    author: str | None
    site: str | None
    description: str | None
    published: Published
    language: str | None
    encoding: str | None
    text: str
    title_span: list[int] | None  # [start, end] in text
    lede_span: list[int] | None
    paragraphs: list[Paragraph] = field(default_factory=list)
    headings: list[Paragraph] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    related: list[RelatedItem] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # non-fatal input problems

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# -- The analysis stage -------------------------------------------------------------------


@dataclass(slots=True)
class Actor:
    """A resolved mention: PLOVER ``code`` and ``sector``, plus what supports them."""

    code: str | None
    sector: str | None
    name: str | None  # canonical name of a person or organisation; None for generic agents
    kind: str  # person, organisation kind, country, metonym, agent, office
    matched: str  # the alias or words that decided it
    title: str | None = None
    role_start: str | None = None
    role_end: str | None = None
    patron: str | None = None
    # PLOVER's secondary sector codes: PRE for a partially recognised entity (Transnistria)
    other_sectors: tuple[str, ...] = ()
    # the code a user may want instead of the recognised state's (Crimea: UKR, else RUS)
    alternative: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _ACTOR_FIELDS}


_ACTOR_FIELDS = tuple(f.name for f in fields(Actor))


@dataclass(slots=True)
class Place:
    extracted_place: str
    resolved_place: str
    geonameid: int | None
    lat: float
    lon: float
    province: str | None
    country: str | None
    country_code: str | None  # ISO 3166-1 alpha-3
    feature_class: str
    feature_code: str
    resolution: int
    population: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _PLACE_FIELDS}


_PLACE_FIELDS = tuple(f.name for f in fields(Place) if f.name != "population")


@dataclass(slots=True)
class Party:
    """An event's actor or recipient: a PLOVER entity (the manual's entity object)."""

    code: str | None
    sector: str | None
    entity_text: str  # the words in the text
    identifier_text: str | None = None  # the canonical name, when one is known
    patron: str | None = None  # who backs it ("pro-Iranian armed groups": IRN)
    other_sectors: tuple[str, ...] = ()  # PLOVER's other_sector_codes: PRE ...


@dataclass(slots=True)
class Mention:
    """A named or described actor or place in the text."""

    text: str
    start: int
    end: int
    label: str  # PERSON, ORG, NORP, GPE, LOC, FAC (spaCy), AGENT (a described actor)
    actor: Actor | None = None
    place: Place | None = None


@dataclass(slots=True)
class TimeExpression:
    text: str
    start: int
    end: int
    date: str | None  # YYYY-MM-DD, the first day of the range
    enddate: str | None  # the last day of the range (None: open or a single day)
    granularity: str | None  # day, week, month, year
    anchor: str  # absolute, publication, relative (not resolved: its event has no date)
    deadline: bool = False  # "by the end of the year", "until"


@dataclass(slots=True)
class Quantity:
    text: str
    start: int
    end: int
    value: float
    kind: str  # dead, injured, arrested, displaced, troops, weapons, people, money, other
    approximate: bool
    counted: str | None  # the noun that is counted


@dataclass(slots=True)
class Quote:
    text: str
    start: int
    end: int
    kind: str  # direct, partial, fragment
    speaker: Mention | None = None
    cue: str | None = None  # "pledged", "according to a statement issued by"


@dataclass(slots=True)
class CorefLink:
    text: str
    start: int
    end: int
    antecedent: str
    antecedent_start: int
    antecedent_end: int
    rule: str  # pronoun, title, role-noun


@dataclass(slots=True)
class Analysis:
    article: Article
    sentences: list[tuple[int, int]] = field(default_factory=list)
    entities: list[Mention] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    coref: list[CorefLink] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    # records short of an event: no resolved party, nor a place with a count (coder.py)
    candidates: list[Candidate] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out = self.article.to_dict()
        out.update({f.name: plain(getattr(self, f.name)) for f in fields(self)
                    if f.name != "article"})
        return out


def plain(value: Any) -> Any:
    """Model data as JSON-ready values, like ``dataclasses.asdict`` except that a dataclass
    with its own ``to_dict`` (Actor, Place: no gazetteer-only ``population``) uses it."""
    if is_dataclass(value) and not isinstance(value, type):
        if hasattr(value, "to_dict"):
            return value.to_dict()
        return {f.name: plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, list | tuple):
        return type(value)(plain(v) for v in value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


@dataclass(slots=True)
class Evidence:
    """Where in Article.text a field of an event comes from."""

    text: str
    start: int
    end: int


@dataclass(slots=True)
class Event:
    """One PLOVER-coded event, every field tied to the words that support it."""

    id: str
    doc_id: str
    event: str
    mode: str
    context: list[str]
    aux: list[str]  # historical, future, hypothetical, negation
    actor: list[Party]  # PLOVER entity objects (code, sector, entity_text, ...)
    recipient: list[Party]
    event_loc: Place | None
    date: str | None
    enddate: str | None
    granularity: str | None
    date_basis: str | None  # "text" (its own time expression) or "publication" (a default)
    dead: int | None
    injured: int | None
    arrested: int | None
    counts: list[dict[str, Any]]  # other sizes: weapons, troops ... (value, kind, text)
    attribution: dict[str, Any] | None  # who asserts it: {text, start, end, cue, actor}
    # (actor: a Party as a dict, or None)
    trigger: Evidence
    sentence: Evidence
    evidence: dict[str, list[Evidence]]  # field -> the words supporting it
    mentions: int  # how many times the article reports it
    in_caption: bool
    confidence: float
    cameo: str | None
    quad_code: int
    event_scale: float

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (what ``Analysis.to_dict`` gives for it): the place without its
        gazetteer population."""
        return {f.name: plain(getattr(self, f.name)) for f in fields(self)}


@dataclass(slots=True)
class Candidate:
    """A record the coder finished but does not count as an event: it has no resolved party
    (an actor or recipient with a code), nor a place together with a count. ``reason`` says
    which ("no party", "no resolved party, place without a count" ...)."""

    event: Event
    reason: str

    def to_dict(self) -> dict[str, Any]:
        """The event's JSON form and the reason, side by side."""
        return {**self.event.to_dict(), "reason": self.reason}
