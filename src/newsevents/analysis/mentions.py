"""Mentions of actors and places in the text, each resolved against the knowledge base.

English blocks: spaCy's entities (with the titles and nationalities in front of a name) and
the noun phrases whose head is an agent noun or a title ("US combat troops", "the prime
minister", "pro-Iranian armed groups", "the head of the Iraqi government"). Other languages:
a dictionary scan of capitalised words against the actor base and the gazetteer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from ..knowledge.actors import ActorBase, actor_base, resolve_actor_in
from ..knowledge.normalize import fold
from ..knowledge.places import COUNTRY, gazetteer, resolve_place
from ..model import Actor, Mention

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
ACTOR_LABELS = frozenset({"PERSON", "ORG"})
# Before a place: "in Split", "near Nice"; "of" only after a place noun ("the port of Muscat").
_LOCATIVE = frozenset({"in", "at", "near", "from", "to", "into", "outside", "inside", "across",
                       "around", "toward", "towards", "via", "through", "throughout",
                       "between", "within", "off", "outskirts"})
_PLACE_NOUNS = frozenset({"port", "city", "town", "capital", "village", "outskirts", "centre",
                          "center", "streets", "harbour", "harbor", "province", "region",
                          "suburbs", "district", "airport", "coast"})
_CAPITALISED = re.compile(r"[A-ZÀ-Þ][\w'’-]*(?:\s+(?:de\s+|al-|el-)?[A-ZÀ-Þ][\w'’-]*){0,3}")


@dataclass(slots=True)
class Context:
    """What resolution knows about the article: its countries and its date."""

    countries: list[str]
    day: str | None
    agents: dict[str, str] = field(default_factory=dict)  # agent noun -> last nationality seen


def _phrase_start(doc: Doc, ent: Span) -> int:
    """Take in the titles and nationality before a name: "US President Joe Biden"."""
    start = ent.start
    while start > 0:
        prev = doc[start - 1]
        if prev.dep_ in ("compound", "amod", "nmod") and prev.head.i >= start and (
            prev.pos_ in ("PROPN", "ADJ", "NOUN")
        ):
            start -= 1
        else:
            break
    return start


def _chunk_span(doc: Doc, chunk: Span) -> tuple[int, int]:
    """A noun phrase with what completes its meaning: "the head of the Iraqi government",
    "Shiite militias allied with Tehran"."""
    start, end = chunk.start, chunk.end
    while start < end and (doc[start].pos_ in ("DET", "NUM") or doc[start].is_quote) or (
        start < end and doc[start].lower_ in ("another", "other", "some")
    ):
        start += 1
    root = chunk.root
    kb = actor_base()  # "of" heads and patron cues: data/actors/agents.toml
    if root.lemma_.lower() in kb.of_heads:
        for child in root.rights:
            if child.dep_ == "prep" and child.lower_ == "of":
                end = max(end, child.right_edge.i + 1)
    # The next few tokens only: Doc.text rebuilds the whole text on every call.
    following = doc[end - 1 : end + 8] if end else None
    tail = kb.patron_tail.match(following.text_with_ws[len(doc[end - 1].text):]) if end else None
    if tail:
        stop = doc[end - 1].idx + len(doc[end - 1]) + tail.end()
        while end < len(doc) and doc[end].idx < stop:
            end += 1
    return start, end


def _place_signal(doc: Doc, start: int, end: int, ctx: Context) -> bool:
    """Whether the text says a place is meant: a locative preposition before the name ("in
    Split", "the port of Muscat") or a country after it ("Nice, France")."""
    if start > 0:
        prev = doc[start - 1]
        if prev.lower_ in _LOCATIVE:
            return True
        if prev.lower_ == "of" and start > 1 and doc[start - 2].lower_ in _PLACE_NOUNS:
            return True
    if end + 1 < len(doc) and doc[end].text == ",":
        after = doc[end + 1 : end + 4]
        for n in range(len(after), 0, -1):
            found = resolve_place(after[:n].text)
            if found is not None and found.resolution == COUNTRY:
                return True
    return False


def _person_or_place(doc: Doc, ent: Span, start: int, ctx: Context):
    """A PERSON/ORG name that is also a city ("Muscat", "Jordan"): a title or a given name in
    front makes a person; the article's countries or a locative preposition make a place."""
    if start != ent.start or len(ent) != 1 or ent.label_ != "PERSON":
        return None
    signal = _place_signal(doc, ent.start, ent.end, ctx)
    place = resolve_place(ent.text, ctx.countries, signal)
    if place is None or place.resolution == COUNTRY:
        return None
    if signal or place.country_code in ctx.countries:
        return place
    return None


def _metonym(kb: ActorBase, text: str) -> Actor | None:
    found = kb.metonyms.get(fold(text))
    return Actor(found[0], found[1], None, "metonym", fold(text)) if found else None


def english_mentions(doc: Doc, offset: int, ctx: Context) -> list[Mention]:
    """Mentions in one English block (``offset``: where the block starts in Article.text)."""
    kb = actor_base()
    mentions: list[Mention] = []
    covered: set[int] = set()
    for ent in doc.ents:
        if ent.label_ in ACTOR_LABELS:
            start = _phrase_start(doc, ent)
            place = _person_or_place(doc, ent, start, ctx)
            if place is not None:
                mentions.append(Mention(ent.text, offset + ent.start_char,
                                        offset + ent.end_char, "GPE", None, place))
                covered.update(range(ent.start, ent.end))
                continue
            span = doc[start : ent.end]
            actor = resolve_actor_in(kb, span.text, ctx.countries, ctx.day)
            if actor is None and start != ent.start:
                actor = resolve_actor_in(kb, ent.text, ctx.countries, ctx.day)
            mentions.append(Mention(span.text, offset + span.start_char, offset + span.end_char,
                                    ent.label_, actor))
            covered.update(range(start, ent.end))
        elif ent.label_ in PLACE_LABELS:
            signal = _place_signal(doc, ent.start, ent.end, ctx)
            place = resolve_place(ent.text, ctx.countries, signal)
            actor = None
            if place is None or place.resolution == COUNTRY or fold(ent.text) in kb.metonyms:
                actor = resolve_actor_in(kb, ent.text, ctx.countries, ctx.day)
            if (actor is not None and actor.kind == "person" and place is not None
                    and place.resolution != COUNTRY and _phrase_start(doc, ent) == ent.start
                    and (signal or place.country_code in ctx.countries)):
                # "Muscat" in an Oman story: the city (or its government), not Joseph Muscat.
                actor = _metonym(kb, ent.text)
            if place or actor:
                mentions.append(Mention(ent.text, offset + ent.start_char, offset + ent.end_char,
                                        ent.label_, actor, place))
    # An agent without a nationality ("soldiers") belongs to the country of the sentence's
    # subject or of the last agent that had one ("US combat troops ... soldiers").
    last_code: dict[int, str] = {}  # sentence start -> code
    for m in mentions:
        if m.actor and m.actor.code and m.label in PLACE_LABELS:
            token = doc.char_span(m.start - offset, m.end - offset, alignment_mode="expand")
            if token is not None and token.root.dep_ in ("nsubj", "nsubjpass"):
                last_code.setdefault(token.root.sent.start, m.actor.code)
    for chunk in doc.noun_chunks:
        if not _names_an_agent(kb, chunk):
            continue
        if chunk.root.i in covered:
            continue
        start, end = _chunk_span(doc, chunk)
        if start >= end:
            continue
        span = doc[start:end]
        sentence = chunk.root.sent.start
        countries = ctx.countries
        if sentence in last_code:
            countries = [last_code[sentence], *countries]
        actor = resolve_actor_in(kb, span.text, countries, ctx.day)
        if actor is None or actor.kind == "nationality":
            continue
        if actor.code and actor.kind in ("agent", "office") and _has_nationality(kb, span.text):
            last_code[sentence] = actor.code
            ctx.agents[actor.matched] = actor.code
        elif actor.kind == "agent" and sentence not in last_code and actor.matched in ctx.agents:
            # "combat troops" after "US combat troops": the same troops.
            actor = resolve_actor_in(kb, span.text, [ctx.agents[actor.matched], *countries],
                                     ctx.day)
        mentions.append(Mention(span.text, offset + span.start_char, offset + span.end_char,
                                "AGENT", actor))
        covered.update(range(start, end))
    return sorted(mentions, key=lambda m: m.start)


def _names_an_agent(kb: ActorBase, chunk: Span) -> bool:
    """Whether a noun phrase ends in an agent noun or a title ("pro-Iranian armed groups")."""
    lemma = chunk.root.lemma_.lower()
    if lemma in kb.agents or lemma in kb.of_heads:
        return True
    words = [fold(t.text) for t in chunk[-3:]]  # folding single tokens hits the cache
    return any(" ".join(words[-n:]) in kb.agents or " ".join(words[-n:]) in kb.titles
               for n in range(1, len(words) + 1))


def _has_nationality(kb: ActorBase, text: str) -> bool:
    return any(w in kb.country_words for w in fold(text).split())


def dictionary_mentions(text: str, offset: int, ctx: Context) -> list[Mention]:
    """Mentions in a block spaCy's English model cannot read: capitalised word runs that the
    actor base or the gazetteer know."""
    kb = actor_base()
    gaz = gazetteer()
    mentions = []
    for m in _CAPITALISED.finditer(text):
        words = m.group().split()
        # Longest known sub-run first, left to right.
        i = 0
        while i < len(words):
            for n in range(len(words) - i, 0, -1):
                phrase = " ".join(words[i : i + n]).rstrip(",.;:")
                key = fold(phrase)
                if len(key) < 4:
                    continue
                if key in kb.entities:
                    actor = resolve_actor_in(kb, phrase, ctx.countries, ctx.day)
                    mentions.append(_located(text, m.start(), words, i, phrase, offset,
                                             "PERSON" if actor and actor.kind == "person"
                                             else "ORG", actor=actor))
                    i += n
                    break
                if key in gaz.index:
                    place = resolve_place(phrase, ctx.countries)
                    # Without a parser, a capitalised phrase is a place only when the article
                    # is about its country ("Bagdad"), not any town of that name ("Casa Blanca").
                    if place and (place.country_code in ctx.countries
                                  or place.resolution == COUNTRY):
                        mentions.append(_located(text, m.start(), words, i, phrase, offset,
                                                 "GPE", place=place))
                        i += n
                        break
            else:
                i += 1
    return mentions


def _located(text: str, run_start: int, words: list[str], index: int, phrase: str, offset: int,
             label: str, **resolved) -> Mention:
    start = text.find(phrase, run_start + len(" ".join(words[:index])))
    return Mention(phrase, offset + start, offset + start + len(phrase), label, **resolved)
