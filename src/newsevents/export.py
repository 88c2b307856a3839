"""Events out, one mapping per format, for every command that writes events (``extract``,
``events``, ``export``, and later the web API):

- ``plover_record``: a PLOVER record (the manual's "Data Fields"), always with ``text_info``,
  ``cite_info``, ``doc_id`` and ``mentions``; a merged event from the store also has
  ``doc_ids`` and ``sources``.
- ``flat_row``: one row with every actor and recipient, columns ``FLAT_COLUMNS``. Party
  columns are lists, aligned by position: list<string> in Parquet, ``;``-joined in CSV.
- ``gdelt_row``: a GDELT-2.0-events-like row, columns ``GDELT_COLUMNS`` (numbered and
  explained in docs/STORE.md). GDELT has one Actor1 and one Actor2: the first actor and the
  first recipient.

The input is the JSON form of an event (``Event.to_dict()``, or the store's merged
record with ``mentions``, ``sources`` and ``doc_ids``) and the ``Citation`` of the document
its sentence comes from. Nothing here reads a database or prints.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import IO, Any

from .model import Analysis, Article

FORMATS = ("plover", "csv", "parquet", "gdelt")


@dataclass(frozen=True, slots=True)
class Citation:
    """The document an event is read from: what ``cite_info`` and the flat rows say of it."""

    url: str | None = None
    title: str | None = None
    language: str | None = None
    publication: str | None = None  # the site or publication name
    added: str | None = None  # when the store ingested it (YYYY-MM-DD...), store only

    @classmethod
    def from_article(cls, article: Article) -> Citation:
        return cls(article.url, article.title, article.language, article.site)

    @classmethod
    def from_row(cls, row: Mapping[str, Any] | None) -> Citation:
        """From a ``store.queries.documents_cited`` row (url, title, language, site,
        ingested_at)."""
        if not row:
            return cls()
        return cls(row["url"], row["title"], row["language"], row["site"], row["ingested_at"])


def analysis_events(analysis: Analysis, candidates: bool = False
                    ) -> list[tuple[dict[str, Any], Citation]]:
    """An article's events in their JSON form, each with the article's citation. Its
    candidates (records short of an event) are left out, unless ``candidates``: then they
    follow the events, each with its ``reason``."""
    cite = Citation.from_article(analysis.article)
    out = [(event.to_dict(), cite) for event in analysis.events]
    if candidates:
        out += [(candidate.to_dict(), cite) for candidate in analysis.candidates]
    return out


def _coder() -> str:
    from . import __version__

    return f"newsevents {__version__}"


def _codebook() -> str:
    from .knowledge import knowledge_hash

    return knowledge_hash()


# -- PLOVER -------------------------------------------------------------------------------


def _entity(entity: Mapping[str, Any]) -> dict[str, Any]:
    return {"code": entity.get("code"), "sector": entity.get("sector"),
            "entity_text": entity.get("entity_text"),
            "identifier_text": entity.get("identifier_text"),
            **({"patron": entity["patron"]} if entity.get("patron") else {}),
            **({"other_sector_codes": list(entity["other_sectors"])}
               if entity.get("other_sectors") else {})}


def _context(e: Mapping[str, Any]) -> list[str]:
    """PLOVER's context: the contexts, then the auxiliary modes, as the manual says."""
    return [*(e.get("context") or []), *(e.get("aux") or [])]


def plover_record(e: Mapping[str, Any], cite: Citation) -> dict[str, Any]:
    """One PLOVER record."""
    sentence = e.get("sentence") or {}
    record = {
        "id": e["id"],
        "date": e.get("date"),
        "enddate": e.get("enddate"),
        "date_basis": e.get("date_basis"),
        "actor": [_entity(a) for a in e.get("actor") or []],
        "recipient": [_entity(r) for r in e.get("recipient") or []],
        "event": e["event"],
        "mode": e.get("mode"),
        "context": _context(e),
        "event_loc": e.get("event_loc"),
        "event_text": sentence.get("text"),
        "quad_code": e.get("quad_code"),
        "event_scale": e.get("event_scale"),
        "dead": e.get("dead"),
        "injured": e.get("injured"),
        "arrested": e.get("arrested"),
        "text_info": {"start": sentence.get("start"), "end": sentence.get("end"),
                      "trigger": e.get("trigger")},
        "cite_info": {"url": cite.url, "title": cite.title, "language": cite.language,
                      "publication": cite.publication, "coder": _coder(),
                      "codebook": _codebook()},
        "cameo": e.get("cameo"),
        "attribution": e.get("attribution"),
        "confidence": e.get("confidence"),
        "doc_id": e.get("doc_id"),
        "mentions": e.get("mentions"),
    }
    if "doc_ids" in e:  # a merged event from the store
        record["doc_ids"], record["sources"] = e["doc_ids"], e.get("sources")
    if e.get("review"):  # an analyst's review: action, note, at, the coder's values
        record["review"] = e["review"]
    return record


