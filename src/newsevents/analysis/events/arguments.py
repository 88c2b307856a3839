"""Who did it and to whom: the lexicon's dependency roles followed through the parse to the
resolved mentions that stand for them."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from ...model import Evidence, Mention, Party
from ..spans import indexed
from ..tree import MODIFIERS, children, conjuncts, prep_objects, span_of, subject
from .cues import cues
from .frame import EventFrame

RECIPIENT_PREPS = ("to", "with", "on", "against", "for")

Argument = tuple[Party, Evidence]  # a PLOVER entity and the words it comes from


def role_children(token: Token, role: str) -> list[Token]:
    """The words that fill a lexicon role of the token: a dependency (nsubj, dobj, ...),
    "agent" (the by-phrase of a passive), "prep:X" (the object of X) or "head_subject"."""
    if role == "head_subject":  # "X confirmed ... in the presence of Y": X
        verb = token.head.head if token.head.dep_ == "prep" else token.head
        found = subject(verb) if verb.pos_ in ("VERB", "AUX") else None
        return [found] if found is not None else []
    if role == "nsubj":
        found = subject(token) if token.pos_ in ("VERB", "AUX") else None
        return [found] if found is not None and found.dep_ != "nsubjpass" else []
    if role == "agent":
        return [g for c in children(token, "agent") for g in children(c, "pobj")]
    if role.startswith("prep:"):
        word = role[5:]
        found = prep_objects(token, (word,))
        if not found and token.pos_ == "NOUN" and word != "of":
            # "the departure of the US army from Iraq": the parser may hang "from Iraq" on
            # the noun's "of" argument.
            for argument in role_children(token, "prep:of"):
                found += role_children(argument, role)
        return found
    return children(token, role)


def entity(mention: Mention) -> Party:
    """The PLOVER entity a resolved mention gives an event."""
    actor = mention.actor
    if actor is None:
        return Party(None, None, mention.text)
    return Party(actor.code, actor.sector, mention.text, actor.name, actor.patron,
                 actor.other_sectors)


def _argument(mention: Mention) -> Argument:
    return entity(mention), Evidence(mention.text, mention.start, mention.end)


def actor_for(token: Token, offset: int, mentions: Sequence[Mention]) -> Mention | None:
    """The resolved mention that a dependency argument stands for: the one at its head word,
    else the first actor mentioned inside its phrase (a base "which hosts US troops")."""
    index = indexed(mentions)  # by position: only the mentions of the phrase are looked at
    head_at = offset + token.idx
    at_head = [m for m in index.at(head_at) if _is_actor(m)]
    if at_head:
        return max(at_head, key=lambda m: m.end - m.start)
    start, end = span_of(token, offset)
    inside = [m for m in index.inside(start, end) if _is_actor(m)]
    people = [m for m in inside if m.label != "GPE" or not m.place]
    return (people or inside or [None])[0] if people or token.pos_ == "PROPN" or not inside else (
        _unless_modifier(token.doc, inside[0], offset))


def _is_actor(mention: Mention) -> bool:
    return bool(mention.actor and (mention.actor.code or mention.actor.sector))


def _unless_modifier(doc: Doc, mention: Mention, offset: int) -> Mention | None:
    """"the US army": when only the nationality resolved, it speaks for the head noun only if
    it is not a mere modifier of something else."""
    span = doc.char_span(mention.start - offset, mention.end - offset, alignment_mode="expand")
    if span is not None and span.root.dep_ in MODIFIERS:
        return None
    return mention


def arguments(frame: EventFrame, roles: Sequence[str], mentions: Sequence[Mention],
              exclude: set[int]) -> list[Argument]:
    """The parties in the first of ``roles`` that has any, with their conjuncts; a mention
    already taken (its id in ``exclude``) is not taken again."""
    for role in roles:
        found = []
        for child in role_children(frame.token, role):
            for part in conjuncts(child):
                mention = actor_for(part, frame.offset, mentions)
                if mention is not None and id(mention) not in exclude:
                    exclude.add(id(mention))
                    found.append(_argument(mention))
        if found:
            return found
    return []


def support_subject(frame: EventFrame, mentions: Sequence[Mention],
                    exclude: set[int]) -> list[Argument]:
    """A nominal event's actor is often the subject of its support verb: "the council passed a
    resolution", "the army launched an offensive"."""
    token = frame.token
    if token.pos_ != "NOUN" or token.dep_ not in ("dobj", "nsubjpass"):
        return []
    if token.head.lemma_.lower() not in cues().support_verbs:
        return []
    found = subject(token.head)
    if found is None:
        return []
    mention = actor_for(found, frame.offset, mentions)
    if mention is None or id(mention) in exclude:
        return []
    exclude.add(id(mention))
    return [_argument(mention)]


def nearby_recipient(frame: EventFrame, mentions: Sequence[Mention],
                     exclude: set[int]) -> list[Argument]:
    """Where the lexicon's roles find no recipient, the usual other places: the complement of
    a promise ("promised to send helmets to Ukraine", "agreed to lend Sri Lanka ..."), the
    object's own phrase ("held talks with Putin"), or the verb of a nominal event ("expressed
    solidarity with Israel")."""
    token = frame.token
    places: list[Token] = []
    if token.pos_ == "VERB":
        for child in token.children:
            if child.dep_ in ("xcomp", "ccomp") and child.pos_ == "VERB":
                places += children(child, "dative", "dobj")
                places += prep_objects(child, RECIPIENT_PREPS)
            if child.dep_ == "dobj":
                places += prep_objects(child, RECIPIENT_PREPS)
            if child.dep_ == "dative":
                places.append(child)
    elif token.dep_ == "dobj" and token.head.pos_ == "VERB":
        places += prep_objects(token.head, RECIPIENT_PREPS)
    for place in places:
        mention = actor_for(place, frame.offset, mentions)
        if mention is not None and id(mention) not in exclude:
            exclude.add(id(mention))
            return [_argument(mention)]
    return []


def first_actor_inside(frame: EventFrame, mentions: Sequence[Mention],
                       exclude: set[int]) -> list[Argument]:
    """"a resolution calling for an end to the US military presence": who it is aimed at."""
    start, end = span_of(frame.token, frame.offset)
    for m in indexed(mentions).inside(start, end):
        if m.actor and m.actor.code and (
            id(m) not in exclude and m.start > frame.start
        ):
            exclude.add(id(m))
            return [_argument(m)]
    return []
