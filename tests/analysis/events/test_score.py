"""The event scorer: features of a record, a deterministic fit, the committed model."""

from __future__ import annotations

import math

from newsevents.analysis.events.score import features, fit, scorer
from newsevents.knowledge import load

RECORD = {"event": "ASSAULT", "mode": "", "aux": ["future"], "actor": [
    {"code": "RUS", "sector": "MIL", "identifier_text": None}], "recipient": [],
    "event_loc": {"resolution": 4}, "date_basis": "text", "dead": 3, "mentions": 2,
    "trigger": {"text": "Shelled"}, "sentence": {"text": "x" * 50}}


def test_features_say_what_the_record_shows():
    f = features(RECORD)
    assert f["event=ASSAULT"] == f["has_actor"] == f["actor_coded"] == f["has_count"] == 1.0
    assert f["has_recipient"] == f["actor_named"] == 0.0
    assert f["aux=future"] == f["place_precise"] == f["reported_twice"] == 1.0
    assert f["actor=MIL"] == 1.0 and "recipient=MIL" not in f
    assert f["trigger=shelled"] == 1.0


def test_fit_is_deterministic_and_learns_the_signal():
    rows = [{"bias": 1.0, "good": float(i % 2)} for i in range(40)]
    labels = [i % 2 for i in range(40)]
    first, second = fit(rows, labels), fit(rows, labels)
    assert first == second and first["good"] > 1.0
    p = 1 / (1 + math.exp(-(first["bias"] + first["good"])))
    assert p > 0.8  # the L2 penalty keeps it off 1.0


def test_the_committed_model_gives_a_probability_and_records_its_training():
    model = scorer()
    p = model.probability(RECORD)
    assert 0.0 < p < 1.0 and 0.0 <= model.threshold < 1.0
    raw = load("models/event_scorer.toml")
    assert raw["training"]["train_ids"] and raw["training"]["test_ids"]
    assert not set(raw["training"]["train_ids"]) & set(raw["training"]["test_ids"])
    assert raw["heldout"]["test_ece"] >= 0.0