# -- Flat rows (CSV, Parquet) -------------------------------------------------------------

# (name, Parquet type); "list" is list<string>, ";"-joined in CSV.
_FLAT = (
    ("id", "string"), ("doc_id", "string"), ("doc_ids", "list"), ("date", "string"),
    ("enddate", "string"), ("event", "string"), ("mode", "string"), ("context", "list"),
    ("actor_code", "list"), ("actor_sector", "list"), ("actor_name", "list"),
    ("actor_text", "list"), ("recipient_code", "list"), ("recipient_sector", "list"),
    ("recipient_name", "list"), ("recipient_text", "list"), ("place", "string"),
    ("country", "string"), ("lat", "double"), ("lon", "double"), ("dead", "int64"),
    ("injured", "int64"), ("arrested", "int64"), ("attribution", "string"),
    ("confidence", "double"), ("cameo", "string"), ("quad_code", "int64"),
    ("event_scale", "double"), ("in_caption", "bool"), ("mentions", "int64"),
    ("sources", "int64"), ("event_text", "string"), ("url", "string"), ("title", "string"),
)
FLAT_COLUMNS = tuple(name for name, _ in _FLAT)
_PARTY_FIELDS = (("code", "code"), ("sector", "sector"), ("name", "identifier_text"),
                 ("text", "entity_text"))


def flat_row(e: Mapping[str, Any], cite: Citation) -> dict[str, Any]:
    """One row, every actor and recipient kept (``actor_code[i]`` goes with
    ``actor_name[i]``); list values stay lists here."""
    loc = e.get("event_loc") or {}
    row: dict[str, Any] = {
        "id": e["id"], "doc_id": e.get("doc_id"),
        "doc_ids": list(e.get("doc_ids") or [e.get("doc_id")]), "date": e.get("date"),
        "enddate": e.get("enddate"), "event": e["event"], "mode": e.get("mode"),
        "context": _context(e)}
    for side in ("actor", "recipient"):
        parties = e.get(side) or []
        for column, key in _PARTY_FIELDS:
            row[f"{side}_{column}"] = [p.get(key) for p in parties]
    row.update({
        "place": loc.get("resolved_place"), "country": loc.get("country_code"),
        "lat": loc.get("lat"), "lon": loc.get("lon"), "dead": e.get("dead"),
        "injured": e.get("injured"), "arrested": e.get("arrested"),
        "attribution": (e.get("attribution") or {}).get("text"),
        "confidence": e.get("confidence"), "cameo": e.get("cameo"),
        "quad_code": e.get("quad_code"), "event_scale": e.get("event_scale"),
        "in_caption": e.get("in_caption"), "mentions": e.get("mentions"),
        "sources": e.get("sources", 1), "event_text": (e.get("sentence") or {}).get("text"),
        "url": cite.url, "title": cite.title})
    return row


def csv_value(value: Any) -> Any:
    """A flat value as CSV writes it: lists ``;``-joined (a missing item is empty)."""
    if isinstance(value, list):
        return ";".join("" if v is None else str(v) for v in value)
    return value


def csv_text(rows: Iterable[Mapping[str, Any]], header: bool) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FLAT_COLUMNS)
    if header:
        writer.writeheader()
    writer.writerows({k: csv_value(v) for k, v in row.items()} for row in rows)
    return out.getvalue()


def parquet_schema():
    import pyarrow as pa

    types = {"string": pa.string(), "list": pa.list_(pa.string()), "double": pa.float64(),
             "int64": pa.int64(), "bool": pa.bool_()}
    return pa.schema([(name, types[kind]) for name, kind in _FLAT])


# -- GDELT --------------------------------------------------------------------------------

GDELT_COLUMNS = ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
                 "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1Type1Code",
                 "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2Type1Code",
                 "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
                 "GoldsteinScale", "NumMentions", "NumSources", "NumArticles",
                 "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode",
                 "ActionGeo_Lat", "ActionGeo_Long", "DATEADDED", "SOURCEURL")
