"""Events out: PLOVER JSON records (the manual's "Data Fields" chapter) and CSV rows."""

from __future__ import annotations

import csv
import io
from dataclasses import asdict
from typing import Any

from .. import __version__
from ..model import Analysis, Event

CODER = f"newsevents {__version__}"
CSV_COLUMNS = ("id", "doc_id", "date", "enddate", "event", "mode", "context", "actor_code",
               "actor_sector", "actor_name", "recipient_code", "recipient_sector",
               "recipient_name", "location", "location_country", "lat", "lon", "dead",
               "injured", "arrested", "attribution", "confidence", "cameo", "quad_code",
               "event_scale", "in_caption", "event_text")


def _entity(entity: dict[str, Any]) -> dict[str, Any]:
    return {"code": entity.get("code"), "sector": entity.get("sector"),
            "entity_text": entity.get("entity_text"),
            "identifier_text": entity.get("identifier_text"),
            **({"patron": entity["patron"]} if entity.get("patron") else {})}


def plover_record(event: Event, analysis: Analysis) -> dict[str, Any]:
    """One PLOVER record. Auxiliary modes go into ``context``, as the manual says."""
    article = analysis.article
    return {
        "id": event.id,
        "date": event.date,
        "enddate": event.enddate,
        "date_basis": event.date_basis,
        "actor": [_entity(a) for a in event.actor],
        "recipient": [_entity(r) for r in event.recipient],
        "event": event.event,
        "mode": event.mode,
        "context": [*event.context, *event.aux],
        "event_loc": event.event_loc,
        "event_text": event.sentence.text,
        "quad_code": event.quad_code,
        "event_scale": event.event_scale,
        "dead": event.dead,
        "injured": event.injured,
        "arrested": event.arrested,
        "text_info": {"start": event.sentence.start, "end": event.sentence.end,
                      "trigger": asdict(event.trigger)},
        "cite_info": {"url": article.url, "title": article.title, "language": article.language,
                      "publication": article.site, "coder": CODER,
                      "codebook": "plover (newsevents lexicon)"},
        "cameo": event.cameo,
        "attribution": event.attribution,
        "confidence": event.confidence,
        "doc_id": event.doc_id,
    }


def csv_rows(analysis: Analysis) -> list[dict[str, Any]]:
    rows = []
    for e in analysis.events:
        first_actor = e.actor[0] if e.actor else {}
        first_recipient = e.recipient[0] if e.recipient else {}
        loc = e.event_loc or {}
        rows.append({
            "id": e.id, "doc_id": e.doc_id, "date": e.date, "enddate": e.enddate,
            "event": e.event, "mode": e.mode, "context": ";".join([*e.context, *e.aux]),
            "actor_code": ";".join(a.get("code") or "" for a in e.actor),
            "actor_sector": first_actor.get("sector"),
            "actor_name": first_actor.get("identifier_text"),
            "recipient_code": ";".join(r.get("code") or "" for r in e.recipient),
            "recipient_sector": first_recipient.get("sector"),
            "recipient_name": first_recipient.get("identifier_text"),
            "location": loc.get("resolved_place"), "location_country": loc.get("country_code"),
            "lat": loc.get("lat"), "lon": loc.get("lon"), "dead": e.dead,
            "injured": e.injured, "arrested": e.arrested,
            "attribution": (e.attribution or {}).get("text"), "confidence": e.confidence,
            "cameo": e.cameo, "quad_code": e.quad_code, "event_scale": e.event_scale,
            "in_caption": e.in_caption, "event_text": e.sentence.text,
        })
    return rows


def csv_text(rows: list[dict[str, Any]], header: bool) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    if header:
        writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
