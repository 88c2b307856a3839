"""The same event has the same field names and values in every output: PLOVER from `extract`,
`events` and `export`; the flat row from `extract --format csv`, `events --format csv`,
`export --format csv` and `export --format parquet`. Only the store's own fields differ: the
merged event's id (a hash of its report ids), and `doc_ids`/`sources` in PLOVER."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from newsevents.export import FLAT_COLUMNS, csv_value

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = str(ROOT / "samples")
STORE_ONLY = {"doc_ids", "sources"}  # PLOVER keys only a merged event has


def _run(*args: str) -> str:
    result = subprocess.run([sys.executable, "-m", "newsevents", *args], capture_output=True,
                            text=True, encoding="utf-8")
    assert result.returncode == 0, result.stderr
    return result.stdout


def _jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def _csv(text: str) -> tuple[list[str], list[dict]]:
    reader = csv.DictReader(io.StringIO(text))
    return list(reader.fieldnames or []), list(reader)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict:
    tmp = tmp_path_factory.mktemp("same")
    db = str(tmp / "news.db")
    _run("ingest", SAMPLES, "--db", db)
    every = ("--db", db, "--include-historical")
    parquet = tmp / "events.parquet"
    _run("export", "--format", "parquet", "--out", str(parquet), *every)
    import pyarrow.parquet as pq

    table = pq.read_table(parquet)
    conn = sqlite3.connect(db)
    # merged event id -> its one report's id, for events read in one document only
    single = dict(conn.execute(
        "SELECT event_id, MIN(report_id) FROM event_sources GROUP BY event_id "
        "HAVING COUNT(*) = 1").fetchall())
    documents = {row[0]: row[1:] for row in conn.execute(
        "SELECT id, url, title FROM documents")}
    conn.close()
    return {
        "extract_plover": _jsonl(_run("extract", SAMPLES, "--format", "plover")),
        "extract_csv": _csv(_run("extract", SAMPLES, "--format", "csv")),
        "events_plover": _jsonl(_run("events", "--format", "plover", "--limit", "100000",
                                     *every)),
        "events_csv": _csv(_run("events", "--format", "csv", "--limit", "100000", *every)),
        "export_plover": _jsonl(_run("export", "--format", "plover", *every)),
        "export_csv": _csv(_run("export", "--format", "csv", *every)),
        "parquet_columns": table.column_names,
        "parquet": table.to_pylist(),
        "gdelt_header": _run("export", "--format", "gdelt", "--header", *every),
        "single": single,
        "documents": documents,
    }


def _by_id(records: list[dict]) -> dict[str, dict]:
    return {r["id"]: r for r in records}


def _parquet_as_csv(row: dict) -> dict:
    return {k: "" if v is None else str(csv_value(v)) for k, v in row.items()}


def _compared(out: dict, store_records: list[dict]) -> list[tuple[dict, dict]]:
    """(extract's record, the store's record) of every event read in one document. The same
    bytes read twice (a WARC record and its saved page) are one document with one id: the
    store keeps the first input's record (its URL), so the first of extract's is compared."""
    extracted: dict[str, dict] = {}
    for record in out["extract"]:
        extracted.setdefault(record["id"], record)
    pairs = [(extracted[out["single"][r["id"]]], r) for r in store_records
             if r["id"] in out["single"]]
    assert len(pairs) >= 50
    return pairs


def test_one_column_list_everywhere(outputs):
    assert outputs["extract_csv"][0] == list(FLAT_COLUMNS)
    assert outputs["events_csv"][0] == list(FLAT_COLUMNS)
    assert outputs["export_csv"][0] == list(FLAT_COLUMNS)
    assert outputs["parquet_columns"] == list(FLAT_COLUMNS)


@pytest.mark.parametrize("store", ["events_plover", "export_plover"])
def test_plover_is_the_same_from_extract_and_from_the_store(outputs, store):
    pairs = _compared({"extract": outputs["extract_plover"], "single": outputs["single"]},
                      outputs[store])
    for extracted, stored in pairs:
        assert set(stored) - set(extracted) == STORE_ONLY
        assert {k: v for k, v in stored.items() if k not in STORE_ONLY | {"id"}} == \
            {k: v for k, v in extracted.items() if k != "id"}
        assert stored["doc_ids"] == [extracted["doc_id"]] and stored["sources"] == 1


@pytest.mark.parametrize("store", ["events_csv", "export_csv", "parquet"])
def test_flat_rows_are_the_same_from_extract_and_from_the_store(outputs, store):
    rows = outputs[store][1] if store != "parquet" else [
        _parquet_as_csv(r) for r in outputs["parquet"]]
    pairs = _compared({"extract": outputs["extract_csv"][1], "single": outputs["single"]},
                      rows)
    for extracted, stored in pairs:
        assert {k: v for k, v in stored.items() if k != "id"} == \
            {k: v for k, v in extracted.items() if k != "id"}


def test_the_three_store_outputs_agree_on_every_event(outputs):
    csv_rows = _by_id(outputs["export_csv"][1])
    assert _by_id(outputs["events_csv"][1]) == csv_rows
    assert _by_id([_parquet_as_csv(r) for r in outputs["parquet"]]) == csv_rows
    assert _by_id(outputs["events_plover"]) == _by_id(outputs["export_plover"])


def test_store_plover_carries_text_info_cite_info_and_doc_id(outputs):
    records = outputs["export_plover"]
    assert records
    with_url = 0
    for r in records:
        assert r["doc_id"] in r["doc_ids"] and r["doc_id"] in outputs["documents"]
        url, title = outputs["documents"][r["doc_id"]]
        assert (r["cite_info"]["url"], r["cite_info"]["title"]) == (url, title)
        assert r["cite_info"]["coder"].startswith("newsevents ")
        assert r["cite_info"]["codebook"]
        info = r["text_info"]
        assert info["start"] <= info["trigger"]["start"] < info["trigger"]["end"] <= info["end"]
        with_url += url is not None
    assert with_url > 0


def test_every_actor_is_kept_in_the_flat_rows(outputs):
    several = [r for r in outputs["export_plover"] if len(r["actor"]) > 1]
    assert several
    csv_rows = _by_id(outputs["export_csv"][1])
    parquet = _by_id(outputs["parquet"])
    for r in several:
        codes = [a["code"] for a in r["actor"]]
        assert parquet[r["id"]]["actor_code"] == codes
        assert csv_rows[r["id"]]["actor_code"] == ";".join(c or "" for c in codes)


def test_gdelt_header_option(outputs):
    lines = outputs["gdelt_header"].splitlines()
    assert lines[0].split("\t")[:2] == ["GLOBALEVENTID", "SQLDATE"]
    assert len(lines) == len(outputs["export_plover"]) + 1
    assert all(len(line.split("\t")) == 29 for line in lines)