# GDELT geo types: 1 country, 2 US state, 3 US city, 4 world city, 5 world state.
_GEO_TYPE = {1: 1, 2: 5, 4: 4, 5: 4}


def _gdelt_party(party: Mapping[str, Any]) -> tuple[str, str, str, str]:
    code, sector = party.get("code") or "", party.get("sector") or ""
    return (f"{code}{sector}", party.get("identifier_text") or party.get("entity_text") or "",
            code, sector)


def gdelt_row(e: Mapping[str, Any], cite: Citation) -> dict[str, Any]:
    date = (e.get("date") or "").replace("-", "")
    loc = e.get("event_loc") or {}
    cameo = e.get("cameo") or ""
    year = date[:4]
    fraction = ""
    if len(date) == 8:
        fraction = f"{int(year) + (int(date[4:6]) - 1) / 12 + (int(date[6:8]) - 1) / 365:.4f}"
    actor1 = _gdelt_party((e.get("actor") or [{}])[0])
    actor2 = _gdelt_party((e.get("recipient") or [{}])[0])
    values = (e["id"], date, date[:6], year, fraction, *actor1, *actor2, 1, cameo, cameo[:3],
              cameo[:2], e.get("quad_code"), e.get("event_scale"), e.get("mentions"),
              e.get("sources", 1), len(e.get("doc_ids") or [e.get("doc_id")]),
              _GEO_TYPE.get(loc.get("resolution"), "") if loc else "",
              loc.get("resolved_place") or "", loc.get("country_code") or "",
              loc.get("lat") if loc else "", loc.get("lon") if loc else "",
              (cite.added or "")[:10].replace("-", ""), cite.url or "")
    return dict(zip(GDELT_COLUMNS, values, strict=True))


# -- Writing ------------------------------------------------------------------------------


class EventWriter:
    """Writes events in one format to a binary stream, as they come (Parquet at ``close``).
    ``header``: the CSV header row (always written) and the GDELT one (off by default).
    ``candidates`` (``extract --candidates``, plover and csv): every record gets a
    ``candidate`` field, the last CSV column: empty (null) for an event, the reason for a
    candidate."""

    def __init__(self, fmt: str, out: IO[bytes], header: bool | None = None,
                 candidates: bool = False) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"unknown export format {fmt!r}")
        if candidates and fmt not in ("plover", "csv"):
            raise ValueError(f"no candidate marker in the {fmt!r} format")
        self.fmt, self.out, self.count = fmt, out, 0
        self.header = (fmt == "csv") if header is None else header
        self.candidates = candidates
        self.columns = FLAT_COLUMNS + (("candidate",) if candidates else ())
        self._rows: list[dict[str, Any]] = []

    def write(self, pairs: Iterable[tuple[Mapping[str, Any], Citation]]) -> None:
        text = io.StringIO(self._header_text())
        text.seek(0, io.SEEK_END)
        tsv = csv.writer(text, delimiter="\t", lineterminator="\n")
        flat = csv.DictWriter(text, fieldnames=self.columns)  # one writer, not one per row
        for e, cite in pairs:
            self.count += 1
            marker = {"candidate": e.get("reason")} if self.candidates else {}
            if self.fmt == "plover":
                record = plover_record(e, cite) | marker
                text.write(json.dumps(record, ensure_ascii=False) + "\n")
            elif self.fmt == "parquet":
                self._rows.append(flat_row(e, cite))
            elif self.fmt == "csv":
                row = flat_row(e, cite) | marker
                flat.writerow({k: csv_value(v) for k, v in row.items()})
            else:
                tsv.writerow(gdelt_row(e, cite).values())
        self.out.write(text.getvalue().encode("utf-8"))
        self.out.flush()

    def _header_text(self) -> str:
        """The header row, once, before the first row (also when there is none)."""
        if not self.header or self.fmt in ("plover", "parquet"):
            return ""
        self.header = False
        if self.fmt == "csv":
            out = io.StringIO()
            csv.writer(out).writerow(self.columns)
            return out.getvalue()
        return "\t".join(GDELT_COLUMNS) + "\n"

    def close(self) -> None:
        if self.fmt == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            pq.write_table(pa.Table.from_pylist(self._rows, schema=parquet_schema()), self.out)
        else:
            self.write([])
