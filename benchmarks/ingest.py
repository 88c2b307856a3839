"""Ingest throughput with 1 and 2 workers on a generated corpus, the share of time spent
outside spaCy, and query latency on a synthetic store of 1,000,000 events.

Run: .venv/bin/python benchmarks/ingest.py [--articles 2000] [--events 1000000]
Goals (issue 5): >= 1.8x documents/s from 1 to 2 workers; p95 < 50 ms for an indexed filter.
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from support import sample_inputs  # noqa: E402

from newsevents.clean import clean_document  # noqa: E402
from newsevents.nlp import load_nlp  # noqa: E402
from newsevents.pipeline import Pipeline, article_blocks  # noqa: E402
from newsevents.readers import iter_documents  # noqa: E402
from newsevents.store.db import connect  # noqa: E402
from newsevents.store.ingest import ingest  # noqa: E402
from newsevents.store.queries import EventFilter, find_events, search  # noqa: E402


def corpus(path: Path, articles: int) -> Path:
    """Distinct articles from the samples' text: numbers, days and editions varied."""
    rng = random.Random(7)
    texts = []
    for doc in iter_documents([str(ROOT / p) for p in sample_inputs()]):
        article = clean_document(doc)
        texts.append("\n\n".join([article.title or "", *(p.text for p in article.paragraphs)]))
    with path.open("w", encoding="utf-8") as out:
        for i in range(articles):
            text = texts[i % len(texts)].replace(" 1", f" {rng.randint(2, 9)}")
            out.write(json.dumps({"id": f"bench-{i}", "date": f"2023-{1 + i % 12:02d}-"
                                  f"{1 + i % 28:02d}", "text": f"{text}\n\nEdition {i}."}) + "\n")
    return path


def outside_spacy_share(path: Path, sample: int = 60) -> float:
    from newsevents.readers import iter_documents as read

    docs = [d for _, d in zip(range(sample), read([str(path)]), strict=False)]
    articles = [clean_document(d) for d in docs]
    texts = [a.text[b.start : b.end] for a in articles for b in article_blocks(a) if b.english]
    nlp = load_nlp()
    list(nlp.pipe(texts[:5]))
    t = time.perf_counter()
    list(nlp.pipe(texts, batch_size=64))
    spacy_s = time.perf_counter() - t
    t = time.perf_counter()
    for d in docs:
        clean_document(d)
    list(Pipeline().pipe(articles))
    total = time.perf_counter() - t
    return 1 - spacy_s / total


def synthetic_store(db: Path, events: int) -> None:
    conn = connect(db)
    rng = random.Random(11)
    codes = ["USA", "IRQ", "IRN", "RUS", "UKR", "ISR", "PSE", "SYR", "NGA", "MLI", "SDN", "CHN"]
    categories = ["ASSAULT", "CONSULT", "PROTEST", "COERCE", "REQUEST", "ACCUSE", "AID"]
    conn.execute("BEGIN")
    batch = []
    for i in range(events):
        lat, lon = rng.uniform(-40, 60), rng.uniform(-100, 120)
        record = json.dumps({"id": f"e{i}", "event": "X"})
        batch.append((f"e{i:07d}", rng.choice(categories), "", "[]", "[]", 0,
                      rng.choice(codes), "MIL", rng.choice(codes), "GOV", rng.choice(codes),
                      None, lat, lon, f"20{rng.randint(10, 24)}-{rng.randint(1, 12):02d}-"
                      f"{rng.randint(1, 28):02d}", None, None, None, None, 0.7, 1, 1, None,
                      None, record))
        if len(batch) == 50_000:
            conn.executemany("INSERT INTO events VALUES (" + ",".join("?" * 25) + ")", batch)
            batch.clear()
    if batch:
        conn.executemany("INSERT INTO events VALUES (" + ",".join("?" * 25) + ")", batch)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")


def latency(fn, runs: int = 60) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--events", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        path = corpus(tmp / "corpus.jsonl", args.articles)
        rates = {}
        for workers in (1, 2):
            report = ingest([str(path)], tmp / f"w{workers}.db", workers=workers)
            rates[workers] = report.added / report.seconds
            print(f"ingest {args.articles} articles, {workers} worker(s): {report.seconds:.1f} s,"
                  f" {rates[workers]:.1f} docs/s, {report.reports} reports -> "
                  f"{report.events} events")
        print(f"speed-up 1 -> 2 workers: {rates[2] / rates[1]:.2f}x")
        print(f"share of analysis time outside spaCy: {outside_spacy_share(path):.0%}")
        conn = connect(tmp / "w1.db", readonly=True)
        p50, p95 = latency(lambda: search(conn, "ceasefire OR rockets"))
        print(f"search on {args.articles} articles: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
        db = tmp / "synthetic.db"
        t = time.perf_counter()
        synthetic_store(db, args.events)
        print(f"synthetic store: {args.events:,} events in {time.perf_counter() - t:.0f} s")
        conn = connect(db, readonly=True)
        for label, f in [
            ("--actor IRQ --type ASSAULT --since 2023-01-01",
             EventFilter(actor="IRQ", type="ASSAULT", since="2023-01-01", limit=100)),
            ("--country UKR", EventFilter(country="UKR", limit=100)),
            ("--near Baghdad --within 100km", EventFilter(near="Baghdad", within_km=100,
                                                          limit=100)),
        ]:
            p50, p95 = latency(lambda f=f: find_events(conn, f))
            print(f"events {label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms")


if __name__ == "__main__":
    main()
