"""Which words are events: lexicon matching, and the words that look like triggers but are
part of another event ("called for a ceasefire", "agreed to hold drills") or sit in a quote."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from ...knowledge.ontology import Trigger, ontology
from ...model import Mention, Quote
from ..spans import indexed
from .cues import cues

# Verbal events whose complement is their content, not an event of its own: "agreed to hold
# drills" is AGREE (the manual: AGREE is SUPPORT + future, THREATEN is ASSAULT +
# hypothetical); "called on Russia to withdraw" is REQUEST; "refused to withdraw" is REJECT.
VERBAL = frozenset({"AGREE", "THREATEN", "REQUEST", "REJECT"})
TRIGGER_POS = ("VERB", "NOUN", "PROPN")


def _object_lemmas(token: Token) -> set[str]:
    lemmas = set()
    for child in token.children:
        # A noun's modifiers play the object's part: "air strike", "hunger strike".
        object_deps = ("compound", "amod") if token.pos_ == "NOUN" else ("dobj", "nsubjpass",
                                                                         "attr")
        if child.dep_ in object_deps:
            lemmas |= {child.lemma_.lower(), child.lower_}
        if child.dep_ == "prep" and child.lower_ == "for":  # "call for"
            lemmas.add("for")
    return lemmas


def _particle_ok(token: Token, particle: str | None) -> bool:
    if not particle:
        return True
    return any(c.lower_ == particle and c.dep_ in ("prt", "prep", "advmod") for c in token.children)


def _object_is_place(token: Token, mentions: Sequence[Mention], offset: int) -> bool:
    """"leave Iraq" is a withdrawal; "leave behind the dark years" is not."""
    index = indexed(mentions)
    return any(child.dep_ in ("dobj", "nsubjpass")
               and any(m.place for m in index.at(offset + child.idx))
               for child in token.children)


def matching_trigger(token: Token, mentions: Sequence[Mention], offset: int) -> Trigger | None:
    """The lexicon entry the token fulfils (lemma, part of speech, and the entry's object,
    particle and governor), or None."""
    candidates = ontology().triggers.get((token.lemma_.lower(), token.pos_ if token.pos_ != "PROPN"
                                          else "NOUN"), [])
    objects = None
    for trigger in candidates:
        if not _particle_ok(token, trigger.particle):
            continue
        if trigger.governor and token.head.lower_ != trigger.governor:
            continue
        if trigger.object is not None:
            objects = objects if objects is not None else _object_lemmas(token)
            if "@place" in trigger.object and _object_is_place(token, mentions, offset):
                return trigger
            if not objects & set(trigger.object):
                continue
        return trigger
    return None


def inside_other_event(token: Token, mentions: Sequence[Mention], offset: int) -> bool:
    """"called for a ceasefire", "lifted sanctions": the noun is what the verb's event is
    about, not an event of its own (a support verb, "passed a resolution", is different)."""
    if token.pos_ != "NOUN":
        return False
    if token.dep_ in ("compound", "amod", "nmod"):
        return True  # "aid workers", "strike force": a modifier names no event
    verb = token.head
    if token.dep_ == "pobj" and verb.dep_ in ("prep", "prt"):
        verb = verb.head
    elif token.dep_ != "dobj":
        return False
    if verb.pos_ != "VERB" or verb.lemma_.lower() in cues().support_verbs:
        return False
    return matching_trigger(verb, mentions, offset) is not None


def content_of_verbal_event(token: Token, mentions: Sequence[Mention], offset: int) -> bool:
    """"agreed to hold drills": "hold" is the content of AGREE, not an event of its own."""
    node = token
    while node.dep_ == "conj" and node.head.pos_ == "VERB":
        node = node.head
    if node.dep_ != "xcomp" or node.head.pos_ != "VERB":
        return False
    governing = matching_trigger(node.head, mentions, offset)
    return governing is not None and governing.event in VERBAL


def in_quote(start: int, quotes: Sequence[Quote]) -> bool:
    return bool(indexed(quotes).at(start))


def event_trigger(token: Token, offset: int, mentions: Sequence[Mention],
                  quotes: Sequence[Quote]) -> Trigger | None:
    """The trigger a token of a block fires, or None: not a content word, inside a quote (a
    quote is the speaker's words, coded through its speech verb), no lexicon entry, or part
    of another event."""
    if token.pos_ not in TRIGGER_POS or in_quote(offset + token.idx, quotes):
        return None
    trigger = matching_trigger(token, mentions, offset)
    if trigger is None or inside_other_event(token, mentions, offset) or (
        content_of_verbal_event(token, mentions, offset)
    ):
        return None
    return trigger
