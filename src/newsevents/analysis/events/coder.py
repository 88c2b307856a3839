"""``code_events``: an article's English blocks -> its finished PLOVER Events, and the
candidates that fall short of one.

Per block, every trigger gets an ``EventFrame`` and a ``Draft`` that the passes fill
(arguments, then circumstances); attribution verbs look back over the block; the article's
drafts merge; then each gets its codes, place, dates, id and confidence. A finished record
with no resolved party, nor a place together with a count, is a ``Candidate``, not an event.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc

from ...knowledge.actors import actor_base, resolve_actor_in
from ...knowledge.ontology import ontology
from ...knowledge.places import gazetteer, resolve_place
from ...model import Analysis, Candidate, Event, Evidence, Mention, Party
from ..coref import quote_speakers
from ..spans import SpanIndex
from ..tree import doc_length
from .arguments import arguments, first_actor_inside, nearby_recipient, support_subject
from .circumstances import (
    Located,
    attributions,
    aux_modes,
    denied,
    location,
    mode_from_context,
    reported_by,
    single_category,
    sizes,
    time_for,
)
from .cues import coding
from .frame import Draft, EventFrame
from .merge import historical, merge_drafts
from .score import scorer
from .triggers import event_trigger


def code_events(blocks: Sequence[tuple[Doc, int, bool]], analysis: Analysis,
                mentions: Sequence[Mention], countries: Sequence[str]
                ) -> tuple[list[Event], list[Candidate]]:
    """The article's events, and its candidates (records short of an event, each with the
    reason). ``blocks`` are its English blocks as (doc, offset of the block in Article.text,
    in a caption); ``mentions`` every mention of the article (entities and pronoun mentions)
    sorted by start; ``countries`` the article's countries, most important first. Reads
    ``analysis.article``, ``times``, ``quantities`` and ``quotes``, all complete."""
    drafts: list[Draft] = []
    # Indexed by position once per article: a trigger looks only at what its phrase, clause
    # or sentence holds (spans.py), never at the whole block.
    everyone = SpanIndex(mentions)
    found = _Found(SpanIndex(analysis.times), SpanIndex(analysis.quantities),
                   SpanIndex(analysis.quotes))
    for doc, offset, in_caption in blocks:
        end = offset + doc_length(doc)
        inside = everyone.window(offset, end)
        drafts += _code_block(doc, offset, in_caption, found, inside, countries)
    # Candidates take part in merging like any draft: a headline's "talks" with no party
    # folds into the body's report that names them.
    merged = merge_drafts(drafts, analysis.article.published.date)
    # The article's country, for a party the mentions left without a code (rare: looked
    # for only when one needs it).
    uncoded = any(not p.code for d in merged for p, _ in d.actor + d.recipient)
    fallback = _article_country(countries, mentions) if uncoded else None
    events: list[Event] = []
    candidates: list[Candidate] = []
    model = scorer()
    for draft in merged:
        event = _event(draft, analysis, fallback)
        # The trained scorer's probability that the record is right (score.py); below the
        # threshold chosen on held-out data, a record is a candidate, out of the default output.
        event.confidence = round(model.of_event(event), 3)
        reason = short_of_an_event(event)
        if reason is None and event.confidence < model.threshold:
            reason = BELOW_THRESHOLD
        if reason is None:
            events.append(event)
        else:
            candidates.append(Candidate(event, reason))
    return events, candidates


# Why a record is a candidate: no party at all, or parties none of which has a code; and,
# when it has one of the two, the place without a count or the count without a place.
NO_PARTY = "no party"
NO_RESOLVED_PARTY = "no resolved party"
BELOW_THRESHOLD = "confidence below the scorer's threshold"
_PLACE_ONLY = ", place without a count"
_COUNT_ONLY = ", count without a place"
_COUNTED = ("weapons", "troops", "people")  # other counts that stand in for casualties


def short_of_an_event(event: Event) -> str | None:
    """None for an event: it has a resolved party (an actor or recipient with a code), or a
    place together with a count ("a bomb killed five people in Kabul"); else why not."""
    parties = event.actor + event.recipient
    if any(p.code for p in parties):
        return None
    counted = any(n is not None for n in (event.dead, event.injured, event.arrested)) or any(
        c.get("kind") in _COUNTED for c in event.counts)
    if event.event_loc is not None and counted:
        return None
    reason = NO_RESOLVED_PARTY if parties else NO_PARTY
    if event.event_loc is not None:
        return reason + _PLACE_ONLY
    return reason + (_COUNT_ONLY if counted else "")


def _article_country(countries: Sequence[str], mentions: Sequence[Mention]) -> str | None:
    """The country a party with no code of its own belongs to when its event has no place:
    the article's first country that is a state (not the UN or the EU) and that the article
    itself names: a place in it, a named actor of it, or an actor's own words ("Pakistani
    authorities"). Never one that only the context supplies (a word misread as a city: "Hamas"
    is not Hamm, Germany), nor one a generic actor got from that context."""
    kb = actor_base()
    named: set[str] = set()
    for m in mentions:
        if m.place is not None and m.place.country_code:
            named.add(m.place.country_code)
        actor = m.actor
        if actor is None or not actor.code or actor.code in named:
            continue
        if actor.kind not in ("agent", "office") or actor.code in kb.context_countries(m.text):
            named.add(actor.code)
    return next((c for c in countries if c in kb.countries and c in named), None)


@dataclass(frozen=True, slots=True)
class _Found:
    """The article's times, quantities and quotes, each indexed by position."""

    times: SpanIndex
    quantities: SpanIndex
    quotes: SpanIndex


