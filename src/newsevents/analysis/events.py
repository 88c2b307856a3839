"""Events: who did what to whom, where, when and on whose word, coded in PLOVER.

For every trigger word of the lexicon (data/plover/triggers.jsonl) in an English block, the
dependency parse gives the actor and recipient (active, passive, control and relative clauses,
coordination, nominal events); the analysis gives what those words resolve to, the place, the
time and the counts. Auxiliary modes come from the verb group and its clause. Reports of one
event within an article are merged. Everything is tied to character offsets in Article.text.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date as Date
from functools import cache
from importlib import resources

from spacy.tokens import Doc, Token

from ..knowledge.ontology import Trigger, ontology
from ..knowledge.places import FACILITY, gazetteer, resolve_place
from ..model import Analysis, Event, Evidence, Mention, Quantity, TimeExpression

HISTORICAL_DAYS = 365  # an event this long before publication is told as history
SIZE_KINDS = ("dead", "injured", "arrested")


@dataclass(frozen=True, slots=True)
class _Cues:
    future: frozenset[str]
    hypothetical: frozenset[str]
    plan_verbs: frozenset[str]
    speech_verbs: frozenset[str]
    attribution_verbs: frozenset[str]
    killing: frozenset[str]
    location_preps: frozenset[str]
    support_verbs: frozenset[str]
    denial_verbs: frozenset[str]


@cache
def _coding() -> dict:
    return tomllib.loads(resources.files("newsevents.data").joinpath("plover", "coding.toml")
                         .read_text(encoding="utf-8"))


@cache
def _cues() -> _Cues:
    raw = _coding()
    return _Cues(*(frozenset(raw[name]) for name in _Cues.__slots__))


@cache
def _word_modes(table: str) -> dict[str, str]:
    """lemma -> mode, from a [table] of mode = [lemmas] in coding.toml."""
    return {word: mode for mode, words in _coding()[table].items() for word in words}


@dataclass(slots=True)
class _Draft:
    trigger: Trigger
    token: Token
    offset: int
    mode: str = ""
    actor: list[tuple[dict, Evidence]] = field(default_factory=list)
    recipient: list[tuple[dict, Evidence]] = field(default_factory=list)
    aux: set[str] = field(default_factory=set)
    place: tuple[dict, Evidence] | None = None
    time: TimeExpression | None = None
    sizes: dict[str, tuple[int, Evidence]] = field(default_factory=dict)
    counts: list[dict] = field(default_factory=list)
    attribution: dict | None = None
    in_caption: bool = False
    reports: list[tuple[Evidence, Evidence]] = field(default_factory=list)  # (trigger, sentence)


# -- the parse --------------------------------------------------------------------------------


def _subject(token: Token) -> Token | None:
    """The subject of a verb, also through control and coordination ("will remain to advise
    and train", "led the council to pass") and relative clauses ("which hosts")."""
    for child in token.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            if child.lower_ in ("which", "who", "that") and token.dep_ == "relcl":
                return token.head
            return child
    if token.dep_ == "xcomp":
        objects = [c for c in token.head.children if c.dep_ == "dobj"]
        return objects[0] if objects else _subject(token.head)
    if token.dep_ in ("conj", "advcl") and token.head.pos_ in ("VERB", "AUX"):
        return _subject(token.head)
    if token.dep_ == "relcl":
        return token.head
    return None


def _children(token: Token, role: str) -> list[Token]:
    if role == "head_subject":  # "X confirmed ... in the presence of Y": X
        verb = token.head.head if token.head.dep_ == "prep" else token.head
        subject = _subject(verb) if verb.pos_ in ("VERB", "AUX") else None
        return [subject] if subject is not None else []
    if role == "nsubj":
        subject = _subject(token) if token.pos_ in ("VERB", "AUX") else None
        return [subject] if subject is not None and subject.dep_ != "nsubjpass" else []
    if role == "agent":
        return [g for c in token.children if c.dep_ == "agent" for g in c.children
                if g.dep_ == "pobj"]
    if role.startswith("prep:"):
        word = role[5:]
        found = [g for c in token.children if c.dep_ == "prep" and c.lower_ == word
                 for g in c.children if g.dep_ == "pobj"]
        if not found and token.pos_ == "NOUN" and word != "of":
            # "the departure of the US army from Iraq": the parser may hang "from Iraq" on
            # the noun's "of" argument.
            for argument in _children(token, "prep:of"):
                found += _children(argument, role)
        return found
    return [c for c in token.children if c.dep_ == role]


def _with_conjuncts(token: Token) -> list[Token]:
    """"France and Germany": both."""
    out = [token]
    for child in token.children:
        if child.dep_ == "conj":
            out += _with_conjuncts(child)
    return out


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


# -- mentions ---------------------------------------------------------------------------------


def _span_of(token: Token, offset: int) -> tuple[int, int]:
    return offset + token.left_edge.idx, offset + token.right_edge.idx + len(token.right_edge)


def _entity(mention: Mention) -> dict:
    actor = mention.actor or {}
    return {"code": actor.get("code"), "sector": actor.get("sector"),
            "entity_text": mention.text, "identifier_text": actor.get("name"),
            "patron": actor.get("patron")}


def _actor_for(token: Token, offset: int, mentions: list[Mention]) -> Mention | None:
    """The resolved mention that a dependency argument stands for: the one at its head word,
    else the first actor mentioned inside its phrase (a base "which hosts US troops")."""
    head_at = offset + token.idx
    start, end = _span_of(token, offset)
    actors = [m for m in mentions if m.actor and (m.actor.get("code") or m.actor.get("sector"))]
    at_head = [m for m in actors if m.start <= head_at < m.end]
    if at_head:
        return max(at_head, key=lambda m: m.end - m.start)
    inside = [m for m in actors if start <= m.start and m.end <= end]
    people = [m for m in inside if m.label != "GPE" or not m.place]
    return (people or inside or [None])[0] if people or token.pos_ == "PROPN" or not inside else (
        _unless_modifier(token.doc, inside[0], offset))


def _unless_modifier(doc: Doc, mention: Mention, offset: int) -> Mention | None:
    """"the US army": when only the nationality resolved, it speaks for the head noun only if
    it is not a mere modifier of something else."""
    span = doc.char_span(mention.start - offset, mention.end - offset, alignment_mode="expand")
    if span is not None and span.root.dep_ in _MODIFIERS:
        return None
    return mention


_MODIFIERS = frozenset({"compound", "amod", "poss", "nmod", "npadvmod"})


def _place_for(tokens: list[Token], offset: int, mentions: list[Mention],
               countries: list[str]) -> tuple[dict, Evidence] | None:
    """Where the event happened: the most specific place in the location phrases (at, in,
    near, on ...) among ``tokens``. A whole phrase may itself be a facility ("Baghdad's
    international airport"); a nationality modifier ("US facilities") is not a place."""
    best = None
    for prep in tokens:
        if prep.dep_ != "prep" or prep.lower_ not in _cues().location_preps:
            continue
        for obj in (g for g in prep.children if g.dep_ == "pobj"):
            start, end = _span_of(obj, offset)
            # The phrase up to its head word: "Baghdad's international airport" without the
            # relative clause that may follow it.
            phrase = obj.doc[obj.left_edge.i : obj.i + 1].text
            whole = resolve_place(phrase, countries)
            if whole is not None and whole.resolution == FACILITY:
                return whole.to_dict(), Evidence(phrase, start, offset + obj.idx + len(obj))
            for m in mentions:
                if not (m.place and start <= m.start and m.end <= end):
                    continue
                head = obj.doc.char_span(m.start - offset, m.end - offset,
                                         alignment_mode="expand")
                if head is not None and head.root.dep_ in _MODIFIERS:
                    continue
                if best is None or m.place["resolution"] > best[0]["resolution"]:
                    best = (m.place, Evidence(m.text, m.start, m.end))
    return best


def _location(token: Token, offset: int, mentions: list[Mention],
              countries: list[str]) -> tuple[dict, Evidence] | None:
    """A verb's location is in its clause; a nominal event's in its own phrase, unless it is
    the object of a preposition of its verb ("confirmed ... in the presence of")."""
    if token.pos_ == "VERB":
        doc = token.doc
        return _place_for([doc[i] for i in sorted(_clause_tokens(token))], offset, mentions,
                          countries)
    found = _place_for(list(token.subtree), offset, mentions, countries)
    if found is None and token.dep_ in ("dobj", "nsubjpass") and (
        token.head.lemma_.lower() in _cues().support_verbs
    ):
        verb = token.head  # "carried out air strikes inside Afghanistan"
        found = _place_for([verb.doc[i] for i in sorted(_clause_tokens(verb))], offset,
                           mentions, countries)
    if found is None and token.dep_ == "pobj" and token.head.head.pos_ == "VERB":
        verb = token.head.head
        found = _place_for([verb.doc[i] for i in sorted(_clause_tokens(verb))], offset,
                           mentions, countries)
    return found


# -- auxiliary modes --------------------------------------------------------------------------


def _verb_group(token: Token) -> Token:
    """The verb a nominal event hangs on ("announces withdrawal"), or the trigger itself."""
    if token.pos_ == "NOUN" and token.dep_ in ("dobj", "nsubj", "nsubjpass", "attr"):
        return token.head
    return token


def _aux_modes(token: Token) -> set[str]:
    cues = _cues()
    modes: set[str] = set()
    verb = _verb_group(token)
    chain = [verb]
    # "will remain ... to advise and train": the modal of the clause governs its infinitives.
    while chain[-1].dep_ in ("xcomp", "conj", "advcl") and chain[-1].head.pos_ in ("VERB",
                                                                                    "AUX"):
        if chain[-1].dep_ == "advcl" and not any(c.lower_ == "to" for c in chain[-1].children):
            break
        chain.append(chain[-1].head)
        if len(chain) > 4:
            break
    for v in chain:
        for child in v.children:
            word = child.lower_
            if child.dep_ == "neg" or (word in ("never", "no") and child.dep_ in ("advmod", "det")):
                modes.add("negation")
            if child.dep_ == "aux" and word in cues.future:
                modes.add("future")
            if child.dep_ == "aux" and word in cues.hypothetical:
                modes.add("hypothetical")
            if child.dep_ == "mark" and word == "if":
                modes.add("hypothetical")
            if child.dep_ == "mark" and word == "since" and v.tag_ in ("VBD", "VBN"):
                modes.add("historical")
    if any(v.dep_ == "xcomp" and v.head.lemma_.lower() in cues.plan_verbs for v in chain):
        modes.add("future")
    return modes


# -- coding -----------------------------------------------------------------------------------


def _matching_trigger(token: Token, mentions: list[Mention], offset: int) -> Trigger | None:
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


def _inside_other_event(token: Token, mentions: list[Mention], offset: int) -> bool:
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
    if verb.pos_ != "VERB" or verb.lemma_.lower() in _cues().support_verbs:
        return False
    return _matching_trigger(verb, mentions, offset) is not None


# Verbal events whose complement is their content, not an event of its own: "agreed to hold
# drills" is AGREE (the manual: AGREE is SUPPORT + future, THREATEN is ASSAULT +
# hypothetical); "called on Russia to withdraw" is REQUEST; "refused to withdraw" is REJECT.
_VERBAL = frozenset({"AGREE", "THREATEN", "REQUEST", "REJECT"})


def _mode_from_context(event: str, token: Token, mentions: list[Mention], offset: int) -> str:
    """A mode the trigger leaves open, read off its clause: the instrument of an attack, the
    way of a meeting, the category of what is asked, threatened or refused."""
    if event in ("ASSAULT", "CONSULT"):
        table = _word_modes("assault_instruments" if event == "ASSAULT" else "consult_modes")
        doc = token.doc
        for i in sorted(_clause_tokens(token) | {t.i for t in token.subtree}):
            mode = table.get(doc[i].lemma_.lower()) or table.get(doc[i].lower_)
            if mode:
                return mode
        return ""
    modes = _coding()["content_modes"].get(event)
    if not modes:
        return ""
    for child in token.children:
        if child.dep_ in ("xcomp", "ccomp") and child.pos_ == "VERB":
            content = _matching_trigger(child, mentions, offset)
            if content is not None and content.event in modes:
                return modes[content.event]
    return ""


def _content_of_verbal_event(token: Token, mentions: list[Mention], offset: int) -> bool:
    node = token
    while node.dep_ == "conj" and node.head.pos_ == "VERB":
        node = node.head
    if node.dep_ != "xcomp" or node.head.pos_ != "VERB":
        return False
    governing = _matching_trigger(node.head, mentions, offset)
    return governing is not None and governing.event in _VERBAL


def _object_is_place(token: Token, mentions: list[Mention], offset: int) -> bool:
    """"leave Iraq" is a withdrawal; "leave behind the dark years" is not."""
    for child in token.children:
        if child.dep_ in ("dobj", "nsubjpass"):
            at = offset + child.idx
            if any(m.place and m.start <= at < m.end for m in mentions):
                return True
    return False


def _arguments(token: Token, roles: tuple[str, ...], offset: int, mentions: list[Mention],
               exclude: set[int]) -> list[tuple[dict, Evidence]]:
    for role in roles:
        found = []
        for child in _children(token, role):
            for part in _with_conjuncts(child):
                mention = _actor_for(part, offset, mentions)
                if mention is not None and id(mention) not in exclude:
                    exclude.add(id(mention))
                    found.append((_entity(mention), Evidence(mention.text, mention.start,
                                                             mention.end)))
        if found:
            return found
    return []


def _support_subject(token: Token, offset: int, mentions: list[Mention],
                     exclude: set[int]) -> list[tuple[dict, Evidence]]:
    """A nominal event's actor is often the subject of its support verb: "the council passed a
    resolution", "the army launched an offensive"."""
    if token.pos_ != "NOUN" or token.dep_ not in ("dobj", "nsubjpass"):
        return []
    if token.head.lemma_.lower() not in _cues().support_verbs:
        return []
    subject = _subject(token.head)
    if subject is None:
        return []
    mention = _actor_for(subject, offset, mentions)
    if mention is None or id(mention) in exclude:
        return []
    exclude.add(id(mention))
    return [(_entity(mention), Evidence(mention.text, mention.start, mention.end))]


def _in_quote(start: int, quotes: list[tuple[int, int]]) -> bool:
    return any(s <= start < e for s, e in quotes)


def code_events(blocks: Sequence[tuple[Doc, int, bool]], analysis: Analysis,
                mentions: Sequence[Mention], countries: Sequence[str]) -> list[Event]:
    """The article's events. ``blocks`` are its English blocks as (doc, offset of the block in
    Article.text, in a caption); ``mentions`` every mention of the article (entities and
    pronoun mentions) sorted by start; ``countries`` the article's countries, most important
    first. Reads ``analysis.article``, ``times``, ``quantities`` and ``quotes``, all complete."""
    drafts: list[_Draft] = []
    for doc, offset, in_caption in blocks:
        end = offset + len(doc.text)
        inside = [m for m in mentions if offset <= m.start < end]
        drafts += code_block(doc, offset, analysis, inside, in_caption, list(countries))
    return finish_events(drafts, analysis, list(countries))


def code_block(doc: Doc, offset: int, analysis: Analysis, mentions: list[Mention],
               in_caption: bool, countries: list[str] | None = None) -> list[_Draft]:
    """Draft events in one English block."""
    drafts = []
    quotes = [(q.start, q.end) for q in analysis.quotes]
    if countries is None:
        countries = _article_countries(analysis)
    for token in doc:
        if token.pos_ not in ("VERB", "NOUN", "PROPN") or _in_quote(offset + token.idx, quotes):
            continue
        trigger = _matching_trigger(token, mentions, offset)
        if trigger is None or _inside_other_event(token, mentions, offset) or (
            _content_of_verbal_event(token, mentions, offset)
        ):
            continue
        taken: set[int] = set()
        draft = _Draft(trigger, token, offset, trigger.mode, in_caption=in_caption)
        draft.actor = _arguments(token, trigger.actor, offset, mentions, taken) or (
            _support_subject(token, offset, mentions, taken))
        draft.recipient = _arguments(token, trigger.recipient, offset, mentions, taken) or (
            _nearby_recipient(token, offset, mentions, taken))
        if not draft.recipient and token.pos_ == "NOUN":
            draft.recipient = _first_actor_inside(token, offset, mentions, taken)
        draft.aux = _aux_modes(token) | ({"negation"} if _denied(token) else set())
        draft.mode = draft.mode or _mode_from_context(trigger.event, token, mentions, offset)
        draft.place = _location(token, offset, mentions, countries)
        draft.time = _time_for(token, offset, doc, analysis.times)
        _sizes(draft, token, offset, doc, analysis.quantities, mentions)
        draft.attribution = _reported_by(token, offset, mentions)
        sentence = token.sent
        draft.reports.append((Evidence(token.text, offset + token.idx,
                                       offset + token.idx + len(token)),
                              Evidence(sentence.text, offset + sentence.start_char,
                                       offset + sentence.end_char)))
        drafts.append(draft)
    _attributions(doc, offset, drafts, mentions)
    return drafts


_RECIPIENT_PREPS = ("to", "with", "on", "against", "for")


def _nearby_recipient(token: Token, offset: int, mentions: list[Mention],
                      exclude: set[int]) -> list[tuple[dict, Evidence]]:
    """Where the lexicon's roles find no recipient, the usual other places: the complement of
    a promise ("promised to send helmets to Ukraine", "agreed to lend Sri Lanka ..."), the
    object's own phrase ("held talks with Putin"), or the verb of a nominal event ("expressed
    solidarity with Israel")."""
    places: list[Token] = []
    if token.pos_ == "VERB":
        for child in token.children:
            if child.dep_ in ("xcomp", "ccomp") and child.pos_ == "VERB":
                places += [c for c in child.children if c.dep_ in ("dative", "dobj")]
                places += _prep_objects(child)
            if child.dep_ == "dobj":
                places += _prep_objects(child)
            if child.dep_ == "dative":
                places.append(child)
    elif token.dep_ == "dobj" and token.head.pos_ == "VERB":
        places += _prep_objects(token.head)
    for place in places:
        mention = _actor_for(place, offset, mentions)
        if mention is not None and id(mention) not in exclude:
            exclude.add(id(mention))
            return [(_entity(mention), Evidence(mention.text, mention.start, mention.end))]
    return []


def _prep_objects(token: Token) -> list[Token]:
    return [g for c in token.children if c.dep_ == "prep" and c.lower_ in _RECIPIENT_PREPS
            for g in c.children if g.dep_ == "pobj"]


def _first_actor_inside(token: Token, offset: int, mentions: list[Mention],
                        exclude: set[int]) -> list[tuple[dict, Evidence]]:
    """"a resolution calling for an end to the US military presence": who it is aimed at."""
    start, end = _span_of(token, offset)
    for m in mentions:
        if start <= m.start and m.end <= end and m.actor and m.actor.get("code") and (
            id(m) not in exclude and m.start > offset + token.idx
        ):
            exclude.add(id(m))
            return [(_entity(m), Evidence(m.text, m.start, m.end))]
    return []


def _article_countries(analysis: Analysis) -> list[str]:
    counts: dict[str, int] = {}
    for m in analysis.entities:
        code = (m.place or {}).get("country_code")
        if code:
            counts[code] = counts.get(code, 0) + 1
    return sorted(counts, key=lambda c: -counts[c])


_OTHER_CLAUSES = frozenset({"ccomp", "advcl", "relcl", "acl", "parataxis", "csubj"})


def _clause_tokens(token: Token) -> set[int]:
    """Token indices of the trigger's own clause: its verb's subtree without the other
    clauses hanging on it (a "that ..." complement has times of its own). Cached per doc:
    time, counts, place and mode all ask for it."""
    if _CLAUSES.get("doc") is not token.doc:  # a new block: forget the last one's clauses
        _CLAUSES.clear()
        _CLAUSES["doc"] = token.doc
    if token.i not in _CLAUSES:
        _CLAUSES[token.i] = _clause_of(token)
    return _CLAUSES[token.i]


_CLAUSES: dict = {}  # token index -> clause, for the doc under "doc"


def _clause_of(token: Token) -> set[int]:
    verb = _verb_group(token)
    while verb.dep_ == "xcomp" and verb.head.pos_ in ("VERB", "AUX"):
        verb = verb.head
    keep: set[int] = set()
    stack = [verb]
    while stack:
        node = stack.pop()
        keep.add(node.i)
        for child in node.children:
            other = child.dep_ in _OTHER_CLAUSES or (child.dep_ == "conj" and child.pos_ in (
                "VERB", "AUX"))
            if other and token not in child.subtree:
                continue
            stack.append(child)
    return keep


def _time_for(token: Token, offset: int, doc: Doc,
              times: list[TimeExpression]) -> TimeExpression | None:
    """The time expression of the trigger's own clause (nearest first)."""
    clause = _clause_tokens(token)
    here = offset + token.idx
    candidates = []
    for t in times:
        span = doc.char_span(t.start - offset, t.end - offset, alignment_mode="expand")
        if span is not None and span.root.i in clause:
            candidates.append(t)
    if not candidates:
        verb = _verb_group(token)
        if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
            return _time_for(verb.head, offset, doc, times)  # "... were fired, and three landed"
        return None
    return min(candidates, key=lambda t: abs(t.start - here))


def _sizes(draft: _Draft, token: Token, offset: int, doc: Doc, quantities: list[Quantity],
           mentions: list[Mention]) -> None:
    clause = _clause_tokens(token)
    for q in quantities:
        span = doc.char_span(q.start - offset, q.end - offset, alignment_mode="expand")
        if span is None or span.root.i not in clause:
            continue
        evidence = Evidence(q.text, q.start, q.end)
        if q.kind in SIZE_KINDS:
            draft.sizes.setdefault(q.kind, (int(q.value), evidence))
        elif q.kind in ("weapons", "troops", "people", "money"):
            draft.counts.append({"value": q.value, "kind": q.kind, "text": q.text,
                                 "approximate": q.approximate})
    # A killing with named victims and no count: the victims are the dead.
    if (draft.trigger.event == "ASSAULT" and token.lemma_.lower() in _cues().killing
            and "dead" not in draft.sizes and draft.recipient):
        people = [r for r, _ in draft.recipient if r.get("identifier_text")]
        if people:
            first, last = draft.recipient[0][1], draft.recipient[-1][1]
            draft.sizes["dead"] = (len(people), Evidence(
                doc.text[first.start - offset : last.end - offset], first.start, last.end))


def _denied(token: Token) -> bool:
    """"The Kremlin denied that Russian missiles had hit ...": the speaker negates it."""
    node = _verb_group(token)
    while node.dep_ in ("ccomp", "conj") and node.head is not node:
        if node.dep_ == "ccomp" and node.head.lemma_.lower() in _cues().denial_verbs:
            return True
        node = node.head
    return False


def _reported_by(token: Token, offset: int, mentions: list[Mention]) -> dict | None:
    """"the ministry said (that) X shelled Y": the ministry asserts the event."""
    node = _verb_group(token)
    while node.dep_ in ("ccomp", "conj", "xcomp") and node.head is not node:
        head = node.head
        if node.dep_ == "ccomp" and head.lemma_.lower() in _cues().speech_verbs:
            subject = _subject(head)
            if subject is None:
                return None
            mention = _actor_for(subject, offset, mentions)
            start, end = _span_of(subject, offset)
            return {"text": subject.doc.text[subject.left_edge.idx : subject.right_edge.idx
                                             + len(subject.right_edge)],
                    "start": start, "end": end, "cue": head.text,
                    "actor": _entity(mention) if mention else None}
        node = head
    return None


def _attributions(doc: Doc, offset: int, drafts: list[_Draft], mentions: list[Mention]) -> None:
    """"The attacks have been attributed to X": X is who is said to have done the events that
    sentence refers back to; the sentence is not a new event."""
    cues = _cues()
    for token in doc:
        if token.lemma_.lower() not in cues.attribution_verbs:
            continue
        targets = [g for c in token.children if c.dep_ == "prep" and c.lower_ in ("to", "on")
                   for g in c.children if g.dep_ == "pobj"]
        subjects = [c for c in token.children if c.dep_ in ("nsubjpass", "nsubj")]
        if not targets or not subjects:
            continue
        claimed = _actor_for(targets[0], offset, mentions)
        start, end = _span_of(targets[0], offset)
        attribution = {"text": doc.text[start - offset : end - offset], "start": start,
                       "end": end, "cue": token.text,
                       "actor": _entity(claimed) if claimed else None}
        referring = [d for d in drafts if d.token.sent == token.sent
                     and d.token.i in range(subjects[0].left_edge.i, subjects[0].right_edge.i + 1)]
        for d in referring:
            d.attribution = attribution
            d.aux.add("anaphoric")  # folds into the events it refers back to
        category = referring[0].trigger.event if referring else "ASSAULT"
        for d in drafts:
            if d.trigger.event == category and d.token.i < token.i and d.attribution is None and (
                not d.actor
            ):
                d.attribution = attribution


# -- from drafts to events --------------------------------------------------------------------


def _codes(arguments: list[tuple[dict, Evidence]]) -> frozenset[str]:
    return frozenset(a["code"] for a, _ in arguments if a.get("code"))


def _names(arguments: list[tuple[dict, Evidence]]) -> frozenset[str]:
    return frozenset(a["identifier_text"] for a, _ in arguments if a.get("identifier_text"))


def _compatible(a: frozenset[str], b: frozenset[str]) -> bool:
    return not a or not b or a == b


def _same_event(a: _Draft, b: _Draft) -> bool:
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
    if a.place and b.place and a.place[0].get("resolved_place") != b.place[0].get(
        "resolved_place"
    ):
        return False
    dates = (a.time.date if a.time else None, b.time.date if b.time else None)
    return not (dates[0] and dates[1] and dates[0][:7] != dates[1][:7])


def _elaborates(head: _Draft, part: _Draft) -> bool:
    """"air strikes ..., killing eight civilians": a participle clause of an event that tells
    its outcome is the same event."""
    token = part.token
    return (head.trigger.event == part.trigger.event and token.sent == head.token.sent
            and token.tag_ in ("VBG", "VBN") and token.dep_ in ("advcl", "xcomp", "acl")
            and token.head.i in {t.i for t in head.token.subtree} | {head.token.head.i})


def _merge(into: _Draft, other: _Draft) -> None:
    into.reports += other.reports
    for name in ("actor", "recipient"):
        known = {(a.get("code"), a.get("identifier_text")) for a, _ in getattr(into, name)}
        for item in getattr(other, name):
            if (item[0].get("code"), item[0].get("identifier_text")) not in known:
                getattr(into, name).append(item)
    into.aux |= other.aux - {"anaphoric"}
    into.place = into.place or other.place
    into.time = into.time or other.time
    for kind, value in other.sizes.items():
        into.sizes.setdefault(kind, value)
    into.counts += [c for c in other.counts if c not in into.counts]
    into.attribution = into.attribution or other.attribution
    into.in_caption = into.in_caption and other.in_caption


def _historical(draft: _Draft, published: str | None) -> bool:
    if "historical" in draft.aux:
        return True
    if draft.time and draft.time.date and published:
        return (Date.fromisoformat(published) - Date.fromisoformat(draft.time.date)).days > (
            HISTORICAL_DAYS)
    return False


def finish_events(drafts: list[_Draft], analysis: Analysis,
                  countries: list[str] | None = None) -> list[Event]:
    """Merge the reports of one event, then fill every field."""
    merged: list[_Draft] = []
    for draft in drafts:
        same = next((m for m in merged if _same_event(m, draft) or _elaborates(m, draft)),
                    None)
        if same is not None:
            _merge(same, draft)
        elif "anaphoric" not in draft.aux:
            merged.append(draft)
    # An event dated only relative to a historical one ("two days later") is historical too.
    historical_sentences = {sentence.start for d in merged
                            if _historical(d, analysis.article.published.date)
                            for _, sentence in d.reports}
    for d in merged:
        if d.time and d.time.anchor == "relative" and any(
            sentence.start in historical_sentences for _, sentence in d.reports
        ):
            d.aux.add("historical")
    if countries is None:
        countries = _article_countries(analysis)  # once per article, not once per event
    fallback = countries[0] if countries else None
    return [_event(d, analysis, fallback) for d in merged]


def _fill_codes(draft: _Draft, fallback: str | None) -> None:
    """"Police arrested 31 protesters in Lagos": police and protesters of the country where
    it happened (else of the article's main country)."""
    code = (draft.place[0].get("country_code") if draft.place else None) or fallback
    for entity, _ in draft.actor + draft.recipient:
        if not entity.get("code") and code:
            entity["code"] = code


def _domestic_place(draft: _Draft) -> tuple[dict, Evidence] | None:
    """When the text names no place: an event among one country's own actors ("police
    arrested protesters") happened in that country, and a material act done to a country
    ("shelled Ukraine") happened on its soil."""
    codes = {a.get("code") for a, _ in draft.actor + draft.recipient}
    recipients = {r.get("code") for r, _ in draft.recipient} - {None}
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
    return place.to_dict(), (draft.actor or draft.recipient)[0][1]


def _event(draft: _Draft, analysis: Analysis, fallback_country: str | None) -> Event:
    onto = ontology()
    article = analysis.article
    _fill_codes(draft, fallback_country)
    draft.place = draft.place or _domestic_place(draft)
    trigger, sentence = draft.reports[0]
    aux = sorted((draft.aux - {"anaphoric"}) | (
        {"historical"} if _historical(draft, article.published.date) else set()))
    date, enddate, granularity = _dates(draft, article.published.date, aux)
    basis = "text" if draft.time is not None and draft.time.date else (
        "publication" if date else None)
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
        names = {a.get("identifier_text") or a.get("entity_text") for a, _ in draft.actor}
        draft.recipient = [r for r in draft.recipient
                           if (r[0].get("identifier_text") or r[0].get("entity_text")) not in names]
    digest = hashlib.sha256(f"{article.id}|{event}|{trigger.start}".encode()).hexdigest()[:16]
    confidence = 0.4 + 0.25 * bool(draft.actor) + 0.15 * bool(draft.recipient) + (
        0.1 * bool(draft.place)) + 0.1 * bool(draft.time) - 0.2 * draft.in_caption
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
        confidence=round(max(0.05, min(confidence, 0.95)), 2),
        cameo=onto.cameo_code(event, mode), quad_code=onto.quad[event],
        event_scale=onto.event_scale(event, mode),
    )


def _dates(draft: _Draft, published: str | None,
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
