"""Accuracy against gold files: ``newsevents evaluate actors|places GOLD.jsonl``.

Gold schemas (one JSON object per line):
- actors: text, context, date, code, sector, name (null for generic agents), patron (optional),
  note (category)
- places: text, context (ISO alpha-3 list), country_code, lat, lon, max_km, note
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .knowledge.actors import actor_base, resolve_actor
from .knowledge.normalize import fold
from .knowledge.places import distance_km, resolve_place


@dataclass(slots=True)
class Score:
    """Correct/total per field, overall and per gold category; the misses, for reading."""

    total: int = 0
    correct: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    checked: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    by_note: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    misses: list[str] = field(default_factory=list)

    def accuracy(self, key: str = "all") -> float:
        """Share correct among the cases that check ``key`` (every case checks "all")."""
        return self.correct[key] / self.checked[key] if self.checked[key] else 0.0

    def add(self, checks: dict[str, bool], note: str, miss: str) -> None:
        self.total += 1
        ok = all(checks.values())
        checks = {**checks, "all": ok}
        for key, good in checks.items():
            self.correct[key] += int(good)
            self.checked[key] += 1
        self.by_note[note][0] += int(ok)
        self.by_note[note][1] += 1
        if not ok:
            self.misses.append(miss)


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def _same_entity(got: str | None, expected: str) -> bool:
    """Names match when they name the same entity: "Erdogan" and "Recep Tayyip Erdoğan"."""
    if got is None:
        return False
    if fold(got) == fold(expected):
        return True
    return any(e.name == got for e in actor_base().entities.get(fold(expected), []))


def evaluate_actors(path: Path) -> Score:
    score = Score()
    for case in _read(path):
        actor = resolve_actor(case["text"], case.get("context", ""), case.get("date"))
        got = actor.to_dict() if actor else {}
        checks = {
            "code": got.get("code") == case.get("code"),
            "sector": got.get("sector") == case.get("sector"),
            "name": case.get("name") is None or _same_entity(got.get("name"), case["name"]),
        }
        if case.get("patron"):
            checks["patron"] = got.get("patron") == case["patron"]
        miss = (f"{case['text']!r} ({case.get('date')}, {case.get('context')!r}): expected "
                f"{case.get('code')} {case.get('sector')} {case.get('name')}, got "
                f"{got.get('code')} {got.get('sector')} {got.get('name')}")
        score.add(checks, case.get("note", "-"), miss)
    return score


def evaluate_places(path: Path) -> Score:
    score = Score()
    for case in _read(path):
        place = resolve_place(case["text"], case.get("context", []))
        km = distance_km(place.lat, place.lon, case["lat"], case["lon"]) if place else None
        checks = {
            "country": bool(place) and place.country_code == case["country_code"],
            "distance": km is not None and km <= case.get("max_km", 50),
        }
        miss = (f"{case['text']!r} {case.get('context')}: expected {case['country_code']} "
                f"({case['lat']}, {case['lon']}), got "
                + (f"{place.resolved_place} {place.country_code} ({place.lat}, {place.lon}), "
                   f"{km:.0f} km" if place else "nothing"))
        score.add(checks, case.get("note", "-"), miss)
    return score
