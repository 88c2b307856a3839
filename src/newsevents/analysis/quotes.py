"""Quotes (direct, partial, single-quoted fragments) and their speakers.

A quote's speaker is the subject of the nearest speech verb in its sentence ("Biden
pledged"), or what follows "according to" ("according to a statement issued by the Iraqi prime
minister's office"); a pronoun or a document ("the note") takes its antecedent; with no cue in
the sentence, the previous sentence's speaker speaks.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import cache

from spacy.tokens import Doc, Span, Token

from ..knowledge import speech_verbs
from ..knowledge.actors import actor_base
from ..knowledge.loader import load
from ..model import Mention, Quote
from .spans import indexed
from .tree import children, own_subject, phrase

_DOUBLE = re.compile(r"“([^”\n]{2,2000})”|\"([^\"\n]{2,2000})\"")
_SINGLE = re.compile(r"(?<![\w’'])[‘']([^'’\n]{2,200}?)['’](?![\w])")
_PRONOUNS = frozenset({"he", "she", "they", "it", "we"})


@dataclass(frozen=True, slots=True)
class _Cues:
    verbs: frozenset[str]
    according_to: tuple[str, ...]
    documents: frozenset[str]


@cache
def _cues() -> _Cues:
    raw = load("quotes.toml")
    return _Cues(speech_verbs("quotes"), tuple(raw["according_to"]),
                 frozenset(raw["documents"]))


def quote_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every quote in ``text``; offsets include the quote marks."""
    spans = []
    for m in _DOUBLE.finditer(text):
        inner = m.group(1) or m.group(2)
        words = len(inner.split())
        full = inner[:1].isupper() and (words >= 6 or re.search(r"[.!?,]$", inner))
        spans.append((m.start(), m.end(), "direct" if full else "partial"))
    starts = [s for s, _, _ in spans]  # in order, and apart: finditer's matches
    for m in _SINGLE.finditer(text):
        before = bisect_right(starts, m.start()) - 1  # the double quote it may sit in
        inside = before >= 0 and m.start() < spans[before][1]
        if not inside and len(m.group(1).split()) <= 15:
            spans.append((m.start(), m.end(), "fragment"))
    return sorted(spans)


def _subject_span(verb: Token) -> Span | None:
    subject = own_subject(verb)
    if subject is not None:
        return phrase(subject)
    if verb.dep_ in ("conj", "xcomp", "ccomp") and verb.head.pos_ == "VERB":
        return _subject_span(verb.head)
    return None


def _according_to(sentence: Span) -> tuple[Span, str] | None:
    text = sentence.text.lower()
    for cue in _cues().according_to:
        at = text.find(cue)
        if at < 0:
            continue
        tokens = [t for t in sentence if t.idx - sentence.start_char >= at + len(cue)]
        if not tokens:
            continue
        first = tokens[0]
        span = phrase(first) if first.dep_ == "pobj" \
            else sentence.doc[first.i : first.head.right_edge.i + 1]
        # "a statement issued by X": X speaks.
        for token in span:
            if token.lower_ == "by" and token.dep_ == "agent" or (
                token.lower_ == "by" and token.head.lemma_ in ("issue", "release", "publish")
            ):
                agent = children(token, "pobj")
                if agent:
                    cue_text = sentence.doc[sentence.start : agent[0].left_edge.i].text
                    cue_text = cue_text[cue_text.lower().find(cue):]
                    return phrase(agent[0]), cue_text
        return span, cue
    return None


def _cue_near(sentence: Span, quote_start: int, quote_end: int) -> tuple[Span, str, int] | None:
    """The speaker span, cue words and distance of the attribution nearest to a quote."""
    best = None
    for token in sentence:
        if token.pos_ == "VERB" and token.lemma_.lower() in _cues().verbs and not (
            quote_start <= token.idx < quote_end
        ):
            subject = _subject_span(token)
            if subject is not None and not (quote_start <= subject.start_char < quote_end):
                distance = min(abs(token.idx - quote_start), abs(token.idx - quote_end))
                if best is None or distance < best[2]:
                    best = (subject, token.text, distance)
    according = _according_to(sentence)
    if according:
        span, cue = according
        distance = min(abs(span.start_char - quote_start), abs(span.start_char - quote_end))
        if best is None or distance < best[2]:
            best = (span, cue, distance)
    return best


def _sentences_around(doc: Doc, start: int, end: int) -> Span | None:
    """The sentence(s) a quote sits in: a quote of several sentences spans them all."""
    first = doc.char_span(start, start + 1, alignment_mode="expand")
    last = doc.char_span(end - 1, end, alignment_mode="expand")
    if first is None or last is None:
        return None
    return doc[first.sent.start : last.sent.end]


