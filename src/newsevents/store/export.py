"""Export merged events: PLOVER JSONL, CSV, Parquet, and a GDELT-2.0-events-like TSV.

The GDELT mapping (docs/STORE.md has the table): GLOBALEVENTID = event id; SQLDATE, MonthYear,
Year, FractionDate from ``date``; Actor1/2 Code, Name, CountryCode, Type1Code from the first
actor and recipient (PLOVER code and sector); EventCode/BaseCode/RootCode = the CAMEO code
and its 3- and 2-digit prefixes; QuadClass = quad_code; GoldsteinScale = event_scale (the
PLOVER score); NumMentions, NumSources, NumArticles from the merged reports; ActionGeo_*
from event_loc; DATEADDED = first reported; SOURCEURL = the first source's URL.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

FLAT_COLUMNS = ("id", "date", "enddate", "event", "mode", "context", "aux", "actor_code",
                "actor_sector", "actor_name", "recipient_code", "recipient_sector",
                "recipient_name", "place", "country", "lat", "lon", "dead", "injured",
                "arrested", "confidence", "mentions", "sources", "cameo", "quad_code",
                "event_scale", "event_text", "doc_ids")
GDELT_COLUMNS = ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
                 "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1Type1Code",
                 "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2Type1Code",
                 "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
                 "GoldsteinScale", "NumMentions", "NumSources", "NumArticles",
                 "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode",
                 "ActionGeo_Lat", "ActionGeo_Long", "DATEADDED", "SOURCEURL")
# GDELT geo types: 1 country, 2 US state, 3 US city, 4 world city, 5 world state.
_GEO_TYPE = {1: 1, 2: 5, 4: 4, 5: 4}


def flat(e: dict[str, Any]) -> dict[str, Any]:
    actor = (e.get("actor") or [{}])[0]
    recipient = (e.get("recipient") or [{}])[0]
    loc = e.get("event_loc") or {}
    return {"id": e["id"], "date": e.get("date"), "enddate": e.get("enddate"),
            "event": e["event"], "mode": e["mode"], "context": ";".join(e.get("context", [])),
            "aux": ";".join(e.get("aux", [])), "actor_code": actor.get("code"),
            "actor_sector": actor.get("sector"), "actor_name": actor.get("identifier_text"),
            "recipient_code": recipient.get("code"),
            "recipient_sector": recipient.get("sector"),
            "recipient_name": recipient.get("identifier_text"),
            "place": loc.get("resolved_place"), "country": loc.get("country_code"),
            "lat": loc.get("lat"), "lon": loc.get("lon"), "dead": e.get("dead"),
            "injured": e.get("injured"), "arrested": e.get("arrested"),
            "confidence": e.get("confidence"), "mentions": e.get("mentions"),
            "sources": e.get("sources"), "cameo": e.get("cameo"),
            "quad_code": e.get("quad_code"), "event_scale": e.get("event_scale"),
            "event_text": (e.get("sentence") or {}).get("text"),
            "doc_ids": ";".join(e.get("doc_ids", []))}


def plover(e: dict[str, Any]) -> dict[str, Any]:
    keys = ("id", "date", "enddate", "actor", "recipient", "event", "mode", "event_loc",
            "quad_code", "event_scale", "dead", "injured", "arrested", "cameo", "attribution",
            "confidence", "mentions", "sources", "doc_ids")
    record = {k: e.get(k) for k in keys}
    record["context"] = [*e.get("context", []), *e.get("aux", [])]
    record["event_text"] = (e.get("sentence") or {}).get("text")
    return record


def gdelt(e: dict[str, Any], url: str | None, added: str | None) -> dict[str, Any]:
    date = (e.get("date") or "").replace("-", "")
    actor = (e.get("actor") or [{}])[0]
    recipient = (e.get("recipient") or [{}])[0]
    loc = e.get("event_loc") or {}
    cameo = e.get("cameo") or ""
    year = date[:4]
    fraction = ""
    if len(date) == 8:
        fraction = f"{int(year) + (int(date[4:6]) - 1) / 12 + (int(date[6:8]) - 1) / 365:.4f}"
    return {"GLOBALEVENTID": e["id"], "SQLDATE": date, "MonthYear": date[:6], "Year": year,
            "FractionDate": fraction,
            "Actor1Code": f"{actor.get('code') or ''}{actor.get('sector') or ''}",
            "Actor1Name": actor.get("identifier_text") or actor.get("entity_text") or "",
            "Actor1CountryCode": actor.get("code") or "",
            "Actor1Type1Code": actor.get("sector") or "",
            "Actor2Code": f"{recipient.get('code') or ''}{recipient.get('sector') or ''}",
            "Actor2Name": recipient.get("identifier_text") or recipient.get("entity_text") or "",
            "Actor2CountryCode": recipient.get("code") or "",
            "Actor2Type1Code": recipient.get("sector") or "",
            "IsRootEvent": 1, "EventCode": cameo, "EventBaseCode": cameo[:3],
            "EventRootCode": cameo[:2], "QuadClass": e.get("quad_code"),
            "GoldsteinScale": e.get("event_scale"), "NumMentions": e.get("mentions"),
            "NumSources": e.get("sources"), "NumArticles": len(e.get("doc_ids", [])),
            "ActionGeo_Type": _GEO_TYPE.get(loc.get("resolution"), "") if loc else "",
            "ActionGeo_FullName": loc.get("resolved_place") or "",
            "ActionGeo_CountryCode": loc.get("country_code") or "",
            "ActionGeo_Lat": loc.get("lat") if loc else "",
            "ActionGeo_Long": loc.get("lon") if loc else "",
            "DATEADDED": (added or "").replace("-", ""), "SOURCEURL": url or ""}


def write_export(events: list[dict[str, Any]], fmt: str, out, conn=None) -> None:
    """Write ``events`` to the binary file ``out`` in ``fmt``."""
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        rows = [flat(e) for e in events]
        table = pa.Table.from_pylist(rows) if rows else pa.table(
            {c: pa.array([], pa.string()) for c in FLAT_COLUMNS})
        pq.write_table(table, out)
        return
    text = io.StringIO()
    if fmt == "plover":
        for e in events:
            text.write(json.dumps(plover(e), ensure_ascii=False) + "\n")
    elif fmt == "csv":
        writer = csv.DictWriter(text, fieldnames=FLAT_COLUMNS)
        writer.writeheader()
        writer.writerows(flat(e) for e in events)
    elif fmt == "gdelt":
        writer = csv.DictWriter(text, fieldnames=GDELT_COLUMNS, delimiter="\t")
        for e in events:
            url, added = _first_source(conn, e)
            writer.writerow(gdelt(e, url, added))
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    out.write(text.getvalue().encode("utf-8"))


def _first_source(conn, e: dict[str, Any]) -> tuple[str | None, str | None]:
    if conn is None or not e.get("doc_ids"):
        return None, None
    row = conn.execute("SELECT url, ingested_at FROM documents WHERE id = ?",
                       (e["doc_ids"][0],)).fetchone()
    return (row["url"], row["ingested_at"][:10]) if row else (None, None)
