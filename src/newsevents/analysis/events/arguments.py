"""Who did it and to whom: the lexicon's dependency roles followed through the parse to the
resolved mentions that stand for them."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from ...knowledge.actors import actor_base, resolve_actor_in
from ...knowledge.ontology import ontology
from ...knowledge.places import COUNTRY, FACILITY
from ...model import Evidence, Mention, Party
from ..spans import indexed
from ..tree import MODIFIERS, children, conjuncts, prep_objects, span_of, subject
from .cues import cues
from .frame import EventFrame
from .triggers import matching_trigger

RECIPIENT_PREPS = ("to", "with", "on", "against", "for")
# Roles that name what is acted on (a target), not who acts nor where ("strikes in X").
TARGET_ROLES = frozenset({"dobj", "nsubjpass", "prep:on", "prep:against", "prep:at",
                          "prep:of", "prep:into"})
# What a material conflict is done to, when it is a populated place: its people, civilians
# of its country (an attack on a market town is on its residents, not on the state). A named
# town, city or region is one too; a country stays the state. The nouns of a part of a place
# count with a populated place in their phrase ("the centre of Kherson") or a civilian
# modifier ("a shopping centre", "a residential district").
POPULATED = frozenset({"town", "village", "city", "township", "hamlet", "settlement",
                       "neighbourhood", "neighborhood", "suburb", "market", "marketplace",
                       "bazaar", "mall", "home", "house", "homestead"})
PLACE_PARTS = frozenset({"centre", "center", "outskirts", "district", "quarter", "area",
                         "suburbs", "heart", "street", "streets", "part"})
CIVILIAN_MODIFIERS = frozenset({"residential", "shopping", "civilian", "crowded", "busy",
                                *POPULATED})

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
    inside = [m for m in index.inside(start, end) if _is_actor(m)
              and not _located(token, m, offset)]
    people = [m for m in inside if m.label != "GPE" or not m.place]
    return (people or inside or [None])[0] if people or token.pos_ == "PROPN" or not inside else (
        _unless_modifier(token.doc, inside[0], offset))


def _is_actor(mention: Mention) -> bool:
    return bool(mention.actor and (mention.actor.code or mention.actor.sector))


def _located(token: Token, mention: Mention, offset: int) -> bool:
    """"a market town in eastern Congo": what a locative phrase of the argument names
    (a place, or a country the parser took for a name) says where the argument is; it is
    not the argument."""
    span = token.doc.char_span(mention.start - offset, mention.end - offset,
                               alignment_mode="expand")
    if span is None:
        return False
    node = span.root
    while node.i != token.i and node.head.i != node.i:
        if node.dep_ == "pobj" and node.head.dep_ == "prep" and (
            node.head.lower_ in cues().location_preps
        ):
            return True
        node = node.head
    return False


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
    already taken (its id in ``exclude``) is not taken again. A subject that is itself an
    event ("the attack killed 22") gives that event's actor; an acted-on populated place
    gives its civilians."""
    acted_on = _material(frame, mentions)
    for role in roles:
        found = []
        for child in role_children(frame.token, role):
            if role == "nsubj" and child.pos_ == "NOUN":
                event = matching_trigger(child, mentions, frame.offset)
                if event is not None:  # the attackers kill, not the attack
                    found += arguments(EventFrame.of(child, frame.offset), event.actor,
                                       mentions, exclude)
                    continue
            for part in conjuncts(child):
                found += _parties(part, frame.offset, mentions, exclude,
                                  acted_on=acted_on and role in TARGET_ROLES)
        if found:
            return found
    return []


def _material(frame: EventFrame, mentions: Sequence[Mention]) -> bool:
    """Whether the trigger is a material conflict (quad class 4: an attack, a siege, a raid),
    whose recipient is what it is done to, not where."""
    event = matching_trigger(frame.token, mentions, frame.offset)
    return event is not None and ontology().quad.get(event.event) == 4


def _parties(token: Token, offset: int, mentions: Sequence[Mention], exclude: set[int],
             acted_on: bool = False) -> list[Argument]:
    """The parties one argument word stands for: its mention, or each side of a compound
    ("Saudi and Houthi negotiators") or of its from-phrase; else what its words name ("a
    militia attack"), or the civilians of a populated place that is acted on."""
    mention = actor_for(token, offset, mentions)
    if mention is not None and id(mention) in exclude:
        return []
    sides = compound_sides(token, offset) or affiliation_sides(token, mention, offset,
                                                               mentions, exclude)
    if sides:
        if mention is not None:
            exclude.add(id(mention))
        return sides
    if mention is not None:
        exclude.add(id(mention))
        return [_argument(mention)]
    named = _named(token, offset)
    if named is not None:
        return [named]
    if acted_on:
        civilians = populated_place(token, offset, mentions)
        if civilians is not None:
            return [civilians]
    return []


