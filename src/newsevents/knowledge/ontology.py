"""The PLOVER ontology (categories, modes, contexts, quad classes, scores), the CAMEO
crosswalk and the trigger lexicon, from data/plover/ (derived from the PLOVER manual and its
CAMEO crosswalk: Open Event Data Alliance, CC BY-SA 4.0)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from .loader import KnowledgeError, load


@dataclass(frozen=True, slots=True)
class Trigger:
    """A word that reports an event, and where its actor and recipient are in the parse."""

    lemma: str
    pos: str  # VERB or NOUN
    event: str | None  # None: a "not an event" reading ("charge passengers a fee")
    mode: str
    context: tuple[str, ...]
    actor: tuple[str, ...]  # nsubj, nsubjpass, agent, dobj, poss, compound, amod, prep:X
    recipient: tuple[str, ...]
    object: tuple[str, ...] | None  # lemmas the object must have ("@place": a place)
    particle: str | None
    governor: str | None = None  # the word the trigger must hang on ("in" the presence of)


@dataclass(frozen=True, slots=True)
class Ontology:
    quad: dict[str, int]
    score: dict[str, float]
    mode_score: dict[tuple[str, str], float]
    contexts: frozenset[str]
    cameo: dict[tuple[str, str], str]  # (event, mode) -> the most general CAMEO code
    triggers: dict[tuple[str, str], list[Trigger]]  # (lemma, pos) -> triggers

    def event_scale(self, event: str, mode: str) -> float:
        return self.mode_score.get((event, mode), self.score[event])

    def cameo_code(self, event: str, mode: str) -> str | None:
        return self.cameo.get((event, mode)) or self.cameo.get((event, ""))


@cache
def ontology() -> Ontology:
    raw = load("plover/ontology.toml")
    categories = raw["categories"]
    cameo: dict[tuple[str, str], str] = {}
    for cell in load("plover/cameo_crosswalk.tsv"):
        code, event, mode = cell["cameo"], cell["event"], cell["mode"]
        key = (event, raw.get("crosswalk_modes", {}).get(mode, mode))
        # The shortest code is the most general ("18" before "180"). Among equals, a mode's
        # later code is the completed act ("186 assassinate" after "185 attempt to").
        if event in categories and (key not in cameo or len(code) < len(cameo[key]) or (
            len(code) == len(cameo[key]) and key[1]
        )):
            cameo[key] = code
    triggers: dict[tuple[str, str], list[Trigger]] = defaultdict(list)
    contexts = frozenset(raw["contexts"]["general"])
    for line, row in enumerate(load("plover/triggers.jsonl"), start=1):  # missing: an error
        # The lexicon speaks the ontology's language: a typo in a category, mode or context
        # would code events that PLOVER does not have.
        unknown = (set(row.get("context", [])) - contexts) or (
            {row["event"]} - set(categories) - {None}) or (
            {row["mode"]} - set(categories[row["event"]]["modes"]) - {""}
            if row.get("mode") and row["event"] else set())
        if unknown:
            raise KnowledgeError(f"plover/triggers.jsonl: line {line}: not in the PLOVER "
                                 f"ontology (plover/ontology.toml): {sorted(unknown)}")
        trigger = Trigger(
            row["lemma"].lower(), row["pos"], row["event"], row.get("mode", ""),
            tuple(row.get("context", [])), tuple(row.get("actor", [])),
            tuple(row.get("recipient", [])),
            tuple(o.lower() for o in row["object"]) if row.get("object") else None,
            row.get("particle") or None, row.get("governor") or None)
        triggers[(trigger.lemma, trigger.pos)].append(trigger)
    return Ontology(
        quad={name: c["quad"] for name, c in categories.items()},
        score={name: c["score"] for name, c in categories.items()},
        mode_score={(name, mode): value for name, c in categories.items()
                    for mode, value in c["modes"].items()},
        contexts=contexts,
        cameo=cameo,
        triggers=dict(triggers),
    )
