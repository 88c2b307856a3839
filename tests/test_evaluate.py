"""Accuracy against the gold files, with the floors and gold-file hashes of
tests/gold/floors.toml (floors only rise; a changed gold file fails until its hash is updated)."""

from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path

import pytest

from newsevents.evaluate import evaluate_actors, evaluate_events, evaluate_places

GOLD = Path(__file__).resolve().parent / "gold"
FLOORS = tomllib.loads((GOLD / "floors.toml").read_text(encoding="utf-8"))
SCORERS = {"actors": evaluate_actors, "places": evaluate_places, "events": evaluate_events}


@pytest.fixture(scope="module")
def scores() -> dict:
    return {}


def _score(scores: dict, kind: str):
    if kind not in scores:
        scorer = SCORERS[FLOORS[kind].get("scorer", kind)]
        scores[kind] = scorer(GOLD / FLOORS[kind]["file"])
    return scores[kind]


@pytest.mark.parametrize("kind", sorted(FLOORS))
def test_gold_file_is_the_reviewed_one(kind):
    data = (GOLD / FLOORS[kind]["file"]).read_bytes()
    assert hashlib.sha256(data).hexdigest() == FLOORS[kind]["sha256"], (
        f"{FLOORS[kind]['file']} changed: review it, then update its sha256 in floors.toml")


@pytest.mark.parametrize(("kind", "field"), [(k, f) for k in sorted(FLOORS)
                                             for f in sorted(FLOORS[k]["floors"])])
def test_accuracy_floor(scores, kind, field):
    score = _score(scores, kind)
    floor = FLOORS[kind]["floors"][field]
    if FLOORS[kind].get("scorer", kind) == "events":
        assert score.records >= FLOORS[kind]["min_cases"]
        assert score.prf(field)[2] >= floor, (field, score.prf(field))
    else:
        assert score.total >= FLOORS[kind]["min_cases"]
        value = score.accuracy(field)
        assert value >= floor, (field, value, score.misses[:10])