def find_quotes(doc: Doc, offset: int, mentions: list[Mention],
                resolve) -> list[Quote]:
    """Quotes in one English block. ``mentions`` are the block's resolved mentions (offsets in
    Article.text, coreference applied); ``resolve(text)`` resolves a speaker phrase that is
    not among them."""
    quotes: list[Quote] = []
    previous: Mention | None = None
    statement_speaker: Mention | None = None
    documents = _cues().documents
    text = doc.text
    for start, end, kind in quote_spans(text):
        sentence = _sentences_around(doc, start, end)
        speaker, cue = None, None
        found = _cue_near(sentence, start, end) if sentence is not None else None
        if found:
            span, cue, _ = found
            head = span.root.lower_
            if head in documents and statement_speaker is not None:
                speaker = statement_speaker
            else:
                speaker = _mention_for(span, offset, mentions, resolve)
            if "statement" in cue or any(t.lower_ in documents for t in span):
                statement_speaker = speaker
        elif previous is not None:
            speaker, cue = previous, "previous sentence"
        if speaker is not None and cue and "according to" in cue and "statement" in (
            sentence.text.lower() if sentence is not None else ""
        ):
            statement_speaker = speaker
        inner_start, inner_end = start + 1, end - 1
        quotes.append(Quote(text[inner_start:inner_end], offset + inner_start,
                            offset + inner_end, kind, speaker, cue))
        if speaker is not None:
            previous = speaker
    return quotes


def _mention_for(span: Span, offset: int, mentions: list[Mention], resolve) -> Mention:
    """The speaker a phrase names: the head of its noun phrase, never a possessive's owner
    ("her three children") nor the last noun phrase of the description ("a student leader
    from the University of Colombo" is a student leader, of the university's country). A
    generic speaker "for" someone ("a spokesman for Hamas") speaks for them."""
    index = indexed(mentions)
    root = span.root
    start, end = offset + span.start_char, offset + span.end_char
    # A mention at the phrase's head word ("US President Joe Biden", "the army"), else the
    # head's own noun phrase without what follows it.
    at_head = [m for m in index.at(offset + root.idx) if m.actor and m.start >= start - 1]
    head = root.doc[span.start : root.i + 1]
    if at_head:
        found = max(at_head, key=lambda m: (m.end - m.start))
    else:
        actor = _head_actor(head, root, resolve)
        found = Mention(head.text, offset + head.start_char, offset + head.end_char, "SPEAKER",
                        actor)
    if found.actor is None:
        voice, _ = _qualifiers(root, offset, index)
        return voice or Mention(span.text, start, end, "SPEAKER", None)
    return described_speaker(replace(found, actor=_group_of(found.actor, root, resolve)),
                             root, offset, index)


def described_speaker(found: Mention, root: Token, offset: int, index) -> Mention:
    """What the prepositional phrases of a generic speaker's head say of the speaker (a
    named one is who the name says): "a spokesman for the army" speaks for the army; "an
    official of/in/at the opposition party" is of the party (its country and sector); "a
    student leader from the University of Colombo" is a student leader of the university's
    country. The events' "X said" attributions use it as the quotes do."""
    if found.actor is None or found.actor.name:
        return found
    voice, origin = _qualifiers(root, offset, index)
    if voice is not None:
        return voice
    if origin is None or not origin[0].actor.code:
        return found
    origin, prep = origin
    actor = found.actor
    head = root.doc[root.left_edge.i : root.i]
    if origin.label != "GPE" and not origin.place and origin.actor.sector and (
        prep in MEMBER_PREPS
    ):
        actor = replace(actor, code=origin.actor.code, sector=origin.actor.sector)
    elif not any(t.ent_type_ in ("NORP", "GPE") for t in head):
        actor = replace(actor, code=origin.actor.code)  # "... from the University of Colombo"
    return found if actor is found.actor else replace(found, actor=actor)


VOICE_PREPS = frozenset({"for"})  # "a spokesman for X" speaks for X
MEMBER_PREPS = frozenset({"of", "in", "at", "with"})  # "an official of X" is one of X's


def _qualifiers(root: Token, offset: int,
                index) -> tuple[Mention | None, tuple[Mention, str] | None]:
    """The resolved mentions of the head's prepositional phrases: whom the speaker speaks
    for ("for the army"), and where the speaker is from ("from/of/at/in ...", with the
    preposition)."""
    voice = origin = None
    for prep in children(root, "prep"):
        for obj in children(prep, "pobj"):
            found = [m for m in index.at(offset + obj.idx) if m.actor]
            if not found:
                continue
            mention = max(found, key=lambda m: m.end - m.start)
            if prep.lower_ in VOICE_PREPS:
                voice = voice or mention
            else:
                origin = origin or (mention, prep.lower_)
    return voice, origin


def _head_actor(phrase_span: Span, root: Token, resolve):
    """The actor the head's own noun phrase resolves to; a possessive's owner is not it
    ("her son" is not whoever "her" is)."""
    owner = [c for c in root.children if c.dep_ == "poss" and c.pos_ == "PRON"]
    text = phrase_span.text
    if owner:  # "her son": resolve "son", not the pronoun's antecedent
        text = phrase_span.doc[owner[0].i + 1 : phrase_span.end].text
    return resolve(text)


def _group_of(actor, root: Token, resolve):
    """A generic leader of a group ("a student leader", "the union chief") is of that
    group's sector, as "the leader of the students" is."""
    if actor.name or root.lemma_.lower() not in actor_base().of_heads:
        return actor
    for modifier in children(root, "compound"):
        group = resolve(modifier.text)
        if group is not None and not group.name and group.sector and (
            group.sector != actor.sector
        ):
            return replace(actor, sector=group.sector)
    return actor
