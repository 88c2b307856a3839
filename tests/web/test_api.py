"""The JSON API over a store built by the real ingest of the samples."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

from support import SAMPLES

from newsevents.export import FLAT_COLUMNS, Citation, plover_record


def test_events_page_total_and_cursor_cover_every_event_once(client, store):
    expected = sqlite3.connect(store).execute(
        "SELECT COUNT(*) FROM events WHERE historical = 0").fetchone()[0]
    seen, cursor = [], None
    for _ in range(100):
        params = {"limit": 7} | ({"cursor": cursor} if cursor else {})
        body = client.get("/api/events", params=params).json()
        assert body["total"] == expected
        assert body["count"] == len(body["events"]) <= 7
        seen += [e["id"] for e in body["events"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == expected > 50


def test_sort_orders_and_direction(client):
    for key, field in (("confidence", "confidence"), ("date", "date"), ("dead", "dead")):
        for order in ("asc", "desc"):
            events = client.get("/api/events", params={"sort": key, "order": order,
                                                       "limit": 500}).json()["events"]
            values = [e[field] if e[field] is not None else (-1 if key != "date" else "")
                      for e in events]
            assert values == sorted(values, reverse=order == "desc"), (key, order)


def test_filters_select_what_they_say(client):
    assault = client.get("/api/events", params={"type": "assault", "limit": 500}).json()
    assert assault["total"] > 0
    assert {e["event"] for e in assault["events"]} == {"ASSAULT"}
    assert assault["total"] < client.get("/api/events").json()["total"]
    since = client.get("/api/events", params={"since": "2023-09-01", "until": "2023-12-31",
                                              "limit": 500}).json()["events"]
    assert since and all("2023-09-01" <= e["date"] <= "2023-12-31" for e in since)
    year = client.get("/api/events", params={"until": "2022", "limit": 500}).json()["events"]
    assert year and all(e["date"] <= "2022-12-31" for e in year)
    confident = client.get("/api/events", params={"min-confidence": 0.9,
                                                  "limit": 500}).json()["events"]
    assert confident and all(e["confidence"] >= 0.9 for e in confident)
    actor = confident[0]["actor"][0]["code"] if confident[0]["actor"] else None
    if actor:
        by_actor = client.get("/api/events", params={"actor": actor, "limit": 500}).json()
        assert all(e["actor"][0]["code"] == actor for e in by_actor["events"])
    country = client.get("/api/events", params={"country": "lbn", "limit": 500}).json()
    assert country["total"] and all(e["event_loc"]["country_code"] == "LBN"
                                    for e in country["events"])
    words = client.get("/api/events", params={"text": "Muscat", "limit": 500}).json()
    assert words["total"] and all(e["cite_info"]["url"] for e in words["events"])
    assert client.get("/api/events", params={"text": '"*'}).json()["total"] == 0
    near = client.get("/api/events", params={"near": "Beirut", "within-km": 30}).json()
    assert near["total"] and all(e["event_loc"]["country_code"] == "LBN"
                                 for e in near["events"])
    assert client.get("/api/events", params={"near": "Nowhereville Qqq"}).status_code == 400


def test_records_are_export_mapping(client, store):
    record = client.get("/api/events", params={"limit": 1}).json()["events"][0]
    conn = sqlite3.connect(store)
    conn.row_factory = sqlite3.Row
    stored = json.loads(conn.execute("SELECT record FROM events WHERE id = ?",
                                     (record["id"],)).fetchone()["record"])
    doc = conn.execute("SELECT url, title, language, json_extract(analysis, '$.site') AS site, "
                       "ingested_at FROM documents WHERE id = ?", (stored["doc_id"],)).fetchone()
    expected = plover_record(stored, Citation.from_row(dict(doc)))
    assert {k: v for k, v in record.items() if k != "review"} == expected
    assert record["review"] is None


def test_event_detail_has_reports_with_evidence_in_the_sentence(client):
    event = client.get("/api/events", params={"sort": "sources", "limit": 1}).json()["events"][0]
    detail = client.get(f"/api/events/{event['id']}").json()
    assert detail["record"]["id"] == event["id"]
    assert len(detail["reports"]) == event["sources"] >= 1  # one per source document
    for report in detail["reports"]:
        sentence = report["sentence"]
        assert report["evidence"]["trigger"]
        for spans in report["evidence"].values():
            for span in spans:
                if span["start"] is None:
                    continue
                offset = span["start"] - sentence["start"]
                if offset >= 0 and span["end"] <= sentence["end"]:
                    assert sentence["text"][offset:offset + len(span["text"])] == span["text"]
    assert detail["reviews"] == []


def test_document_spans_point_at_their_words(client, store):
    doc_id = sqlite3.connect(store).execute(
        "SELECT id FROM documents WHERE source LIKE '%ceasefire-talks.html'").fetchone()[0]
    doc = client.get(f"/api/documents/{doc_id}").json()
    text = doc["text"]
    assert doc["title"].startswith("Yemen ceasefire")
    assert doc["captions"] and doc["related"] and doc["removed"]
    assert all(r["reason"] for r in doc["removed"])
    for kind in ("actors", "places", "times", "quotes", "triggers"):
        spans = doc["spans"][kind]
        assert spans, kind
        for s in spans:
            assert text[s["start"]:s["end"]] == s["text"], kind
    assert any(q["speaker"] for q in doc["spans"]["quotes"])
    assert all(a["actor"]["code"] for a in doc["spans"]["actors"])
    assert doc["events"] and all(e["event"] for e in doc["events"])


def test_actors_and_dyads_have_names(client):
    body = client.get("/api/actors", params={"limit": 5}).json()
    counts = [a["events"] for a in body["actors"]]
    assert counts == sorted(counts, reverse=True) and len(counts) == 5
    assert any(a["name"] for a in body["actors"])
    assert body["dyads"] and all(d["actor_code"] and d["recipient_code"]
                                 for d in body["dyads"])
    assert any(d["actor_name"] for d in body["dyads"])


def test_timeline_includes_empty_periods(client):
    body = client.get("/api/timeline", params={"by": "month"}).json()
    months = [p for p in body["periods"] if p["granularity"] == "month"]
    assert len(months) >= 12
    assert any(p["events"] == 0 for p in months)  # the samples leave months empty
    starts = [p["start"] for p in months]
    for a, b in zip(starts, starts[1:], strict=False):
        ya, ma = int(a[:4]), int(a[5:7])
        assert (int(b[:4]), int(b[5:7])) == (ya + ma // 12, ma % 12 + 1)
    for p in body["periods"]:
        assert p["events"] == p["q1"] + p["q2"] + p["q3"] + p["q4"]
    total = sum(p["events"] for p in client.get("/api/timeline?by=year").json()["periods"])
    dated = client.get("/api/events", params={"since": "0000"}).json()["total"]
    assert total == dated
    assert client.get("/api/timeline", params={"by": "hour"}).status_code == 422


def test_search_finds_articles_with_snippets(client):
    hits = client.get("/api/search", params={"q": "ceasefire"}).json()["hits"]
    assert hits and "[" in hits[0]["snippet"]
    assert client.get("/api/search", params={"q": 'NEAR( "x OR *'}).status_code == 200


def test_export_streams_every_event_in_each_format(client):
    total = client.get("/api/events").json()["total"]
    plover = client.get("/api/export", params={"format": "plover"})
    assert plover.status_code == 200
    lines = [json.loads(line) for line in plover.text.splitlines()]
    assert len(lines) == total and all("cite_info" in r for r in lines)
    flat = client.get("/api/export", params={"format": "csv", "type": "ASSAULT"})
    rows = list(csv.reader(io.StringIO(flat.text)))
    assert tuple(rows[0]) == FLAT_COLUMNS
    assert len(rows) - 1 == client.get("/api/events", params={"type": "ASSAULT"}).json()["total"]
    assert {r[FLAT_COLUMNS.index("event")] for r in rows[1:]} == {"ASSAULT"}
    gdelt = client.get("/api/export", params={"format": "gdelt", "header": "true"})
    assert gdelt.text.splitlines()[0].startswith("GLOBALEVENTID\t")
    parquet = client.get("/api/export", params={"format": "parquet"})
    assert parquet.content[:4] == b"PAR1"
    import pyarrow.parquet as pq

    assert pq.read_table(io.BytesIO(parquet.content)).num_rows == total
    assert client.get("/api/export", params={"format": "xml"}).status_code == 422


def test_extract_codes_pasted_text_without_storing_it(client, store):
    before = sqlite3.connect(store).execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    body = client.post("/api/extract", json={
        "text": "Rebels attacked a police station in Goma on Monday, killing three officers, "
                "the army said.", "date": "2024-03-05"})
    assert body.status_code == 200, body.text
    doc = body.json()
    assert [(e["event"], e["dead"]) for e in doc["events"]] == [("ASSAULT", 3)]
    assert doc["events"][0]["date"] == "2024-03-04"
    assert any(s["text"] == "Goma" for s in doc["spans"]["places"])
    after = sqlite3.connect(store).execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    assert after == before
    page = (SAMPLES / "html" / "minimal-no-meta.html").read_text(encoding="utf-8")
    html = client.post("/api/extract", json={"html": page})
    assert html.status_code == 200 and html.json()["events"]
    assert html.json()["paragraphs"]
    assert client.post("/api/extract", json={"text": "a", "html": "b"}).status_code == 422
    assert client.post("/api/extract", json={"text": "   "}).status_code == 422


def test_openapi_describes_every_endpoint(client):
    spec = client.get("/openapi.json").json()
    for path in ("/api/events", "/api/events/{event_id}", "/api/events/{event_id}/review",
                 "/api/documents/{doc_id}", "/api/actors", "/api/timeline", "/api/search",
                 "/api/export", "/api/extract", "/api/reviews/export"):
        assert path in spec["paths"], path
    assert "EventRecord" in spec["components"]["schemas"]
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "/static/vendor/swagger-ui-dist-5.35.0/swagger-ui-bundle.js" in docs.text
    assert "http://" not in docs.text and "https://" not in docs.text  # nothing from a CDN
    assert client.get("/static/vendor/swagger-ui-dist-5.35.0/swagger-ui-bundle.js"
                      ).status_code == 200


def test_cursor_pages_cross_from_values_to_nulls_in_both_orders(client):
    """`dead` is NULL for most events: the pages run through the values, then the NULLs
    (descending), or the NULLs first (ascending), each event once."""
    total = client.get("/api/events").json()["total"]
    for order in ("desc", "asc"):
        seen, cursor = [], None
        for _ in range(200):
            params = {"sort": "dead", "order": order, "limit": 3}
            body = client.get("/api/events", params=params | (
                {"cursor": cursor} if cursor else {})).json()
            seen += body["events"]
            cursor = body["next_cursor"]
            if cursor is None:
                break
        assert len({e["id"] for e in seen}) == len(seen) == total, order
        dead = [e["dead"] for e in seen]
        known = [d for d in dead if d is not None]
        assert known and None in dead
        nulls_first = dead.index(None) == 0
        assert nulls_first == (order == "asc"), order
        assert known == sorted(known, reverse=order == "desc")
