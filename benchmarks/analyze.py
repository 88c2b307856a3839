"""Analysis-stage throughput against bare ``nlp.pipe`` of the same spaCy model on the same
texts, in one process; knowledge-base load time; peak memory.

Run: .venv/bin/python benchmarks/analyze.py [--copies 8] [--rounds 3]
Goals (issue 3): >= 0.8x bare nlp.pipe; peak RSS <= 1 GB.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seeds" / "000_4259137ad6a899a2.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=8, help="times each sample is repeated")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    start = time.perf_counter()
    from newsevents.knowledge.actors import actor_base, known_alias_count
    from newsevents.knowledge.places import gazetteer

    actor_base()
    actors_loaded = time.perf_counter()
    gazetteer()
    places_loaded = time.perf_counter()

    from newsevents.clean import clean_document
    from newsevents.nlp import load_nlp
    from newsevents.pipeline import Pipeline, article_blocks
    from newsevents.readers import iter_documents

    nlp = load_nlp()
    model_loaded = time.perf_counter()
    inputs = [str(p) for p in sorted((ROOT / "samples").rglob("*"))
              if p.name.endswith((".txt", ".html", ".jsonl", ".warc.gz", ".txt.gz"))
              and "pages" not in p.parts]
    if SEED.exists():
        inputs.append(str(SEED))
    articles = [clean_document(d) for d in iter_documents(inputs)] * args.copies
    texts = [a.text[b.start : b.end] for a in articles for b in article_blocks(a) if b.english]
    words = sum(len(t.split()) for t in texts)
    sentences = sum(1 for doc in nlp.pipe(texts[: len(texts) // args.copies]) for _ in doc.sents)
    sentences *= args.copies

    bare, ours = [], []
    for _ in range(args.rounds):  # interleaved, so a noisy neighbour hits both alike
        t = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=64):
            pass
        bare.append(time.perf_counter() - t)
        t = time.perf_counter()
        for _analysis in Pipeline().pipe(articles):
            pass
        ours.append(time.perf_counter() - t)
    bare_s, ours_s = statistics.median(bare), statistics.median(ours)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    sizes = known_alias_count()
    print(f"knowledge: {sizes['people']} people, {sizes['organizations']} organisations, "
          f"{sizes['countries']} countries, {sizes['aliases']} aliases; "
          f"{len(gazetteer().index):,} place names")
    print(f"load: actor base {actors_loaded - start:.2f} s, gazetteer "
          f"{places_loaded - actors_loaded:.2f} s, "
          f"spaCy model {model_loaded - places_loaded:.2f} s")
    print(f"corpus: {len(articles)} articles, {len(texts)} English blocks, {sentences} "
          f"sentences, {words:,} words (median of {args.rounds} rounds)")
    print(f"bare nlp.pipe : {words / bare_s:8.0f} words/s  {sentences / bare_s:6.1f} sentences/s")
    events = sum(len(a.events) for a in Pipeline().pipe(articles[: len(articles) // args.copies]))
    print(f"analyze+events: {words / ours_s:8.0f} words/s  {sentences / ours_s:6.1f} sentences/s "
          f"{len(articles) / ours_s:6.1f} articles/s ({events * args.copies} events)")
    print(f"ratio analyze+events / bare nlp.pipe: {bare_s / ours_s:.2f}x")
    print(f"peak RSS: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
