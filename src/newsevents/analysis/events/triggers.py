"""Which words are events: lexicon matching, and the words that look like triggers but are
part of another event ("called for a ceasefire", "agreed to hold drills") or sit in a quote."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import cache

from spacy.tokens import Doc, Token

from ...knowledge.normalize import fold
from ...knowledge.ontology import Trigger, ontology
from ...knowledge.senses import VerbSense, match_sense, verb_senses
from ...model import Mention, Quote
from ..spans import indexed
from ..tree import doc_length
from .cues import cues, word_modes

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
    """"called on Russia", not "called ... on Monday": a preposition whose object is a time
    is not the verb's particle."""
    if not particle:
        return True
    return any(c.lower_ == particle and c.dep_ in ("prt", "prep", "advmod") and not any(
        g.dep_ == "pobj" and g.ent_type_ in ("DATE", "TIME") for g in c.children)
        for c in token.children)


def _object_is_place(token: Token, mentions: Sequence[Mention], offset: int) -> bool:
    """"leave Iraq" is a withdrawal; "leave behind the dark years" is not."""
    index = indexed(mentions)
    return any(child.dep_ in ("dobj", "nsubjpass")
               and any(m.place for m in index.at(offset + child.idx))
               for child in token.children)


def _project_trigger(token: Token, mentions: Sequence[Mention],
                     offset: int) -> Trigger | None:
    """The first line of the project's lexicon the token fulfils (lemma, part of speech, and
    the line's object, particle and governor), or None."""
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


def matching_trigger(token: Token, mentions: Sequence[Mention], offset: int) -> Trigger | None:
    """The sense the token reports, or None. The project's lexicon first (a line with no
    event is a reading that is not one: "charge passengers a fee"); a verb it leaves
    unconstrained yields to a CAMEO pattern whose words are there and that says "no event";
    a verb it does not know takes a CAMEO pattern that names its object (senses.py). A use
    of force needs someone or something to use it: "sanctions hit the economy" is no attack."""
    trigger = _project_trigger(token, mentions, offset)
    if token.pos_ == "VERB" and (trigger is None or trigger.object is None):
        sense = cameo_sense(token)
        if sense is not None and (sense.event is None or trigger is None):
            trigger = None if sense.event is None else _as_trigger(token, sense)
    if trigger is None or trigger.event is None:
        return None
    if trigger.event == "AGREE" and (conceded := _conceded(token, mentions, offset)):
        # The codebook's CONCEDE: "make a promise of future concessions" ("agreed to lift
        # the curfew", "pledged to release prisoners"): the promise takes the content's code
        return replace(trigger, event="CONCEDE", mode=conceded.mode)
    if trigger.event == "ASSAULT" and token.pos_ == "VERB" and not _forceful_subject(
            token, mentions, offset):
        return None
    return trigger


def _conceded(token: Token, mentions: Sequence[Mention], offset: int) -> Trigger | None:
    """The concession a verb of agreeing or promising has as its content ("agreed to lift
    sanctions"), or None."""
    for child in token.children:
        if child.dep_ == "xcomp" and child.pos_ == "VERB":
            content = _project_trigger(child, mentions, offset)
            if content is not None and content.event == "CONCEDE":
                return content
    return None


OBJECTS = ("dobj", "attr", "dative", "oprd", "prt", "nsubjpass")
# What a noun phrase holds besides its head and modifiers: a clause about it ("the state of
# emergency imposed by ..."), or a phrase of another preposition than "of".
_NOT_OF_THE_PHRASE = frozenset({"relcl", "acl", "advcl", "appos", "punct", "cc"})


def _phrase_tokens(token: Token, of_allowed: bool) -> list[Token]:
    tokens = [token]
    for child in token.children:
        if child.dep_ in _NOT_OF_THE_PHRASE:
            continue
        if child.dep_ == "prep":
            if of_allowed and child.lower_ == "of":
                tokens.append(child)
                tokens += [t for g in child.children if g.dep_ == "pobj"
                           for t in _phrase_tokens(g, of_allowed=False)]
            continue
        tokens += list(child.subtree)
    return tokens


