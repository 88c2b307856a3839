"""Rule-based, explainable coreference: titles and role nouns resolved to an office holder
link to that person's earlier named mention; personal pronouns link to the most recent
person named as a subject within the last few sentences; first-person words inside a quote
link to the quote's speaker (``quote_speakers``, used by the event coder once quotes are
known)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc

from ..model import Actor, CorefLink, Mention, Quote
from .spans import SpanIndex
from .tree import children, doc_length

PRONOUNS = frozenset({"he", "him", "his", "she", "her", "hers"})
# "Hamas said it had accepted ...": "it"/"they" as the subject of what a speaker says is the
# speaker; elsewhere such pronouns are too ambiguous to link.
GROUP_PRONOUNS = frozenset({"it", "they", "its", "their"})
PRONOUN_REACH = 3  # sentences back
PERSON_KINDS = frozenset({"person", "office"})


def _is_person(m: Mention) -> bool:
    return bool(m.actor) and m.actor.kind in PERSON_KINDS and bool(m.actor.name)


def title_links(mentions: list[Mention]) -> list[CorefLink]:
    """"the US president" -> the earlier "Joe Biden" (same resolved person)."""
    links = []
    named: dict[str, list[Mention]] = {}  # a person's name -> its named mentions so far
    for m in mentions:
        if m.actor and m.actor.kind in ("office",) or m.label == "AGENT" and m.actor:
            name = m.actor.name
            # The latest earlier named mention that ends before this one (the few that
            # overlap it are skipped from the end).
            a = next((e for e in reversed(named.get(name, ())) if e.end <= m.start),
                     None) if name else None
            if a is not None:
                links.append(CorefLink(m.text, m.start, m.end, a.text, a.start, a.end, "title"))
        if m.actor and m.actor.name and m.label != "AGENT":
            named.setdefault(m.actor.name, []).append(m)
    return links


class Antecedents:
    """What a pronoun may refer to, indexed by position once per article: the persons, the
    persons named as a subject, and every resolved mention (for speakers)."""

    def __init__(self, mentions: Sequence[Mention], subjects: set[int]) -> None:
        people = [m for m in mentions if _is_person(m)]
        self.people = SpanIndex(people)
        self.subjects = SpanIndex(
            m for m in people if any(s in subjects for s in range(m.start, m.end)))
        self.actors = SpanIndex(m for m in mentions if m.actor)


def pronoun_links(doc: Doc, offset: int, mentions: Sequence[Mention] | Antecedents,
                  subjects: set[int]) -> list[tuple[CorefLink, Mention]]:
    """Pronouns in one English block, each with the mention it refers to. ``mentions`` is the
    article's mentions, or their ``Antecedents`` (built once per article, the cheap way for
    many blocks); ``subjects`` the offsets of subject words so far."""
    known = mentions if isinstance(mentions, Antecedents) else Antecedents(mentions, subjects)
    sentence_starts = sorted({offset + s.start_char for s in doc.sents})
    out = []
    for token in doc:
        if token.lower_ in GROUP_PRONOUNS and token.pos_ == "PRON":
            linked = _speaker_of_complement(token, offset, known.actors)
            if linked is not None:
                out.append(linked)
            continue
        if token.lower_ not in PRONOUNS or token.pos_ != "PRON":
            continue
        at = offset + token.idx
        here = bisect_right(sentence_starts, at)  # sentences that start at or before it
        current = sentence_starts[here - 1] if here else offset
        earlier = bisect_right(sentence_starts, current)
        window = sentence_starts[earlier - PRONOUN_REACH - 1] if earlier > PRONOUN_REACH else 0
        # The latest person before it in reach, preferring one named as a subject.
        antecedent = known.subjects.last_inside(window, at) or known.people.last_inside(
            window, at)
        if antecedent is None:
            continue
        link = CorefLink(token.text, at, at + len(token), antecedent.text, antecedent.start,
                         antecedent.end, "pronoun")
        out.append((link, Mention(token.text, at, at + len(token), "PRON", antecedent.actor)))
    return out


def _speaker_of_complement(token, offset: int,
                           actors: SpanIndex[Mention]) -> tuple[CorefLink, Mention] | None:
    clause = token.head
    if token.dep_ not in ("nsubj", "nsubjpass", "poss") or clause.dep_ != "ccomp":
        return None
    if token.dep_ == "poss":  # "said its forces ..." : the possessor of the subject
        if clause.dep_ != "nsubj":
            return None
        clause = clause.head
        if clause.dep_ != "ccomp":
            return None
    speakers = children(clause.head, "nsubj")
    if not speakers:
        return None
    speaker = speakers[0]
    at = offset + speaker.idx
    found = actors.at(at)
    if not found:
        return None
    antecedent = found[0]
    here = offset + token.idx
    link = CorefLink(token.text, here, here + len(token), antecedent.text, antecedent.start,
                     antecedent.end, "speaker")
    return link, Mention(token.text, here, here + len(token), "PRON", antecedent.actor)


# First-person words inside a quote stand for its speaker: "I" for the speaker, "we" and "our
# troops" for the speaker's side (country and sector, not the person).
FIRST_PERSON_SINGULAR = frozenset({"i", "me", "my", "mine", "myself"})
FIRST_PERSON_PLURAL = frozenset({"we", "us", "our", "ours", "ourselves"})
FIRST_PERSON = FIRST_PERSON_SINGULAR | FIRST_PERSON_PLURAL


def speaker_side(actor: Actor, word: str) -> Actor:
    """What a first-person word in a quote stands for: the speaker ("I"), or the speaker's
    side ("we": the speaker's country and sector, no name)."""
    if word.lower() in FIRST_PERSON_SINGULAR or not actor.name:
        return actor
    return replace(actor, name=None, kind="agent", title=None, role_start=None, role_end=None)


def quote_speakers(doc: Doc, offset: int, quotes: Sequence[Quote],
                   mentions: Sequence[Mention]) -> tuple[list[CorefLink], Sequence[Mention]]:
    """First-person words inside the block's quotes, linked to the quote's speaker: each
    pronoun ("we", "us", "I") becomes a mention of the speaker's side, and a described actor
    the speaker owns ("our troops", "my government") takes the speaker's country. Returns
    the links and the block's mentions with these added or replaced (``mentions`` when
    nothing changes)."""
    said = [q for q in SpanIndex(quotes).window(offset, offset + doc_length(doc))
            if q.speaker is not None and q.speaker.actor is not None]
    if not said:
        return [], mentions
    index = SpanIndex(mentions)
    links: list[CorefLink] = []
    added: list[Mention] = []
    replaced: dict[int, Mention] = {}
    for quote in said:
        speaker = quote.speaker
        span = doc.char_span(quote.start - offset, quote.end - offset, alignment_mode="expand")
        if span is None:
            continue
        for token in span:
            word = token.lower_
            if word not in FIRST_PERSON or token.pos_ != "PRON" and token.tag_ != "PRP$":
                continue
            at = offset + token.idx
            links.append(CorefLink(token.text, at, at + len(token), speaker.text, speaker.start,
                                   speaker.end, "quote speaker"))
            side = speaker_side(speaker.actor, word)
            if token.dep_ == "poss":
                # "our troops": the owned actor is of the speaker's country.
                for m in index.at(offset + token.head.idx):
                    if m.actor is not None and m.start >= quote.start and not m.actor.name and (
                        m.actor.code != side.code
                    ):
                        replaced[id(m)] = replace(m, actor=replace(
                            m.actor, code=side.code, patron=side.patron))
            if not any(m.actor and m.start == at and m.end == at + len(token)
                       for m in index.at(at)):
                added.append(Mention(token.text, at, at + len(token), "PRON", side))
    if not added and not replaced:
        return links, mentions
    # indexed once here: the event passes look mentions up by position thousands of times
    return links, SpanIndex([replaced.get(id(m), m) for m in mentions] + added)
