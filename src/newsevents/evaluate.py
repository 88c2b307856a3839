"""Accuracy against gold files: ``newsevents evaluate actors|places|events|stories GOLD.jsonl``
and ``newsevents evaluate labelled`` (docs/EVALUATION.md says what each measure means).

Gold schemas (one JSON object per line):
- actors: text, context, date, code, sector, name (null for generic agents), patron (optional),
  note (category)
- places: text, context (ISO alpha-3 list), country_code, lat, lon, max_km, note
- events: id, date, text, events (event, mode, actor, recipient, country, date, aux, dead,
  injured, arrested)
- stories: row (of NGEC's synthetic_events.csv, given with --stories-csv), label, split,
  date, events (as for events, plus attribution "CODE SECTOR" or null); no story text
"""

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
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
# The story gold also names who asserts each event ("CODE SECTOR" or null).
STORY_FIELDS = (*EVENT_FIELDS, "attribution")
# One-to-one matches of whole records: category + actor codes + recipient codes + location
# country (the codes compared as sets).
EXACT = "exact"
THRESHOLDS = tuple(i / 10 for i in range(10))  # 0.0 .. 0.9
BINS = 10


@dataclass(slots=True)
class Bin:
    """One confidence bin of the reliability table: [low, high), the last one closed."""

    low: float
    high: float
    count: int
    confidence: float | None  # mean confidence of its events (None when empty)
    precision: float | None  # share of its events that are correct (None when empty)


@dataclass(slots=True)
class EventScore:
    """Precision/recall/F1 per field over (category, value) tuples, summed over records, the
    exact-record match under ``EXACT``, and for calibration each predicted event's confidence
    with whether it is correct (its category matched one-to-one to a gold event)."""

    records: int = 0
    tp: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    predicted: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    gold: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    misses: list[str] = field(default_factory=list)
    scored: list[tuple[float, bool]] = field(default_factory=list)  # (confidence, correct)
    warnings: list[str] = field(default_factory=list)  # about the gold itself

    def prf(self, key: str) -> tuple[float, float, float]:
        return _prf(self.tp[key], self.predicted[key], self.gold[key])

    def reliability(self, bins: int = BINS) -> list[Bin]:
        """Equal-width confidence bins: count, mean confidence and observed precision."""
        members: list[list[tuple[float, bool]]] = [[] for _ in range(bins)]
        for confidence, correct in self.scored:
            members[min(int(confidence * bins), bins - 1)].append((confidence, correct))
        return [Bin(i / bins, (i + 1) / bins, len(m),
                    sum(c for c, _ in m) / len(m) if m else None,
                    sum(ok for _, ok in m) / len(m) if m else None)
                for i, m in enumerate(members)]

    def ece(self, bins: int = BINS) -> float:
        """Expected calibration error: the count-weighted mean of |precision - confidence|
        over the bins (0 when nothing was predicted)."""
        total = len(self.scored)
        return sum(b.count / total * abs(b.precision - b.confidence)
                   for b in self.reliability(bins) if b.count) if total else 0.0

    def at_threshold(self, threshold: float) -> tuple[float, float, float]:
        """Category precision/recall/F1 when only events with confidence >= ``threshold`` are
        output. (Matches go to the most confident events first, so a kept event is correct
        exactly when it was correct at threshold 0.)"""
        kept = [ok for confidence, ok in self.scored if confidence >= threshold - 1e-9]
        return _prf(sum(kept), len(kept), self.gold["event"])


def _prf(tp: int, predicted: int, gold: int) -> tuple[float, float, float]:
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _country(e: dict, gold: bool) -> str | None:
    return e.get("country") if gold else (e.get("event_loc") or {}).get("country_code")


def _party(party) -> str | None:
    """"CODE SECTOR" (or "CODE") of an attribution's actor (a Party or its dict); None for
    nobody."""
    if not party:
        return None
    if not isinstance(party, dict):
        party = asdict(party)
    words = " ".join(w for w in (party.get("code"), party.get("sector")) if w)
    return words or None