def _phrase(token: Token, of_allowed: bool = True) -> str:
    """The lemmas of the noun phrase ``token`` heads, in order: its modifiers and one "of"
    phrase ("a shipment of weapons", not "the extension of the state of emergency"), never
    its clauses or other prepositional phrases: their nouns are not the verb's object. A
    hyphenated compound stays one word ("live-fire drills" is no FIRE)."""
    tokens = sorted(_phrase_tokens(token, of_allowed), key=lambda t: t.i)
    text = []
    for t, after in zip(tokens, [*tokens[1:], None], strict=True):
        if t.text == "-" and not t.whitespace_ and text and not text[-1].endswith(" "):
            continue  # "live-fire": the compound is one word, glued ("livefire")
        text.append(t.lemma_ + (t.whitespace_ if after is not None and after.i == t.i + 1
                                else " "))
    return "".join(text).strip()


def _verb_context(token: Token) -> tuple[list[str], list[str], list[str]]:
    """What CAMEO patterns read after a verb: its objects' phrases (direct objects and the
    objects of its prepositions), its prepositions, and its direct objects alone."""
    direct, preps, governed = [], [], []
    for child in token.children:
        if child.dep_ in OBJECTS:
            direct.append(_phrase(child))
        elif child.dep_ in ("prep", "agent"):
            preps.append(child.lower_)
            governed += [_phrase(g) for g in child.children if g.dep_ == "pobj"]
    return direct + governed, preps, direct


def _object_span_words(token: Token) -> set[str]:
    """The folded words of the verb's objects read as the spans between their edges: all of
    _verb_context's words (a subtree lies within its edges), and a rare word more where the
    parse is not projective. Cheap, from the doc's lemmas read once."""
    lemmas = _lemmas(token.doc)
    spans = [(child.left_edge.i, child.right_edge.i) for child in token.children
             if child.dep_ in OBJECTS]
    spans += [(g.left_edge.i, g.right_edge.i) for child in token.children
              if child.dep_ in ("prep", "agent") for g in child.children if g.dep_ == "pobj"]
    return set(fold(" ".join(w for a, b in spans for w in lemmas[a : b + 1])).split())


def _lemmas(doc: Doc) -> list[str]:
    """The doc's lemmas, read once per doc."""
    lemmas = doc.user_data.get(_LEMMAS)
    if lemmas is None or len(lemmas) != len(doc):
        lemmas = doc.user_data[_LEMMAS] = [t.lemma_ for t in doc]
    return lemmas


_LEMMAS = "newsevents.lemmas"


def cameo_sense(token: Token) -> VerbSense | None:
    """The most specific CAMEO pattern of the verb whose object and preposition are in the
    sentence; a bare verb line does not count (too broad to code an event alone)."""
    lemma = token.lemma_.lower()
    if lemma not in cameo_index():
        return None
    if not _object_words(lemma) & _object_span_words(token):
        return None  # no word any of its patterns asks for: the common case, decided fast
    objects, preps, direct = _verb_context(token)
    sense = match_sense(token.lemma_.lower(), objects, preps, senses=cameo_index(),
                        direct=direct)
    return sense if sense is not None and sense.object else None


@cache
def _object_words(lemma: str) -> frozenset[str]:
    """Every word the verb's CAMEO patterns ask for after it."""
    return frozenset(word for sense in cameo_index()[lemma] for term in sense.object
                     for alternative in term for word in alternative.split())


@cache
def cameo_index() -> dict[str, tuple[VerbSense, ...]]:
    """The CAMEO layer alone: the project's lines are read above, with their own rules."""
    return {word: cameo for word, found in verb_senses().items()
            if (cameo := tuple(s for s in found if s.origin == "cameo"))}


def _as_trigger(token: Token, sense: VerbSense) -> Trigger:
    recipient = {"prep": tuple(f"prep:{p}" for p in (sense.preposition or "").split("/") if p),
                 "object": ("dobj", "nsubjpass")}.get(sense.target or "object",
                                                      ("dobj", "nsubjpass"))
    return Trigger(token.lemma_.lower(), "VERB", sense.event, sense.mode, sense.context,
                   ("nsubj", "agent"), recipient, None, None)


