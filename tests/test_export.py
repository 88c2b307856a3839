"""The export mappings on hand-built events (no model): every party kept in the flat rows,
PLOVER's text_info/cite_info/doc_id, the GDELT header, and docs/STORE.md in step with the
column lists."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from newsevents.export import (
    FLAT_COLUMNS,
    GDELT_COLUMNS,
    Citation,
    EventWriter,
    flat_row,
    gdelt_row,
    plover_record,
)

ROOT = Path(__file__).resolve().parent.parent
CITE = Citation("https://example.org/meeting", "Biden meets al-Kadhimi", "en", "Example News",
                "2021-07-27T10:00:00")


def _party(code: str, sector: str, text: str, name: str | None = None) -> dict:
    return {"code": code, "sector": sector, "entity_text": text, "identifier_text": name}


def _meeting(**extra) -> dict:
    """The Biden–al-Kadhimi meeting: two actors (every party to a meeting is an actor)."""
    return {
        "id": "e1", "doc_id": "d1", "event": "CONSULT", "mode": "visit",
        "context": ["diplomatic"], "aux": [], "date": "2021-07-26", "enddate": None,
        "date_basis": "text",
        "actor": [_party("USA", "GOV", "Biden", "Joe Biden"),
                  _party("IRQ", "GOV", "al-Kadhimi", "Mustafa al-Kadhimi")],
        "recipient": [],
        "event_loc": {"resolved_place": "Washington", "country_code": "USA", "lat": 38.9,
                      "lon": -77.04, "resolution": 4},
        "dead": None, "injured": None, "arrested": None, "counts": [], "attribution": None,
        "trigger": {"text": "met", "start": 10, "end": 13},
        "sentence": {"text": "Joe Biden met Mustafa al-Kadhimi.", "start": 0, "end": 33},
        "evidence": {}, "mentions": 2, "in_caption": False, "confidence": 0.9,
        "cameo": "036", "quad_code": 1, "event_scale": 4.0, **extra}


def _written(fmt: str, events: list[dict], header: bool | None = None) -> bytes:
    out = io.BytesIO()
    writer = EventWriter(fmt, out, header)
    writer.write((e, CITE) for e in events)
    writer.close()
    return out.getvalue()


def test_a_meeting_keeps_both_actors_in_csv():
    rows = list(csv.DictReader(io.StringIO(_written("csv", [_meeting()]).decode())))
    assert len(rows) == 1
    row = rows[0]
    assert row["actor_code"] == "USA;IRQ" and row["actor_sector"] == "GOV;GOV"
    assert row["actor_name"] == "Joe Biden;Mustafa al-Kadhimi"
    assert row["actor_text"] == "Biden;al-Kadhimi" and row["recipient_code"] == ""
    assert (row["place"], row["country"], row["doc_id"], row["doc_ids"]) == \
        ("Washington", "USA", "d1", "d1")
    assert (row["url"], row["title"]) == (CITE.url, CITE.title)


def test_a_meeting_keeps_both_actors_in_parquet():
    table = pq.read_table(io.BytesIO(_written("parquet", [_meeting()])))
    assert table.column_names == list(FLAT_COLUMNS)
    kind = table.schema.field("actor_code").type
    assert pa.types.is_list(kind) and pa.types.is_string(kind.value_type)
    row = table.to_pylist()[0]
    assert row["actor_code"] == ["USA", "IRQ"] and row["actor_sector"] == ["GOV", "GOV"]
    assert row["recipient_code"] == [] and row["in_caption"] is False


def test_a_missing_party_field_stays_in_its_place():
    event = _meeting(actor=[_party("USA", "GOV", "Biden"), _party(None, "GOV", "officials")])
    row = flat_row(event, CITE)
    assert row["actor_code"] == ["USA", None] and row["actor_name"] == [None, None]
    text = _written("csv", [event]).decode()
    assert next(csv.DictReader(io.StringIO(text)))["actor_code"] == "USA;"


def test_no_events_still_have_a_csv_header_and_a_parquet_schema():
    assert _written("csv", []).decode().strip() == ",".join(FLAT_COLUMNS)
    assert pq.read_table(io.BytesIO(_written("parquet", []))).column_names == list(FLAT_COLUMNS)
    assert _written("plover", []) == b"" and _written("gdelt", []) == b""


def test_plover_record_always_has_text_info_cite_info_and_doc_id():
    record = plover_record(_meeting(aux=["future"]), CITE)
    assert record["text_info"] == {"start": 0, "end": 33,
                                   "trigger": {"text": "met", "start": 10, "end": 13}}
    cite = record["cite_info"]
    assert (cite["url"], cite["title"], cite["language"], cite["publication"]) == \
        (CITE.url, CITE.title, "en", "Example News")
    assert cite["coder"].startswith("newsevents ") and re.fullmatch(r"[0-9a-f]+",
                                                                    cite["codebook"])
    assert record["doc_id"] == "d1" and record["context"] == ["diplomatic", "future"]
    assert "doc_ids" not in record and "sources" not in record
    assert [a["code"] for a in record["actor"]] == ["USA", "IRQ"]


def test_plover_record_of_a_merged_event_has_its_documents():
    record = plover_record(_meeting(doc_ids=["d1", "d2"], sources=2, mentions=5), CITE)
    assert (record["doc_ids"], record["sources"], record["mentions"]) == (["d1", "d2"], 2, 5)
    assert json.loads(_written("plover", [_meeting(doc_ids=["d1"], sources=1)]))["doc_ids"] \
        == ["d1"]


def test_gdelt_header_only_when_asked():
    events = [_meeting(), _meeting(id="e2")]
    plain = _written("gdelt", events).decode().splitlines()
    headed = _written("gdelt", events, header=True).decode().splitlines()
    assert len(plain) == 2 and headed[1:] == plain
    assert headed[0].split("\t") == list(GDELT_COLUMNS)
    row = dict(zip(GDELT_COLUMNS, plain[0].split("\t"), strict=True))
    assert (row["Actor1Code"], row["Actor1Name"], row["Actor2Code"]) == \
        ("USAGOV", "Joe Biden", "")  # GDELT has one Actor1: the first actor
    assert (row["SQLDATE"], row["DATEADDED"], row["SOURCEURL"]) == \
        ("20210726", "20210727", CITE.url)
    assert row["EventRootCode"] == "03" and row["ActionGeo_Type"] == "4"
    assert gdelt_row(_meeting(), Citation())["SOURCEURL"] == ""


def test_unknown_format_is_refused():
    with pytest.raises(ValueError):
        EventWriter("xml", io.BytesIO())


def _doc_table(heading: str) -> list[list[str]]:
    text = (ROOT / "docs/STORE.md").read_text(encoding="utf-8")
    section = text[text.index(heading):]
    lines = []
    for line in section.splitlines()[1:]:
        if line.startswith("#"):
            break
        if line.startswith("| ") and not line.startswith("|---"):
            lines.append([cell.strip() for cell in line.strip("|").split("|")])
    return lines[1:]  # without the header row


def test_docs_number_every_gdelt_column_in_order():
    rows = _doc_table("### GDELT-2.0-like TSV")
    assert [(int(n), name) for n, name, _ in rows] == list(enumerate(GDELT_COLUMNS, start=1))


def test_docs_list_every_flat_column_in_order():
    names = [name.strip() for row in _doc_table("### Flat rows") for name in row[0].split(",")]
    assert names == list(FLAT_COLUMNS)


def test_plover_record_carries_other_sector_codes_only_when_there_are_some():
    tiraspol = {**_party("MDA", "GOV", "Transnistrian authorities"), "other_sectors": ["PRE"]}
    record = plover_record(_meeting(actor=[tiraspol, _party("MDA", "GOV", "Chisinau")]), CITE)
    assert record["actor"][0]["other_sector_codes"] == ["PRE"]
    assert "other_sector_codes" not in record["actor"][1]
