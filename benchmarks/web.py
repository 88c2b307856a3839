"""Latency of the HTTP API's event list (issue 14): p50/p95 of ``GET /api/events`` for the
first page, a filtered page and a deep cursor page, on synthetic stores of 100k and 1M
events, through the real app (FastAPI's TestClient: the app's own time, no network).

Run: .venv/bin/python benchmarks/web.py [--sizes 100000 1000000] [--runs 30]
Goal: p95 < 100 ms at 1M events.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ingest import synthetic_store  # noqa: E402

# A merged record as the store keeps it (the fields the export mapping reads), written here.
RECORD = {
    "event": "ASSAULT", "mode": "", "context": [], "aux": [], "actor": [], "recipient": [],
    "event_loc": None, "date": None, "enddate": None, "granularity": "day",
    "date_basis": "text", "dead": None, "injured": None, "arrested": None, "counts": [],
    "attribution": None, "confidence": 0.7, "mentions": 1, "sources": 1, "doc_ids": [],
    "cameo": "190", "quad_code": 4, "event_scale": -10.0, "evidence": {},
}


def store(db: Path, events: int) -> None:
    """The ingest benchmark's synthetic store, each record a full merged event."""
    import sqlite3

    synthetic_store(db, events)
    conn = sqlite3.connect(db)
    rng = random.Random(7)
    rows = conn.execute("SELECT id, event, actor_code, recipient_code, country, date FROM "
                        "events").fetchall()
    updates = []
    for event_id, category, actor, recipient, country, day in rows:
        record = dict(RECORD, id=event_id, event=category, date=day,
                      actor=[{"code": actor, "sector": "MIL", "entity_text": actor}],
                      recipient=[{"code": recipient, "sector": "GOV", "entity_text": recipient}],
                      event_loc={"country_code": country, "lat": rng.uniform(-40, 60),
                                 "lon": rng.uniform(-100, 120)})
        updates.append((json.dumps(record), event_id))
    conn.executemany("UPDATE events SET record = ? WHERE id = ?", updates)
    conn.commit()
    conn.close()


def latency(get, url: str, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        response = get(url)
        times.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200, (url, response.status_code, response.text[:200])
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    from fastapi.testclient import TestClient

    from newsevents.web.app import create_app

    print(f"{'events':>9}  {'request':<34} {'p50 ms':>8} {'p95 ms':>8}")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "web.db"
            store(db, size)
            client = TestClient(create_app(db, token="bench"))
            first = client.get("/api/events?limit=50").json()
            cursor = first["next_cursor"]
            for _ in range(20):  # twenty pages in
                cursor = client.get(f"/api/events?limit=50&cursor={cursor}").json()["next_cursor"]
            for name, url in (
                ("first page", "/api/events?limit=50"),
                ("type=ASSAULT", "/api/events?limit=50&type=ASSAULT"),
                ("actor=NGA&since=2020-01-01", "/api/events?limit=50&actor=NGA&since=2020-01-01"),
                ("deep cursor page (21st)", f"/api/events?limit=50&cursor={cursor}"),
            ):
                p50, p95 = latency(client.get, url, args.runs)
                print(f"{size:>9,}  {name:<34} {p50:8.1f} {p95:8.1f}")


if __name__ == "__main__":
    main()