def _code_block(doc: Doc, offset: int, in_caption: bool, found: _Found,
                mentions: Sequence[Mention], countries: Sequence[str]) -> list[Draft]:
    """Drafts of the events in one English block."""
    drafts = []
    # First-person words inside quotes stand for the quote's speaker ("we", "our troops").
    _, mentions = quote_speakers(doc, offset, found.quotes, mentions)
    for token in doc:
        trigger = event_trigger(token, offset, mentions, found.quotes)
        if trigger is None:
            continue
        frame = EventFrame.of(token, offset)
        taken: set[int] = set()
        draft = Draft(trigger, frame, trigger.mode, in_caption=in_caption)
        draft.actor = arguments(frame, trigger.actor, mentions, taken) or (
            support_subject(frame, mentions, taken))
        draft.recipient = arguments(frame, trigger.recipient, mentions, taken) or (
            nearby_recipient(frame, mentions, taken))
        if not draft.recipient and token.pos_ == "NOUN":
            draft.recipient = first_actor_inside(frame, mentions, taken)
        draft.aux = aux_modes(frame) | ({"negation"} if denied(frame) else set())
        draft.mode = draft.mode or mode_from_context(trigger.event, frame, mentions)
        draft.place = location(frame, mentions, countries,
                               acted_on=ontology().quad[trigger.event] == 4)
        draft.time = time_for(frame, found.times)
        sizes(draft, found.quantities)
        draft.attribution = reported_by(frame, mentions, found.quotes)
        single_category(draft)
        sentence = token.sent
        draft.reports.append((Evidence(token.text, frame.start, frame.start + len(token)),
                              Evidence(sentence.text, offset + sentence.start_char,
                                       offset + sentence.end_char)))
        drafts.append(draft)
    attributions(doc, offset, drafts, mentions)
    return drafts


def _fill_codes(draft: Draft, fallback: str | None) -> None:
    """"Police arrested 31 protesters in Lagos": police and protesters of the country where
    it happened (else of the article's main country, which the article names: see
    ``_article_country``). With neither, the party keeps no code."""
    code = (draft.place[0].country_code if draft.place else None) or fallback
    for entity, _ in draft.actor + draft.recipient:
        if not entity.code and code:
            entity.code = code


def _domestic_place(draft: Draft) -> Located | None:
    """When the text names no place: an event among one country's own actors ("police
    arrested protesters") happened in that country, and a material act done to a country
    ("shelled Ukraine") happened on its soil."""
    codes = {a.code for a, _ in draft.actor + draft.recipient}
    recipients = {r.code for r, _ in draft.recipient} - {None}
    if len(codes) == 1 and draft.actor and draft.recipient:
        code = codes.pop()
    elif ontology().quad[draft.trigger.event] == 4 and len(recipients) == 1:
        code = recipients.pop()
    else:
        return None
    name = gazetteer().country_names.get(code) if code else None
    if not name:
        return None
    place = resolve_place(name, [code])
    if place is None:
        return None
    return place, (draft.actor or draft.recipient)[0][1]


def _victims_where_it_happened(draft: Draft) -> None:
    """"Russian forces shelled Kherson, killing 10 people": the people are of the place where
    the attack happened, not of the subject's country that their mention took by default. A
    victim whose own words name a nationality ("two Saudi men") keeps it."""
    if draft.place is None or ontology().quad[draft.trigger.event] != 4:
        return
    code = draft.place[0].country_code
    kb = actor_base()
    for i, (party, evidence) in enumerate(draft.recipient):
        if code and party.code != code and party.identifier_text is None and party.sector in (
            "CVL", None
        ):
            own = resolve_actor_in(kb, party.entity_text, [])
            if own is None or own.code is None:
                draft.recipient[i] = (replace(party, code=code), evidence)


_STATE = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY"})  # the state and its arms


