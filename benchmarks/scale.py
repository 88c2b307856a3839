"""Documents/s of the ingest: the local engine with 1 and 2 workers, the Ray engine with 1
and 2 actors, on one generated corpus; Ray's start-up and per-document overhead.

Run: .venv/bin/python benchmarks/scale.py [--articles 120]
Goals (issue 15, a 2-core machine): Ray 2 actors >= 1.7x Ray 1 actor; Ray 2 actors >= 0.9x
local 2 workers. Every run starts from an empty store and includes loading the model.
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
    parser.add_argument("--articles", type=int, default=120)
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
        firsts, serial = {}, {}
        try:
            for actors in (1, 2):
                tally = ingest_ray([path], folder / f"ray{actors}.db", actors=actors)
                rates[f"Ray, {actors} actor(s)"] = _inputs(tally) / tally.seconds
                firsts[actors] = tally.startup_seconds
                serial[actors] = (tally.read_seconds, tally.merge_seconds, tally.seconds)
        finally:
            ray.shutdown()
    print(f"corpus: {args.articles} generated articles (many are near-duplicates of each other, "
          "linked by the store: coded all the same, so counted)")
    print(f"{'engine':<24}{'docs/s':>8}")
    for name, rate in rates.items():
        print(f"{name:<24}{rate:>8.2f}")
    local1, ray1, ray2 = (rates["local, 1 worker(s)"], rates["Ray, 1 actor(s)"],
                          rates["Ray, 2 actor(s)"])
    print(f"ray.init: {init_s:.1f} s; first results after {firsts[1]:.1f} s (1 actor), "
          f"{firsts[2]:.1f} s (2 actors)")
    for actors, (read_s, merge_s, total_s) in serial.items():
        print(f"Ray {actors} actor(s): driver reading {read_s:.1f} s, merge into the store "
              f"{merge_s:.1f} s, of {total_s:.1f} s")
    print(f"per-document overhead, Ray 1 actor vs local 1 worker: "
          f"{(1 / ray1 - 1 / local1) * 1000:.0f} ms")
    print(f"Ray 2 actors / Ray 1 actor: {ray2 / ray1:.2f}x (goal >= 1.7)")
    print(f"Ray 2 actors / local 2 workers: {ray2 / rates['local, 2 worker(s)']:.2f}x "
          "(goal >= 0.9)")


if __name__ == "__main__":
    main()