def _forceful_subject(token: Token, mentions: Sequence[Mention], offset: int) -> bool:
    """The subject of a verb of force is an actor, a weapon or an event of force ("a bomb
    killed", "the attack killed"), not a thing or an abstraction ("floods hit", "sanctions
    hit"). No subject (a passive, an infinitive): nothing to judge."""
    index = indexed(mentions)
    for child in token.children:
        if child.dep_ != "nsubj":
            continue
        if child.pos_ != "NOUN":  # a name, a pronoun, "three" (of the rockets): an actor or
            return True           # an ellipsis, not a thing
        lemma = child.lemma_.lower()
        return bool(index.at(offset + child.idx)) or lemma in word_modes(
            "assault_instruments") or any(t.event == "ASSAULT" for t in ontology().triggers.get(
                (lemma, "NOUN"), ()))
    return True


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


def in_quote(start: int, quotes: Sequence[Quote]) -> Quote | None:
    """The quote that holds the position, if any."""
    found = indexed(quotes).at(start)
    return found[0] if found else None


def _speech_verb(quote: Quote, token: Token, offset: int) -> Token | None:
    """The verb that introduces the quote (its ``cue``), in the sentence where the quote
    starts or ends, outside the quote."""
    if not quote.cue:
        return None
    doc = token.doc
    for at in (quote.start - offset, quote.end - offset - 1):
        if not 0 <= at < doc_length(doc):
            continue
        span = doc.char_span(at, at + 1, alignment_mode="expand")
        if span is None:
            continue
        for t in span.sent:
            if t.text == quote.cue and t.pos_ == "VERB" and not (
                quote.start <= offset + t.idx < quote.end
            ):
                return t
    return None


def _what_is_promised(token: Token) -> bool:
    """An act still to come: a future or conditional verb ("we will attack") or an order
    ("release the prisoners")."""
    verb = token if token.pos_ == "VERB" else token.head
    c = cues()
    if any(child.dep_ == "aux" and child.lower_ in c.future | c.hypothetical
           for child in verb.children):
        return True
    return verb.tag_ == "VB" and verb.dep_ in ("ROOT", "ccomp", "parataxis") and not any(
        child.dep_ in ("nsubj", "nsubjpass", "aux") for child in verb.children)


def quoted_content(token: Token, quote: Quote, offset: int,
                   mentions: Sequence[Mention]) -> bool:
    """"'We will attack the town,' the commander warned": what a verbal event's speech verb
    (warn, promise, demand, refuse) introduces is that event's content, as "threatened to
    attack" is THREATEN alone; a quote's report of what happened stays an event."""
    if not _what_is_promised(token):
        return False
    verb = _speech_verb(quote, token, offset)
    if verb is None:
        return False
    governing = matching_trigger(verb, mentions, offset)
    return governing is not None and governing.event in VERBAL


def event_trigger(token: Token, offset: int, mentions: Sequence[Mention],
                  quotes: Sequence[Quote]) -> Trigger | None:
    """The trigger a token of a block fires, or None: not a content word, no lexicon entry,
    or part of another event. A word inside a direct quote is a trigger like any other (the
    event is reported on the speaker's word: ``reported_by``), unless the quote is the
    content of a verbal event (``quoted_content``); the words of a partial quote or a
    fragment ("called the talks 'a farce'") are not. The quote's speech verb is not an event
    of its own unless it is a verbal event ("warned", "demanded")."""
    if token.pos_ not in TRIGGER_POS:
        return None
    quote = in_quote(offset + token.idx, quotes) if quotes else None
    if quote is not None and quote.kind != "direct":
        return None  # a partial quote or a fragment: words, not a report of their own
    trigger = matching_trigger(token, mentions, offset)
    if trigger is None or inside_other_event(token, mentions, offset) or (
        content_of_verbal_event(token, mentions, offset)
    ) or quote is not None and quoted_content(token, quote, offset, mentions):
        return None
    return trigger
