"""Reports of one event within an article become one draft: same-event judgement, outcome
clauses that elaborate an event, anaphoric reports, and history."""

from __future__ import annotations

import heapq
from bisect import insort
from collections.abc import Iterator, Sequence
from datetime import date as Date

from ...knowledge.places import COUNTRY
from ...model import Party, Place
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
    return _same_where_and_when(a, b)


def _within(a: Place, b: Place) -> bool:
    """One inside the other's country ("eastern Congo", "North Kivu")."""
    return bool(a.country_code) and a.country_code == b.country_code and (
        COUNTRY in (a.resolution, b.resolution))


def _same_where_and_when(a: Draft, b: Draft, loose: bool = False) -> bool:
    """No clash of place or date. Two body reports must name the same place; a headline,
    which names the country where the body names the town, may name the town's country
    (``loose``)."""
    if a.place and b.place and a.place[0].resolved_place != b.place[0].resolved_place and (
        not (loose and _within(a.place[0], b.place[0]))
    ):
        return False
    dates = (a.time.date if a.time else None, b.time.date if b.time else None)
    return not (dates[0] and dates[1] and dates[0][:7] != dates[1][:7])


def tells_headline(body: Draft, headline: Draft) -> bool:
    """A headline names the article's event in few words ("Militia attack ... kills at least
    22"): it is the body's report of the same category whose parties do not clash with it,
    at a place and date that do not clash either; it need not share a party."""
    if body.trigger.event != headline.trigger.event or (
        ("negation" in body.aux) != ("negation" in headline.aux)
    ):
        return False
    if body.mode and headline.mode and body.mode != headline.mode:
        return False
    if not (_compatible(_codes(body.actor), _codes(headline.actor))
            and _compatible(_codes(body.recipient), _codes(headline.recipient))):
        return False
    return _same_where_and_when(body, headline, loose=True)


def elaborates(head: Draft, part: Draft) -> bool:
    """"air strikes ..., killing eight civilians": a participle clause of an event that tells
    its outcome is the same event; so is a verb of the same category whose subject is the
    event ("the attack killed 22")."""
    token, trigger = part.token, head.token
    if head.trigger.event != part.trigger.event:
        return False
    if token.doc is not trigger.doc or token.sent != trigger.sent:
        return False
    if any(c.i == trigger.i and c.dep_ == "nsubj" for c in token.children):
        return True  # "the attack killed 22": what the attack did
    if token.tag_ not in ("VBG", "VBN") or token.dep_ not in ("advcl", "xcomp", "acl"):
        return False
    # Its verb in the head's phrase (the head or below it), or the head's own head.
    governor = token.head
    return governor.i in (trigger.i, trigger.head.i) or trigger.is_ancestor(governor)


def _same_party(a: Party, b: Party) -> bool:
    """The same code and name; a party whose code is not known yet ("the market town", of
    the event's country) is the same as one of its sector with a code."""
    if a.identifier_text != b.identifier_text:
        return False
    if a.code == b.code:
        return True
    return (a.code is None or b.code is None) and a.sector == b.sector


def merge(into: Draft, other: Draft) -> None:
    """Fold ``other``'s report, parties and circumstances into ``into``."""
    into.reports += other.reports
    for name in ("actor", "recipient"):
        parties = getattr(into, name)
        for item in getattr(other, name):
            same = next((i for i, (p, _) in enumerate(parties) if _same_party(item[0], p)),
                        None)
            if same is None:
                parties.append(item)
            elif parties[same][0].code is None and item[0].code:
                parties[same] = item  # the report that says whose it is
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


def _in_headline(draft: Draft, headline: Sequence[int]) -> bool:
    return all(headline[0] <= t.start < headline[1] for t, _ in draft.reports)


def headline_of(drafts: Sequence[Draft]) -> tuple[int, int] | None:
    """Where the headline is, when the coder does not say: the article's first block, when
    it is one line in headline style (one sentence, no closing full stop) and the article
    has a body after it."""
    first = next((d for d in drafts if d.frame.offset == 0), None)
    if first is None or not any(d.frame.doc is not first.frame.doc for d in drafts):
        return None
    doc = first.frame.doc
    text = doc.text.rstrip()
    if not text or "\n" in text or text[-1] in ".!?:;\"'”’" or len(list(doc.sents)) > 1:
        return None
    return 0, len(text)


def _fold_headline(merged: list[Draft], headline: Sequence[int]) -> list[Draft]:
    """Each draft told only in the headline joins the first body draft that tells it."""
    kept = []
    for draft in merged:
        if _in_headline(draft, headline):
            body = next((m for m in merged if not _in_headline(m, headline)
                         and tells_headline(m, draft)), None)
            if body is not None:
                merge(body, draft)
                continue
        kept.append(draft)
    return kept


def merge_drafts(drafts: Sequence[Draft], published: str | None,
                 headline: Sequence[int] | None = None) -> list[Draft]:
    """The article's drafts with the reports of one event merged; anaphoric reports fold into
    what they refer back to. An event dated only relative to a historical one ("two days
    later") is historical too. ``headline`` is the title's [start, end] in Article.text (by
    default ``headline_of`` the drafts): an event of the headline that no body report
    matches by party folds into the first body report it does not clash with
    (``tells_headline``), as one more report of it."""
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
    headline = headline if headline is not None else headline_of(drafts)
    if headline:
        merged = _fold_headline(merged, headline)
    historical_sentences = {sentence.start for d in merged if historical(d, published)
                            for _, sentence in d.reports}
    for d in merged:
        if d.time and d.time.anchor == "relative" and any(
            sentence.start in historical_sentences for _, sentence in d.reports
        ):
            d.aux.add("historical")
    return merged
