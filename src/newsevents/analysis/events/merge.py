"""Reports of one event within an article become one draft: same-event judgement, outcome
clauses that elaborate an event, anaphoric reports, and history."""

from __future__ import annotations

import heapq
from bisect import insort
from collections.abc import Iterator, Sequence
from datetime import date as Date

from .arguments import Argument
from .frame import Draft

HISTORICAL_DAYS = 365  # an event this long before publication is told as history
MERGE_REACH = 100  # earlier events of the same key a report is compared with (huge documents)


def _codes(arguments: list[Argument]) -> frozenset[str]:
    return frozenset(a.code for a, _ in arguments if a.code)


def _names(arguments: list[Argument]) -> frozenset[str]:
    return frozenset(a.identifier_text for a, _ in arguments if a.identifier_text)


def _compatible(a: frozenset[str], b: frozenset[str]) -> bool:
    return not a or not b or a == b


def same_event(a: Draft, b: Draft) -> bool:
    """Two reports of one event: same category and mode, no negation disagreement, the same
    parties (one side may leave some out), and no clash of place or date."""
    if a.trigger.event != b.trigger.event or ("negation" in a.aux) != ("negation" in b.aux):
        return False
    if "anaphoric" in b.aux:
        return True
    if a.mode and b.mode and a.mode != b.mode:
        return False
    if a.trigger.event == "CONSULT":  # reciprocal: the parties, in either role
        parties_a = _names(a.actor) | _names(a.recipient)
        parties_b = _names(b.actor) | _names(b.recipient)
        return len(parties_a & parties_b) >= 2 or (bool(parties_a & parties_b) and (
            min(len(parties_a), len(parties_b)) == 1))
    actors = (_codes(a.actor), _codes(b.actor))
    recipients = (_codes(a.recipient), _codes(b.recipient))
    victims = (_names(a.recipient), _names(b.recipient))
    if not (_compatible(*actors) and _compatible(*recipients) and _compatible(*victims)):
        return False
    shared = (actors[0] and actors[0] == actors[1]) or (
        recipients[0] and recipients[0] == recipients[1])
    if not shared:
        return False
    if a.place and b.place and a.place[0].resolved_place != b.place[0].resolved_place:
        return False
    dates = (a.time.date if a.time else None, b.time.date if b.time else None)
    return not (dates[0] and dates[1] and dates[0][:7] != dates[1][:7])


def elaborates(head: Draft, part: Draft) -> bool:
    """"air strikes ..., killing eight civilians": a participle clause of an event that tells
    its outcome is the same event."""
    token, trigger = part.token, head.token
    if head.trigger.event != part.trigger.event or token.tag_ not in ("VBG", "VBN") or (
        token.dep_ not in ("advcl", "xcomp", "acl")
    ):
        return False
    if token.doc is not trigger.doc or token.sent != trigger.sent:
        return False
    # Its verb in the head's phrase (the head or below it), or the head's own head.
    governor = token.head
    return governor.i in (trigger.i, trigger.head.i) or trigger.is_ancestor(governor)


def merge(into: Draft, other: Draft) -> None:
    """Fold ``other``'s report, parties and circumstances into ``into``."""
    into.reports += other.reports
    for name in ("actor", "recipient"):
        known = {(a.code, a.identifier_text) for a, _ in getattr(into, name)}
        for item in getattr(other, name):
            if (item[0].code, item[0].identifier_text) not in known:
                getattr(into, name).append(item)
    into.aux |= other.aux - {"anaphoric"}
    into.place = into.place or other.place
    into.time = into.time or other.time
    for kind, value in other.sizes.items():
        into.sizes.setdefault(kind, value)
    into.counts += [c for c in other.counts if c not in into.counts]
    into.attribution = into.attribution or other.attribution
    into.in_caption = into.in_caption and other.in_caption


def historical(draft: Draft, published: str | None) -> bool:
    """Told as history: a since-clause, or a date long before publication."""
    if "historical" in draft.aux:
        return True
    if draft.time and draft.time.date and published:
        return (Date.fromisoformat(published) - Date.fromisoformat(draft.time.date)).days > (
            HISTORICAL_DAYS)
    return False


class _Candidates:
    """The merged drafts a new draft can be the same event as, found by key rather than by a
    scan of every event so far (which made an article's merge quadratic): ``same_event``
    needs the category and negation, and shared actor codes, recipient codes or (CONSULT)
    a shared party; ``elaborates`` needs the category and the sentence. A merged draft is
    filed again under its keys after each merge into it (its parties and modes grow). The
    candidates come in the order the drafts were merged, so the first that matches is the
    one a scan of all of them finds."""

    def __init__(self) -> None:
        self.buckets: dict[tuple, list[tuple[int, int]]] = {}  # key -> [(position, id)]
        self.filed: set[tuple[tuple, int]] = set()
        self.drafts: dict[int, tuple[int, Draft]] = {}  # id -> (position, draft)

    @staticmethod
    def _keys(draft: Draft, anaphoric: bool = False) -> list[tuple]:
        base = (draft.trigger.event, "negation" in draft.aux)
        # Its sentence: where its first report's sentence starts in Article.text.
        keys = [(draft.trigger.event, "sentence", draft.reports[0][1].start)]
        if anaphoric:
            return [base, *keys]
        if draft.trigger.event == "CONSULT":
            keys += [(*base, "party", n) for n in _names(draft.actor) | _names(draft.recipient)]
        else:
            keys += [(*base, "actor", _codes(draft.actor)),
                     (*base, "recipient", _codes(draft.recipient))]
        return [k for k in keys if k[-1] or k[1] == "sentence"]

    def add(self, draft: Draft, position: int | None = None) -> None:
        if position is not None:
            self.drafts[id(draft)] = (position, draft)
        position = self.drafts[id(draft)][0]
        for key in [(draft.trigger.event, "negation" in draft.aux), *self._keys(draft)]:
            if (key, id(draft)) not in self.filed:
                self.filed.add((key, id(draft)))
                insort(self.buckets.setdefault(key, []), (position, id(draft)))

    def for_draft(self, draft: Draft) -> Iterator[Draft]:
        """The candidates in merge order, lazily: the first match ends the search. Only the
        latest MERGE_REACH of each key are looked at: in a huge document the reports of one
        event are near each other, and the merge stays linear."""
        lists = [self.buckets.get(key, [])[-MERGE_REACH:]
                 for key in self._keys(draft, "anaphoric" in draft.aux)]
        last = None
        for position, ident in heapq.merge(*lists):
            if position != last:
                last = position
                yield self.drafts[ident][1]


def merge_drafts(drafts: Sequence[Draft], published: str | None) -> list[Draft]:
    """The article's drafts with the reports of one event merged; anaphoric reports fold into
    what they refer back to. An event dated only relative to a historical one ("two days
    later") is historical too."""
    merged: list[Draft] = []
    index = _Candidates()
    for draft in drafts:
        same = next((m for m in index.for_draft(draft)
                     if same_event(m, draft) or elaborates(m, draft)), None)
        if same is not None:
            merge(same, draft)
            index.add(same)  # its parties may have grown
        elif "anaphoric" not in draft.aux:
            index.add(draft, len(merged))
            merged.append(draft)
    historical_sentences = {sentence.start for d in merged if historical(d, published)
                            for _, sentence in d.reports}
    for d in merged:
        if d.time and d.time.anchor == "relative" and any(
            sentence.start in historical_sentences for _, sentence in d.reports
        ):
            d.aux.add("historical")
    return merged