def _named(token: Token, offset: int) -> Argument | None:
    """No mention at the word: its words up to the head may still name an actor ("a militia
    attack", "Yemen's Houthi movement" where the parser found no name)."""
    if token.pos_ not in ("NOUN", "PROPN"):
        return None
    words = token.doc[token.left_edge.i : token.i + 1]
    actor = resolve_actor_in(actor_base(), words.text, [])
    if actor is None or not actor.sector or actor.kind in ("nationality", "country"):
        return None
    return (Party(actor.code, actor.sector, words.text, actor.name, actor.patron,
                  actor.other_sectors),
            Evidence(words.text, offset + words.start_char, offset + words.end_char))


def affiliation_sides(token: Token, mention: Mention | None, offset: int,
                      mentions: Sequence[Mention], exclude: set[int]) -> list[Argument]:
    """"Negotiators from Saudi Arabia and Yemen's Houthi movement": a word whose own words
    say no side is of each side its from-phrase names: a country's, in the word's sector
    when it is an agent ("refugees from Syria" are SYR REF); an organisation itself."""
    kb = actor_base()
    at_head = mention is not None and mention.start <= offset + token.idx < mention.end
    if at_head:
        head = mention.actor
        if mention.label != "AGENT" or head is None or head.kind != "agent":
            return []
        own = resolve_actor_in(kb, mention.text, [])
        if own is not None and own.code:
            return []  # "Saudi negotiators from Riyadh": the words already say whose
    else:
        head = resolve_actor_in(kb, token.text, [])
        if head is not None and (head.code or head.kind != "agent"):
            return []
    sides: list[Argument] = []
    for obj in prep_objects(token, ("from",)):
        for part in conjuncts(obj):
            found = actor_for(part, offset, mentions)
            if found is None:
                named = _named(part, offset)
                if named is not None and named[0].code:
                    sides.append(named)
                continue
            if found.actor is None or not found.actor.code or id(found) in exclude:
                continue
            exclude.add(id(found))
            if found.place or found.actor.kind == "country":
                sector = head.sector if head is not None else found.actor.sector
                sides.append((Party(found.actor.code, sector, found.text),
                              Evidence(found.text, found.start, found.end)))
            else:
                sides.append(_argument(found))
    return sides


def compound_sides(token: Token, offset: int) -> list[Argument]:
    """"Saudi and Houthi negotiators", "Dutch and Belgian police": coordinated modifiers of
    one head noun are as many parties, each the modifier with the head ("Saudi
    negotiators", "Houthi negotiators"), when they resolve to more than one side."""
    if token.pos_ not in ("NOUN", "PROPN"):
        return []
    first = next((c for c in token.lefts if c.dep_ in ("amod", "compound", "nmod")
                  and children(c, "conj")), None)
    if first is None:
        return []
    kb = actor_base()
    sides: list[Argument] = []
    for part in conjuncts(first):
        words = token.doc[part.left_edge.i : part.i + 1]
        actor = resolve_actor_in(kb, f"{words.text} {token.text}", [])
        if actor is None or not actor.code:
            return []  # not every modifier names a side: one party, as the mention says
        start = offset + words.start_char
        sides.append((Party(actor.code, actor.sector, words.text, actor.name, actor.patron,
                            actor.other_sectors),
                      Evidence(words.text, start, offset + words.end_char)))
    if len({(p.code, p.sector, p.identifier_text) for p, _ in sides}) < 2:
        return []
    return sides


def populated_place(token: Token, offset: int, mentions: Sequence[Mention]) -> Argument | None:
    """A town, a village, a market, a named city or region, the centre of one, as what is
    acted on: its people, CVL of the country the phrase names (else left to the coder)."""
    index = indexed(mentions)
    here = offset + token.idx
    named = [m.place for m in index.at(here) if m.place]
    lemma = token.lemma_.lower()
    if named:
        if named[0].resolution in (COUNTRY, FACILITY):
            return None
    elif lemma in PLACE_PARTS:
        modifiers = {c.lemma_.lower() for c in token.children if c.dep_ in MODIFIERS}
        within = prep_objects(token, ("of",))
        if not (modifiers & CIVILIAN_MODIFIERS or any(
            o.lemma_.lower() in POPULATED or any(
                m.place and m.place.resolution not in (COUNTRY, FACILITY)
                for m in index.at(offset + o.idx)) for o in within)):
            return None
    elif lemma not in POPULATED:
        return None
    start, end = span_of(token, offset)
    places = [m.place for m in index.inside(start, end) if m.place and m.place.country_code]
    code = max(places, key=lambda p: p.resolution).country_code if places else None
    words = token.doc[token.left_edge.i : token.i + 1]
    while len(words) > 1 and words[0].pos_ == "DET":
        words = words[1:]
    return (Party(code, "CVL", words.text),
            Evidence(words.text, offset + words.start_char, offset + words.end_char))


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
    return _parties(found, frame.offset, mentions, exclude)


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
