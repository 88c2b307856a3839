"""Where, when, how big, in what mode and on whose word: read off the trigger's clause."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, replace

from spacy.tokens import Doc, Token

from ...knowledge.ontology import ontology
from ...knowledge.places import FACILITY, resolve_place
from ...model import Evidence, Mention, Place, Quantity, Quote, TimeExpression
from ..quotes import described_speaker
from ..spans import indexed
from ..tree import MODIFIERS, children, phrase, prep_objects, span_of, subject
from .arguments import actor_for, entity
from .cues import coding, cues, word_modes
from .frame import Draft, EventFrame, clause_of, verb_group
from .triggers import in_quote, matching_trigger

SIZE_KINDS = ("dead", "injured", "arrested")
COUNT_KINDS = ("weapons", "troops", "people", "money")
ARREST_EVENTS = ("COERCE",)  # the category of arrest and detention: the only "arrested" size

Located = tuple[Place, Evidence]  # a place and the words it comes from

# -- place ------------------------------------------------------------------------------------


def _place_for(tokens: list[Token], offset: int, mentions: Sequence[Mention],
               countries: Sequence[str]) -> Located | None:
    """Where the event happened: the most specific place in the location phrases (at, in,
    near, on ...) among ``tokens``. A whole phrase may itself be a facility ("Baghdad's
    international airport"); a nationality modifier ("US facilities") is not a place."""
    best = None
    for prep in tokens:
        if prep.dep_ != "prep" or prep.lower_ not in cues().location_preps:
            continue
        for obj in children(prep, "pobj"):
            start, end = span_of(obj, offset)
            # The phrase up to its head word: "Baghdad's international airport" without the
            # relative clause that may follow it.
            head_phrase = obj.doc[obj.left_edge.i : obj.i + 1].text
            whole = resolve_place(head_phrase, list(countries))
            if whole is not None and whole.resolution == FACILITY:
                return whole, Evidence(head_phrase, start, offset + obj.idx + len(obj))
            for m in indexed(mentions).inside(start, end):
                if not m.place:
                    continue
                head = obj.doc.char_span(m.start - offset, m.end - offset,
                                         alignment_mode="expand")
                if head is not None and head.root.dep_ in MODIFIERS:
                    continue
                if best is None or m.place.resolution > best[0].resolution:
                    best = (m.place, Evidence(m.text, m.start, m.end))
    return best


def _object_place(verb: Token, offset: int, mentions: Sequence[Mention]) -> Located | None:
    """The most specific place named in the verb's object ("shelled the centre of Kherson",
    "stormed a studio in Guayaquil" has it in its phrase)."""
    best = None
    for obj in children(verb, "dobj", "nsubjpass"):
        start, end = span_of(obj, offset)
        for m in indexed(mentions).inside(start, end):
            if m.place and (best is None or m.place.resolution > best[0].resolution):
                best = (m.place, Evidence(m.text, m.start, m.end))
    return best


def _clause_place(verb: Token, clause: frozenset[int], offset: int,
                  mentions: Sequence[Mention], countries: Sequence[str]) -> Located | None:
    doc = verb.doc
    return _place_for([doc[i] for i in sorted(clause)], offset, mentions, countries)


def location(frame: EventFrame, mentions: Sequence[Mention],
             countries: Sequence[str], acted_on: bool = False) -> Located | None:
    """A verb's location is in its clause; a nominal event's in its own phrase, unless it is
    the object of a preposition of its verb ("confirmed ... in the presence of").
    ``acted_on`` (a material conflict): a place it is done to is where it happened
    ("shelled the centre of Kherson")."""
    token, offset = frame.token, frame.offset
    if token.pos_ == "VERB":
        found = _clause_place(token, frame.clause, offset, mentions, countries)
        if found is None and acted_on:
            found = _object_place(token, offset, mentions)
        return found
    found = _place_for(list(token.subtree), offset, mentions, countries)
    if found is None and token.dep_ in ("dobj", "nsubjpass") and (
        token.head.lemma_.lower() in cues().support_verbs
    ):
        verb = token.head  # "carried out air strikes inside Afghanistan"
        found = _clause_place(verb, clause_of(verb), offset, mentions, countries)
    if found is None and token.dep_ == "pobj" and token.head.head.pos_ == "VERB":
        verb = token.head.head
        found = _clause_place(verb, clause_of(verb), offset, mentions, countries)
    return found


# -- auxiliary modes and the mode -------------------------------------------------------------


def aux_modes(frame: EventFrame) -> set[str]:
    """future, hypothetical, negation, historical: from the verb group and the verbs that
    govern it ("will remain ... to advise and train"), if-clauses and since-clauses."""
    c = cues()
    modes: set[str] = set()
    chain = [frame.verb]
    # "will remain ... to advise and train": the modal of the clause governs its infinitives.
    while chain[-1].dep_ in ("xcomp", "conj", "advcl") and chain[-1].head.pos_ in ("VERB",
                                                                                    "AUX"):
        if chain[-1].dep_ == "advcl" and not any(t.lower_ == "to" for t in chain[-1].children):
            break
        chain.append(chain[-1].head)
        if len(chain) > 4:
            break
    for v in chain:
        for child in v.children:
            word = child.lower_
            if child.dep_ == "neg" or (word in ("never", "no") and child.dep_ in ("advmod", "det")):
                modes.add("negation")
            if child.dep_ == "aux" and word in c.future:
                modes.add("future")
            if child.dep_ == "aux" and word in c.hypothetical:
                # "said it would withdraw": reported speech moves "will" back to "would"
                modes.add("future" if word == "would" and _reported(v) else "hypothetical")
            if child.dep_ == "mark" and word == "if":
                modes.add("hypothetical")
            if child.dep_ == "mark" and word == "since" and v.tag_ in ("VBD", "VBN"):
                modes.add("historical")
    if any(v.dep_ == "xcomp" and v.head.lemma_.lower() in c.plan_verbs for v in chain):
        modes.add("future")
    return modes


def _reported(verb: Token) -> bool:
    """The verb is what a speech verb says ("announced that it would ..."), with no
    condition of its own."""
    return verb.dep_ == "ccomp" and verb.head.lemma_.lower() in cues().speech_verbs and not (
        _conditional(verb))


def _conditional(verb: Token) -> bool:
    """The verb has a condition clause ("... if the deal is not reached")."""
    conditions = coding()["conditions"]
    return any(child.dep_ == "advcl" and any(
        g.dep_ == "mark" and g.lower_ in conditions for g in child.children)
        for child in verb.children)


def single_category(draft: Draft) -> None:
    """The manual's single category for an event still to come (coding.toml [future_as]
    and conditional_threats): "will meet next month" is AGREE, "announced it would withdraw"
    CONCEDE, and "would strike if the deal is not reached", said by the strikers, a threat.
    A denied event stays what it is."""
    c, event, aux = coding(), draft.trigger.event, draft.aux
    if "negation" in aux or not aux & {"future", "hypothetical"}:
        return
    if event in c["conditional_threats"] and _conditional(draft.frame.verb) and (
        _own_word(draft)
    ):
        _recode(draft, "THREATEN", c["content_modes"]["THREATEN"].get(event, ""))
        draft.aux -= {"future", "hypothetical"}
    elif "future" in aux and (to := c["future_as"].get(event)):
        _recode(draft, to, draft.mode)
        if to == "AGREE":  # AGREE is the future already; CONCEDE keeps "future" (manual)
            draft.aux.discard("future")


def _own_word(draft: Draft) -> bool:
    """No one else is said to assert it: a threat is made by its actor, not predicted by an
    analyst."""
    if draft.attribution is None:
        return True
    said = draft.attribution.get("actor") or {}
    return bool(said.get("code")) and any(a.code == said["code"] for a, _ in draft.actor)


def _recode(draft: Draft, event: str, mode: str) -> None:
    if (event, mode) not in ontology().mode_score:  # a mode of the old category
        mode = ""
    draft.trigger = replace(draft.trigger, event=event, mode=mode)
    draft.mode = mode


def denied(frame: EventFrame) -> bool:
    """"The Kremlin denied that Russian missiles had hit ...": the speaker negates it."""
    node = frame.verb
    while node.dep_ in ("ccomp", "conj") and node.head is not node:
        if node.dep_ == "ccomp" and node.head.lemma_.lower() in cues().denial_verbs:
            return True
        node = node.head
    return False


def mode_from_context(event: str, frame: EventFrame, mentions: Sequence[Mention]) -> str:
    """A mode the trigger leaves open, read off its clause: the instrument of an attack, the
    way of a meeting, the category of what is asked, threatened or refused."""
    token = frame.token
    if event in ("ASSAULT", "CONSULT"):
        table = word_modes("assault_instruments" if event == "ASSAULT" else "consult_modes")
        doc = token.doc
        for i in sorted(frame.clause | {t.i for t in token.subtree}):
            mode = table.get(doc[i].lemma_.lower()) or table.get(doc[i].lower_)
            if mode:
                return mode
        return ""
    modes = coding()["content_modes"].get(event)
    if not modes:
        return ""
    for child in token.children:
        if child.dep_ in ("xcomp", "ccomp") and child.pos_ == "VERB":
            content = matching_trigger(child, mentions, frame.offset)
            if content is not None and content.event in modes:
                return modes[content.event]
    return ""


# -- time and sizes ---------------------------------------------------------------------------


def time_for(frame: EventFrame, times: Sequence[TimeExpression]) -> TimeExpression | None:
    """The time expression of the trigger's own clause (nearest first)."""
    return _time_in(frame.token, frame.clause, frame.offset, times)


def _time_in(token: Token, clause: frozenset[int], offset: int,
             times: Sequence[TimeExpression]) -> TimeExpression | None:
    doc = token.doc
    here = offset + token.idx
    candidates = []
    for t in _near_clause(doc, clause, offset, times):
        span = doc.char_span(t.start - offset, t.end - offset, alignment_mode="expand")
        if span is not None and span.root.i in clause:
            candidates.append(t)
    if not candidates:
        verb = verb_group(token)
        if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
            # "... were fired, and three landed"
            return _time_in(verb.head, clause_of(verb.head), offset, times)
        return None
    return min(candidates, key=lambda t: abs(t.start - here))


def _near_clause(doc: Doc, clause: frozenset[int], offset: int, spans: Sequence) -> list:
    """The items of ``spans`` (times, quantities; offsets in Article.text) near the clause's
    words: a bisection of the position index, so a trigger costs what its clause holds. Every
    item whose words may hold a word of the clause is among them (with a margin for the
    alignment of a span to its tokens)."""
    first, last = doc[min(clause)], doc[max(clause)]
    margin = 8
    return indexed(spans).overlapping(offset + first.idx - margin,
                                      offset + last.idx + len(last) + margin)


def sizes(draft: Draft, quantities: Sequence[Quantity]) -> None:
    """The dead, injured and arrested, and the other counts, of the trigger's clause. Only
    an arrest (COERCE) has arrested; the prisoners of another event are counted people."""
    frame = draft.frame
    doc, offset = frame.doc, frame.offset
    for q in _near_clause(doc, frame.clause, offset, quantities):
        span = doc.char_span(q.start - offset, q.end - offset, alignment_mode="expand")
        if span is None or span.root.i not in frame.clause:
            continue
        evidence = Evidence(q.text, q.start, q.end)
        kind = q.kind
        if kind == "arrested" and draft.trigger.event not in ARREST_EVENTS:
            # "released 900 prisoners", "agreed to free 100 detainees": people freed or
            # held, not an arrest (the manual: a release is RETREAT); they are counted.
            kind = "people"
        if kind in SIZE_KINDS:
            draft.sizes.setdefault(kind, (int(q.value), evidence))
        elif kind in COUNT_KINDS:
            draft.counts.append({"value": q.value, "kind": kind, "text": q.text,
                                 "approximate": q.approximate})
    # A killing with named victims and no count: the victims are the dead.
    if (draft.trigger.event == "ASSAULT" and frame.token.lemma_.lower() in cues().killing
            and "dead" not in draft.sizes and draft.recipient):
        people = [r for r, _ in draft.recipient if r.identifier_text]
        if people:
            first, last = draft.recipient[0][1], draft.recipient[-1][1]
            draft.sizes["dead"] = (len(people), Evidence(
                _text_of(frame, first.start, last.end), first.start, last.end))


def _text_of(frame: EventFrame, start: int, end: int) -> str:
    """Article text from ``start`` to ``end``, read off the trigger's sentence when it holds
    them (Doc.text rebuilds the whole block on every call)."""
    sentence, offset = frame.token.sent, frame.offset
    low = offset + sentence.start_char
    if low <= start and end <= offset + sentence.end_char:
        return sentence.text[start - low : end - low]
    return frame.doc.text[start - offset : end - offset]


# -- attribution ------------------------------------------------------------------------------


def _attribution(target: Token, offset: int, cue: Token, mentions: Sequence[Mention]) -> dict:
    mention = actor_for(target, offset, mentions)
    if mention is not None:  # "an official of the party said": the party's (quotes.py)
        mention = described_speaker(mention, target, offset, indexed(mentions))
    start, end = span_of(target, offset)
    return {"text": phrase(target).text, "start": start, "end": end, "cue": cue.text,
            "actor": asdict(entity(mention)) if mention else None}


def reported_by(frame: EventFrame, mentions: Sequence[Mention],
                quotes: Sequence[Quote] = ()) -> dict | None:
    """"the ministry said (that) X shelled Y": the ministry asserts the event. An event
    inside a quote is asserted by the quote's speaker, whatever the parse of the sentence
    (a quote of several sentences, a speaker named in the sentence before)."""
    quote = in_quote(frame.start, quotes) if quotes else None
    node = frame.verb
    while node.dep_ in ("ccomp", "conj", "xcomp") and node.head is not node:
        head = node.head
        if node.dep_ == "ccomp" and head.lemma_.lower() in cues().speech_verbs:
            speaker = subject(head)
            if speaker is None:
                break
            if quote is not None and quote.speaker is not None and (
                quote.start <= frame.offset + speaker.idx < quote.end
            ):
                break  # a speech verb inside the quote ("we said we would ...")
            return _attribution(speaker, frame.offset, head, mentions)
        node = head
    if quote is not None and quote.speaker is not None:
        speaker = quote.speaker
        return {"text": speaker.text, "start": speaker.start, "end": speaker.end,
                "cue": quote.cue, "actor": asdict(entity(speaker)) if speaker.actor else None}
    return None


def attributions(doc: Doc, offset: int, drafts: Sequence[Draft],
                 mentions: Sequence[Mention]) -> None:
    """"The attacks have been attributed to X": X is who is said to have done the events that
    sentence refers back to; the sentence is not a new event."""
    for token in doc:
        if token.lemma_.lower() not in cues().attribution_verbs:
            continue
        targets = prep_objects(token, ("to", "on"))
        subjects = children(token, "nsubjpass", "nsubj")
        if not targets or not subjects:
            continue
        attribution = _attribution(targets[0], offset, token, mentions)
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
