"""Documents/s of the ingest: the local engine with 1 and 2 workers, the Ray engine with 1
and 2 actors, on one generated corpus; Ray's start-up and per-document overhead.

Run: .venv/bin/python benchmarks/scale.py [--articles 400]
Goals (issue 15, a 2-core machine): Ray 2 actors >= 1.7x Ray 1 actor; Ray 2 actors >= 0.9x
local 2 workers. Every run starts from an empty store and includes loading the model; Ray
itself is started once before the Ray runs (a cluster is started once, not per job), and
its start-up is reported apart.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ingest import corpus  # noqa: E402  (benchmarks/ingest.py: the same generated corpus)

from newsevents.scale import ingest_ray  # noqa: E402
from newsevents.store.ingest import ingest  # noqa: E402


def _inputs(tally) -> int:
    """Every input coded: stored, linked as a near-duplicate (coded all the same), failed."""
    return tally.documents + tally.linked + tally.failed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=400)
    args = parser.parse_args()
    import ray

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = str(corpus(folder / "corpus.jsonl", args.articles))
        rates: dict[str, float] = {}
        for workers in (1, 2):
            tally = ingest([path], folder / f"local{workers}.db", workers=workers)
            rates[f"local, {workers} worker(s)"] = _inputs(tally) / tally.seconds
        started = time.monotonic()
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
        init_s = time.monotonic() - started
        ray.data.DataContext.get_current().enable_progress_bars = False
        jobs = {}
        try:
            one = str(corpus(folder / "one.jsonl", 1))
            startup = ingest_ray([one], folder / "one.db", actors=1).seconds
            for actors in (1, 2):
                tally = ingest_ray([path], folder / f"ray{actors}.db", actors=actors)
                rates[f"Ray, {actors} actor(s)"] = _inputs(tally) / tally.seconds
                jobs[actors] = tally
        finally:
            ray.shutdown()
    print(f"corpus: {args.articles} generated articles (many are near-duplicates of each other, "
          "linked by the store: coded all the same, so counted)")
    print(f"{'engine':<24}{'docs/s':>8}")
    for name, rate in rates.items():
        print(f"{name:<24}{rate:>8.2f}")
    local1, ray1, ray2 = (rates["local, 1 worker(s)"], rates["Ray, 1 actor(s)"],
                          rates["Ray, 2 actor(s)"])
    print(f"ray.init: {init_s:.1f} s (once, not in the rates)")
    print(f"Ray start-up (a job of one document: the dataset, one actor's process and model "
          f"load, one document): {startup:.1f} s")
    after = {}
    for actors, t in jobs.items():
        after[actors] = _inputs(t) / max(t.seconds - startup, 1e-9)
        print(f"Ray {actors} actor(s): {t.seconds:.1f} s; first results after "
              f"{t.startup_seconds:.1f} s; the driver's listing {t.read_seconds:.2f} s and "
              f"writing (shards, store, merge) {t.merge_seconds:.1f} s; less the start-up: "
              f"{after[actors]:.2f} docs/s")
    print(f"per-document overhead, Ray 1 actor vs local 1 worker: "
          f"{(1 / ray1 - 1 / local1) * 1000:.0f} ms; less the start-up: "
          f"{(1 / after[1] - 1 / local1) * 1000:.0f} ms")
    print(f"Ray 2 actors / Ray 1 actor: {ray2 / ray1:.2f}x (goal >= 1.7); less the start-up: "
          f"{after[2] / after[1]:.2f}x")
    print(f"Ray 2 actors / local 2 workers: {ray2 / rates['local, 2 worker(s)']:.2f}x "
          "(goal >= 0.9)")


if __name__ == "__main__":
    main()
