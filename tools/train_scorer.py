"""Train the event scorer (``make model``): a logistic regression over each coded record's
features (newsevents.analysis.events.score), fitted on the train split of the gold files,
its output threshold chosen on dev, its held-out numbers measured on test.

    .venv/bin/python tools/train_scorer.py [--stories ../shared/data/ngec/synthetic_events.csv]

Gold: tests/gold/events.jsonl (sentences, split by the number in the id: n % 3 -> train,
dev, test) and tests/gold/stories_part*.jsonl (synthetic NGEC stories, by row: row % 3;
their text is read from ../shared/data/ngec/synthetic_events.csv, never copied). A coded
record is right when the gold of its sentence or story has an event of its category not
yet matched (one to one). Deterministic: the same gold and code give the same weights.
Writes src/newsevents/data/models/event_scorer.toml.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from newsevents.analysis.events.score import Scorer, features, fit  # noqa: E402
from newsevents.evaluate import (  # noqa: E402
    EventScore,
    read_stories,
    record_split,
)
from newsevents.model import Document  # noqa: E402
from newsevents.pipeline import Pipeline  # noqa: E402

GOLD = ROOT / "tests" / "gold"
STORIES_CSV = ROOT.parent / "shared" / "data" / "ngec" / "synthetic_events.csv"  # workspace
OUT = ROOT / "src" / "newsevents" / "data" / "models" / "event_scorer.toml"
SPLITS = ("train", "dev", "test")
L2 = 3.0  # chosen on dev among 1, 3, 10 (docs/EVALUATION.md)


def _records(stories_csv: Path) -> list[dict]:
    """Every gold record: id, split, text, date, gold events."""
    out = []
    for line in (GOLD / "events.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            out.append({"id": r["id"], "split": record_split(r["id"]), "text": r["text"],
                        "date": r.get("date"), "events": r.get("events", [])})
    stories = [json.loads(line) for path in sorted(GOLD.glob("stories_part*.jsonl"))
               for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = read_stories(stories_csv) if stories else []
    for s in stories:
        out.append({"id": f"row{s['row']}", "split": s["split"], "text": texts[s["row"]]["text"],
                    "date": s.get("date"), "events": s.get("events", [])})
    return out


def _labelled(records: list[dict]) -> list[tuple[str, dict[str, float], int]]:
    """(split, features, right?) for every record the pipeline codes, events and candidates."""
    docs = [Document(r["text"].encode("utf-8"), r["id"], id=r["id"],
                     content_type="text/plain; charset=utf-8",
                     meta={"date": r["date"]} if r.get("date") else {}) for r in records]
    by_id = {r["id"]: r for r in records}
    rows = []
    for analysis in Pipeline().pipe(docs):
        record = by_id[analysis.article.id]
        left = Counter(e["event"] for e in record["events"])
        coded = [e.to_dict() for e in analysis.events] + [
            c.event.to_dict() for c in getattr(analysis, "candidates", [])]
        for event in coded:
            right = left[event["event"]] > 0
            left[event["event"]] -= right
            rows.append((record["split"], features(event), int(right)))
    return rows


def _score(rows: list[tuple[str, dict[str, float], int]], split: str, gold: int,
           model: Scorer) -> EventScore:
    """The split's coded records as evaluate's EventScore: (probability, right) pairs and
    the gold count, for its reliability bins, ECE and thresholds."""
    score = EventScore()
    score.scored = [(model.of_features(f), bool(y)) for s, f, y in rows if s == split]
    score.gold["event"] = gold
    return score


def _rounded(prf: tuple[float, float, float]) -> list[float]:
    return [round(v, 3) for v in prf]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=Path, default=STORIES_CSV,
                        help="the NGEC synthetic stories CSV (../shared)")
    parser.add_argument("--l2", type=float, default=L2, help="the L2 penalty")
    args = parser.parse_args(argv)
    records = _records(args.stories)
    rows = _labelled(records)
    gold = Counter(r["split"] for r in records for _ in r["events"])
    train = [(f, y) for s, f, y in rows if s == "train"]
    weights = fit([f for f, _ in train], [y for _, y in train], l2=args.l2)

    model = Scorer(weights, 0.0)
    dev, test = (_score(rows, split, gold[split], model) for split in ("dev", "test"))
    grid = [round(0.05 * i, 2) for i in range(0, 19)]
    threshold = max(grid, key=lambda t: (round(dev.at_threshold(t)[2], 3), -t))
    digest = hashlib.sha256(json.dumps(
        [[r["id"], r["split"], r["events"]] for r in records], sort_keys=True).encode()
    ).hexdigest()[:16]
    heldout = {
        "dev_ece": round(dev.ece(), 3), "test_ece": round(test.ece(), 3),
        "dev_prf_at_threshold": _rounded(dev.at_threshold(threshold)),
        "test_prf_at_threshold": _rounded(test.at_threshold(threshold)),
        "test_prf_all": _rounded(test.at_threshold(0.0)),
    }
    ids = {s: [r["id"] for r in records if r["split"] == s] for s in SPLITS}
    lines = [
        "# The event scorer (newsevents.analysis.events.score), written by",
        "# tools/train_scorer.py (make model): a logistic regression trained on the train",
        "# split of tests/gold/events.jsonl and tests/gold/stories_part*.jsonl (NGEC synthetic",
        "# stories, MIT; by row number, their text read from NGEC's CSV). Do not edit by hand.",
        f"threshold = {threshold}",
        "",
        "[training]",
        f"gold_sha256 = \"{digest}\"",
        "coded_records = { " + ", ".join(
            f"{s} = {sum(1 for r in rows if r[0] == s)}" for s in SPLITS) + " }",
        f"train_ids = {json.dumps(ids['train'])}",
        f"dev_ids = {json.dumps(ids['dev'])}",
        f"test_ids = {json.dumps(ids['test'])}",
        "",
        "[heldout]",
        *(f"{k} = {json.dumps(v)}" for k, v in heldout.items()),
        "",
        "[weights]",
        *(f"{json.dumps(k)} = {v}" for k, v in sorted(weights.items())),
    ]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(weights)} weights, threshold {threshold}; "
          f"held out: {heldout}")


if __name__ == "__main__":
    main()
