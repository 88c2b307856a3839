"""The event scorer: the probability that a coded record is right, from what the record
shows (its category, its parties, place, date, modes). A logistic regression whose weights
are data (``data/models/event_scorer.toml``), trained by ``make model``
(tools/train_scorer.py) on the train splits of the gold files; ``confidence`` is its output,
calibrated on held-out data (docs/EVALUATION.md)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from ...knowledge import load
from ...model import Event, plain

AUX = ("future", "hypothetical", "negation", "historical", "anaphoric")
SECTORS = ("GOV", "MIL", "REB", "COP", "CVL", "UAF", "LEG", "JUD", "BUS", "JRN")


def features(event: Mapping[str, Any]) -> dict[str, float]:
    """The record's features, from its JSON form (``Event.to_dict()`` or a stored event):
    one name per fact, 1.0 when it holds (a few counts scaled to 0..1)."""
    actors, recipients = event.get("actor") or [], event.get("recipient") or []
    loc = event.get("event_loc") or {}
    sentence = (event.get("sentence") or {}).get("text") or ""
    out = {"bias": 1.0, f"event={event['event']}": 1.0,
           "has_actor": float(bool(actors)), "has_recipient": float(bool(recipients)),
           "actor_coded": float(any(a.get("code") for a in actors)),
           "recipient_coded": float(any(r.get("code") for r in recipients)),
           "actor_named": float(any(a.get("identifier_text") for a in actors)),
           "recipient_named": float(any(r.get("identifier_text") for r in recipients)),
           "has_place": float(bool(loc)),
           "place_precise": float(bool(loc) and (loc.get("resolution") or 0) >= 4),
           "dated_in_text": float(event.get("date_basis") == "text"),
           "has_mode": float(bool(event.get("mode"))),
           "has_count": float(any(event.get(k) is not None
                                  for k in ("dead", "injured", "arrested"))),
           "attributed": float(bool(event.get("attribution"))),
           "in_caption": float(bool(event.get("in_caption"))),
           "reported_twice": float((event.get("mentions") or 1) > 1),
           "long_sentence": float(len(sentence) > 200)}
    trigger = (event.get("trigger") or {}).get("text")
    if trigger:  # words the gold shows often wrong ("talks") or right ("killed")
        out[f"trigger={trigger.lower()}"] = 1.0
    for aux in AUX:
        out[f"aux={aux}"] = float(aux in (event.get("aux") or []))
    for sector in SECTORS:
        if any(a.get("sector") == sector for a in actors):
            out[f"actor={sector}"] = 1.0
        if any(r.get("sector") == sector for r in recipients):
            out[f"recipient={sector}"] = 1.0
    return out


# The fields of a record that ``features`` reads: an Event is scored on these alone, so
# that its evidence and other counts are not turned into JSON for nothing.
READ = ("event", "actor", "recipient", "event_loc", "sentence", "trigger", "date_basis", "mode",
        "dead", "injured", "arrested", "attribution", "in_caption", "mentions", "aux")


@dataclass(frozen=True, slots=True)
class Scorer:
    weights: dict[str, float]
    threshold: float  # the default output threshold, chosen on held-out data

    def probability(self, event: Mapping[str, Any]) -> float:
        return self.of_features(features(event))

    def of_event(self, event: Event) -> float:
        """``probability`` of the Event's JSON form (the fields it reads)."""
        return self.probability({name: plain(getattr(event, name)) for name in READ})

    def of_features(self, values: Mapping[str, float]) -> float:
        z = sum(self.weights.get(name, 0.0) * value for name, value in values.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@cache
def scorer() -> Scorer:
    raw = load("models/event_scorer.toml")
    return Scorer(dict(raw["weights"]), raw["threshold"])


def fit(rows: Sequence[dict[str, float]], labels: Sequence[int], l2: float = 1.0,
        iterations: int = 50) -> dict[str, float]:
    """Logistic regression by Newton's method with an L2 penalty (none on the bias):
    deterministic, the same weights for the same rows. Returns name -> weight."""
    import numpy as np

    names = sorted({name for row in rows for name in row})
    x = np.array([[row.get(n, 0.0) for n in names] for row in rows], dtype=float)
    y = np.array(labels, dtype=float)
    penalty = np.full(len(names), l2)
    penalty[names.index("bias")] = 0.0
    w = np.zeros(len(names))
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        gradient = x.T @ (p - y) + penalty * w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty) + 1e-9 * np.eye(
            len(names))
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.max(np.abs(step)) < 1e-10:
            break
    return {n: round(float(v), 6) for n, v in zip(names, w, strict=True)}