def _tuples(events: list[dict], gold: bool) -> dict[str, list[tuple]]:
    out: dict[str, list[tuple]] = {key: [] for key in STORY_FIELDS}
    for e in events:
        cat = e["event"]
        out["event"].append((cat,))
        out["mode"].append((cat, e.get("mode") or ""))
        for a in e.get("actor") or []:
            out["actor code"].append((cat, a.get("code")))
            out["actor sector"].append((cat, a.get("code"), a.get("sector")))
        for r in e.get("recipient") or []:
            out["recipient"].append((cat, r.get("code")))
        if country := _country(e, gold):
            out["location country"].append((cat, country))
        if e.get("date") and (gold or e.get("date_basis") == "text"):
            out["date"].append((cat, e["date"]))  # a default publication date is no claim
        for kind in ("dead", "injured", "arrested"):
            if e.get(kind) is not None:
                out["counts"].append((cat, kind, int(e[kind])))
        for aux in e.get("aux") or []:
            out["aux"].append((cat, aux))
        said = e.get("attribution") if gold else _party((e.get("attribution") or {}).get("actor"))
        if said:
            out["attribution"].append((cat, " ".join(said.split())))
    return out


def _exact_key(e: dict, gold: bool) -> tuple:
    def codes(parties) -> frozenset:
        return frozenset(p["code"] for p in parties or [] if p.get("code"))

    return e["event"], codes(e.get("actor")), codes(e.get("recipient")), _country(e, gold)


def exact_matches(predicted: list[dict], gold: list[dict]) -> int:
    """Predicted events matched one-to-one to gold events of the same record with the same
    category, actor codes, recipient codes and location country."""
    pred = Counter(_exact_key(e, False) for e in predicted)
    return sum((pred & Counter(_exact_key(e, True) for e in gold)).values())


def category_correct(predicted: list[dict], gold: list[dict]) -> list[tuple[float, bool]]:
    """(confidence, correct) for each predicted event of a record: correct when a gold event
    of its category is left for it, the most confident predictions matched first."""
    left = Counter(e["event"] for e in gold)
    out = []
    for e in sorted(predicted, key=lambda e: -e["confidence"]):
        correct = left[e["event"]] > 0
        left[e["event"]] -= correct
        out.append((e["confidence"], correct))
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


def _analyse(records: list[dict]) -> tuple[dict, list[str]]:
    """The whole pipeline on each record's ``text`` (with its ``date``, if any), by ``id``;
    and the records that failed."""
    from .model import Document
    from .pipeline import Pipeline

    docs = [Document(r["text"].encode("utf-8"), r["id"], id=r["id"],
                     content_type="text/plain; charset=utf-8",
                     meta={"date": r["date"]} if r.get("date") else {}) for r in records]
    failures: list[str] = []
    analyses = {a.article.id: a for a in Pipeline().pipe(
        docs, on_error=lambda source, reason: failures.append(f"{source}: {reason}"))}
    return analyses, failures


def score_records(records: list[dict], fields: tuple[str, ...] = EVENT_FIELDS) -> EventScore:
    """Run the pipeline on each record (``id``, ``text``, ``date``, gold ``events``) and score
    its events against the gold: ``fields``, the exact-record match and calibration."""
    analyses, failures = _analyse(records)
    score = EventScore()
    score.misses += [f"failed: {f}" for f in failures]
    for record in records:
        analysis = analyses.get(record["id"])  # a failed record predicts nothing
        score.records += 1
        events = [asdict_event(e) for e in analysis.events] if analysis else []
        gold_events = record.get("events", [])
        predicted, gold = _tuples(events, gold=False), _tuples(gold_events, gold=True)
        for key in fields:
            score.tp[key] += _matched(predicted[key], gold[key], key)
            score.predicted[key] += len(predicted[key])
            score.gold[key] += len(gold[key])
        score.tp[EXACT] += exact_matches(events, gold_events)
        score.predicted[EXACT] += len(events)
        score.gold[EXACT] += len(gold_events)
        score.scored += category_correct(events, gold_events)
        if sorted(predicted["event"]) != sorted(gold["event"]):
            score.misses.append(f"{record['id']}: expected {sorted(g[0] for g in gold['event'])}"
                                f", got {sorted(p[0] for p in predicted['event'])}: "
                                f"{record['text'][:100]}")
    return score


def evaluate_events(path: Path, split: str | None = None) -> EventScore:
    """Run the whole pipeline on each record's text (with its date) and score the events.
    ``split`` keeps the records of that split (the number in the id, mod 3)."""
    records = _read(path)
    if split is not None:
        records = [r for r in records if record_split(r["id"]) == split]
    return score_records(records, EVENT_FIELDS)


def record_split(record_id: str) -> str:
    """The split of a sentence gold record, by the number in its id ("s042": 42 % 3 ->
    train, dev, test), fixed before any tuning."""
    digits = "".join(ch for ch in record_id if ch.isdigit())
    return ("train", "dev", "test")[int(digits or 0) % 3]


# -- NGEC's synthetic stories ----------------------------------------------------------------