def _addressee(draft: Draft) -> list[tuple[Party, Evidence]]:
    """A protest or strike that names no target is addressed to the state where it takes
    place (coding.toml addressed_to_the_state; the gold follows it): "nurses in England
    walked out" is aimed at GBR GOV. The country must be named: the place's, else the
    protesters' own. The evidence is the trigger, the words that imply it."""
    if draft.trigger.event not in coding()["addressed_to_the_state"] or not draft.actor:
        return []
    code = (draft.place[0].country_code if draft.place else None) or draft.actor[0][0].code
    name = gazetteer().country_names.get(code) if code else None
    if not name or any(a.code == code and a.sector in _STATE for a, _ in draft.actor):
        return []  # nobody to address, or the state (its police, its army) acting itself
    return [(Party(code, "GOV", name), draft.reports[0][0])]


def _event(draft: Draft, analysis: Analysis, fallback_country: str | None) -> Event:
    onto = ontology()
    article = analysis.article
    _fill_codes(draft, fallback_country)
    draft.place = draft.place or _domestic_place(draft)
    if not draft.recipient:
        draft.recipient = _addressee(draft)
    _victims_where_it_happened(draft)
    trigger, sentence = draft.reports[0]
    aux = sorted((draft.aux - {"anaphoric"}) | (
        {"historical"} if historical(draft, article.published.date) else set()))
    date, enddate, granularity = _dates(draft, article.published.date, aux)
    basis = "text" if draft.time is not None and draft.time.date else (
        "publication" if date else None)
    if basis == "text" and date and date != article.published.date:
        # A person's office is the one held on the event's day, not the publication's:
        # "in 2005, Prime Minister X ..." is GOV then, though ELI when the story ran.
        draft.actor = [(_as_of(p, date), e) for p, e in draft.actor]
        draft.recipient = [(_as_of(p, date), e) for p, e in draft.recipient]
    evidence: dict[str, list[Evidence]] = {"trigger": [t for t, _ in draft.reports],
                                           "sentence": [s for _, s in draft.reports]}
    if draft.actor:
        evidence["actor"] = [e for _, e in draft.actor]
    if draft.recipient:
        evidence["recipient"] = [e for _, e in draft.recipient]
    if draft.place:
        evidence["event_loc"] = [draft.place[1]]
    if draft.time:
        evidence["date"] = [Evidence(draft.time.text, draft.time.start, draft.time.end)]
    for kind, (_, ev) in draft.sizes.items():
        evidence[kind] = [ev]
    if draft.attribution:
        a = draft.attribution
        evidence["attribution"] = [Evidence(a["text"], a["start"], a["end"])]
    event, mode = draft.trigger.event, draft.mode
    if event == "CONSULT" and not mode and len(draft.actor) + len(draft.recipient) >= 3:
        mode = "multilateral"  # three or more parties at one table
    if event == "CONSULT":  # reciprocal: every party is an actor, none a recipient
        names = {a.identifier_text or a.entity_text for a, _ in draft.actor}
        draft.recipient = [r for r in draft.recipient
                           if (r[0].identifier_text or r[0].entity_text) not in names]
    digest = hashlib.sha256(f"{article.id}|{event}|{trigger.start}".encode()).hexdigest()[:16]
    return Event(
        id=digest, doc_id=article.id, event=event, mode=mode,
        context=sorted(set(draft.trigger.context)), aux=aux,
        actor=[a for a, _ in draft.actor], recipient=[r for r, _ in draft.recipient],
        event_loc=draft.place[0] if draft.place else None,
        date=date, enddate=enddate, granularity=granularity, date_basis=basis,
        dead=draft.sizes.get("dead", (None,))[0], injured=draft.sizes.get("injured", (None,))[0],
        arrested=draft.sizes.get("arrested", (None,))[0], counts=draft.counts,
        attribution=draft.attribution, trigger=trigger, sentence=sentence, evidence=evidence,
        mentions=len(draft.reports), in_caption=draft.in_caption,
        confidence=0.0,  # the scorer's, once the record is whole (code_events)
        cameo=onto.cameo_code(event, mode), quad_code=onto.quad[event],
        event_scale=onto.event_scale(event, mode),
    )


def _as_of(party: Party, day: str) -> Party:
    """A named person's code and sector on ``day`` (the words of the mention first, which
    may say "former"; a pronoun's antecedent by its canonical name)."""
    if party.identifier_text is None:
        return party
    kb = actor_base()
    context = [party.code] if party.code else []
    for text in (party.entity_text, party.identifier_text):
        actor = resolve_actor_in(kb, text, context, day)
        if actor is not None and actor.name == party.identifier_text:
            if actor.kind != "person":
                return party
            return replace(party, code=actor.code, sector=actor.sector,
                           other_sectors=actor.other_sectors)
    return party


def _dates(draft: Draft, published: str | None,
           aux: list[str]) -> tuple[str | None, str | None, str | None]:
    """When it happened: its own time expression; a deadline closes a future event; an event
    with no time of its own happened on the publication date, unless it is history."""
    t = draft.time
    if t is not None and t.date:
        if t.deadline or ("future" in aux and t.granularity == "day" and not t.enddate):
            return published, t.date, "day"
        return t.date, t.enddate, t.granularity
    if "historical" in aux:
        return None, None, None
    return published, None, "day" if published else None
