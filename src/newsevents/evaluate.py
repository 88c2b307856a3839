"""Accuracy against gold files: ``newsevents evaluate actors|places GOLD.jsonl``.

Gold schemas (one JSON object per line):
- actors: text, context, date, code, sector, name (null for generic agents), patron (optional),
  note (category)
- places: text, context (ISO alpha-3 list), country_code, lat, lon, max_km, note
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .knowledge.actors import actor_base, resolve_actor
from .knowledge.normalize import fold
from .knowledge.places import distance_km, resolve_place
from .model import Event


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


# -- events -------------------------------------------------------------------------------

EVENT_FIELDS = ("event", "mode", "actor code", "actor sector", "recipient", "location country",
                "date", "counts", "aux")


@dataclass(slots=True)
class EventScore:
    """Precision/recall/F1 per field over (category, value) tuples, summed over records."""

    records: int = 0
    tp: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    predicted: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    gold: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    misses: list[str] = field(default_factory=list)

    def prf(self, key: str) -> tuple[float, float, float]:
        p = self.tp[key] / self.predicted[key] if self.predicted[key] else 0.0
        r = self.tp[key] / self.gold[key] if self.gold[key] else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _tuples(events: list[dict], gold: bool) -> dict[str, list[tuple]]:
    out: dict[str, list[tuple]] = {key: [] for key in EVENT_FIELDS}
    for e in events:
        cat = e["event"]
        out["event"].append((cat,))
        out["mode"].append((cat, e.get("mode") or ""))
        for a in e.get("actor") or []:
            out["actor code"].append((cat, a.get("code")))
            out["actor sector"].append((cat, a.get("code"), a.get("sector")))
        for r in e.get("recipient") or []:
            out["recipient"].append((cat, r.get("code")))
        country = e.get("country") if gold else (e.get("event_loc") or {}).get("country_code")
        if country:
            out["location country"].append((cat, country))
        if e.get("date") and (gold or e.get("date_basis") == "text"):
            out["date"].append((cat, e["date"]))  # a default publication date is no claim
        for kind in ("dead", "injured", "arrested"):
            if e.get(kind) is not None:
                out["counts"].append((cat, kind, int(e[kind])))
        for aux in e.get("aux") or []:
            out["aux"].append((cat, aux))
    return out


def _matched(predicted: list[tuple], gold: list[tuple], key: str) -> int:
    pool = list(predicted)
    hits = 0
    for item in gold:
        if key == "date":
            # A gold month ("2023-05") matches a predicted day in it.
            match = next((p for p in pool if p[0] == item[0] and p[1].startswith(item[1])),
                         None)
        else:
            match = item if item in pool else None
        if match is not None:
            pool.remove(match)
            hits += 1
    return hits


def evaluate_events(path: Path) -> EventScore:
    """Run the whole pipeline on each record's text (with its date) and score the events."""
    from .model import Document
    from .pipeline import Pipeline

    records = _read(path)
    docs = [Document(r["text"].encode("utf-8"), r["id"], id=r["id"],
                     content_type="text/plain; charset=utf-8",
                     meta={"date": r["date"]} if r.get("date") else {}) for r in records]
    failures: list[str] = []
    analyses = {a.article.id: a for a in Pipeline().pipe(
        docs, on_error=lambda source, reason: failures.append(f"{source}: {reason}"))}
    score = EventScore()
    score.misses += [f"failed: {f}" for f in failures]
    for record in records:
        analysis = analyses.get(record["id"])  # a failed record predicts nothing
        score.records += 1
        predicted = _tuples([asdict_event(e) for e in analysis.events] if analysis else [],
                            gold=False)
        gold = _tuples(record.get("events", []), gold=True)
        for key in EVENT_FIELDS:
            score.tp[key] += _matched(predicted[key], gold[key], key)
            score.predicted[key] += len(predicted[key])
            score.gold[key] += len(gold[key])
        if sorted(predicted["event"]) != sorted(gold["event"]):
            score.misses.append(f"{record['id']}: expected {sorted(g[0] for g in gold['event'])}"
                                f", got {sorted(p[0] for p in predicted['event'])}: "
                                f"{record['text'][:100]}")
    return score


def asdict_event(event: Event) -> dict:
    """The fields of an Event that scoring reads, in their JSON form."""
    return {"event": event.event, "mode": event.mode,
            "actor": [asdict(a) for a in event.actor],
            "recipient": [asdict(r) for r in event.recipient],
            "event_loc": event.event_loc.to_dict() if event.event_loc else None,
            "date": event.date,
            "date_basis": event.date_basis,
            "dead": event.dead, "injured": event.injured, "arrested": event.arrested,
            "aux": event.aux}
