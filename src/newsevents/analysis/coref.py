"""Rule-based, explainable coreference: titles and role nouns resolved to an office holder
link to that person's earlier named mention; personal pronouns link to the most recent
person named as a subject within the last few sentences."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from spacy.tokens import Doc

from ..model import CorefLink, Mention
from .spans import SpanIndex
from .tree import children

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