# Third-party stories (NGEC, MIT): the caller names the CSV; it is read by row, never copied
# into the project, whose gold files hold row numbers only.
SPLITS = ("train", "dev", "test")
# Splits of the labelled check: train rows are kept for training a model.
LABELLED_SPLITS = {"dev": ("dev",), "test": ("test",), "heldout": ("dev", "test")}
# The CSV's label names that differ from the project's categories (none do today).
LABELS: dict[str, str] = {}


class MissingStories(FileNotFoundError):
    """The stories CSV is not where the caller said."""


def split_of(row: int) -> str:
    """The split of a story row (0-based), fixed before any tuning."""
    return SPLITS[row % 3]


def read_stories(path: Path) -> list[dict[str, str]]:
    """The stories CSV as ``csv.DictReader`` rows: a story's row is its index here."""
    if not path.is_file():
        raise MissingStories(f"{path} not found: --stories-csv names NGEC's "
                             "synthetic_events.csv")
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def evaluate_stories(paths: list[Path], split: str | None, csv_path: Path) -> EventScore:
    """Score the pipeline on annotated stories: each gold line names a story ``row`` of the
    CSV, its ``events`` annotated like tests/gold/events.jsonl plus ``attribution``. ``split``
    keeps the rows of that split (``row % 3``)."""
    stories = read_stories(csv_path)
    records, warnings = [], []
    for path in paths:
        for line, case in enumerate(_read(path), start=1):
            row = case["row"]
            where = f"{path.name}:{line}: row {row}"
            if not 0 <= row < len(stories):
                warnings.append(f"{where}: no such row (the CSV has {len(stories)})")
                continue
            if case.get("split") and case["split"] != split_of(row):
                warnings.append(f"{where}: split {case['split']!r}, but row % 3 makes it "
                                f"{split_of(row)!r} (the row rule is used)")
            label = LABELS.get(stories[row]["label"], stories[row]["label"])
            if case.get("label") and case["label"] != label:
                warnings.append(f"{where}: label {case['label']!r}, but the CSV says {label!r}")
            if split is None or split_of(row) == split:
                records.append({"id": f"row {row}", "text": stories[row]["text"],
                                "date": case.get("date"), "events": case.get("events", [])})
    score = score_records(records, STORY_FIELDS)
    score.warnings = warnings
    return score


@dataclass(slots=True)
class LabelScore:
    """Labelled stories whose label is among the coded categories, per label."""

    split: str
    found: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    total: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    no_events: int = 0  # stories with no event at all
    misses: list[str] = field(default_factory=list)

    @property
    def stories(self) -> int:
        return sum(self.total.values())

    def recall(self, label: str | None = None) -> float:
        found, total = ((self.found[label], self.total[label]) if label else
                        (sum(self.found.values()), self.stories))
        return found / total if total else 0.0


def spread(items: list, limit: int | None) -> list:
    """``limit`` items evenly spaced over ``items`` (the first, then every len/limit-th), in
    their order; all of them without a limit."""
    if limit is None or limit >= len(items):
        return list(items)
    return [items[i * len(items) // limit] for i in range(limit)]


def evaluate_labelled(split: str, limit: int | None, csv_path: Path) -> LabelScore:
    """Is each labelled story's category among the events coded for it? On the rows of
    ``split`` ("dev", "test" or "heldout" = both); with ``limit``, on that many of them spread
    evenly over the split (the CSV comes in blocks of 12 stories of one headline and label,
    so its first rows would be one or two categories)."""
    from .knowledge.ontology import ontology

    if split not in LABELLED_SPLITS:
        raise ValueError(f"split must be one of {', '.join(LABELLED_SPLITS)}, not {split!r}")
    chosen = [(row, story) for row, story in enumerate(read_stories(csv_path))
              if split_of(row) in LABELLED_SPLITS[split]]
    chosen = spread(chosen, limit)
    records = [{"id": f"row {row}", "text": story["text"]} for row, story in chosen]
    analyses, failures = _analyse(records)
    categories = ontology().quad
    score = LabelScore(split)
    score.misses += [f"failed: {f}" for f in failures]
    for row, story in chosen:
        label = LABELS.get(story["label"], story["label"])
        if label not in categories:
            score.misses.append(f"row {row}: label {label!r} is not a PLOVER category")
        analysis = analyses.get(f"row {row}")
        coded = sorted({e.event for e in analysis.events} if analysis else set())
        score.total[label] += 1
        score.no_events += not coded
        if label in coded:
            score.found[label] += 1
        else:
            score.misses.append(f"row {row}: {label} not among {coded}")
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
            "aux": event.aux,
            "attribution": event.attribution,
            "confidence": event.confidence}
