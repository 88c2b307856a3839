"""Rule-based, explainable coreference: titles and role nouns resolved to an office holder
link to that person's earlier named mention; personal pronouns link to the most recent
person named as a subject within the last few sentences."""

from __future__ import annotations

from spacy.tokens import Doc

from ..model import CorefLink, Mention
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
    for i, m in enumerate(mentions):
        if not m.actor or m.actor.kind not in ("office",) and m.label != "AGENT":
            continue
        name = m.actor.name
        if not name:
            continue
        earlier = [e for e in mentions[:i] if e.actor and e.actor.name == name
                   and e.label != "AGENT" and e.end <= m.start]
        if earlier:
            a = earlier[-1]
            links.append(CorefLink(m.text, m.start, m.end, a.text, a.start, a.end, "title"))
    return links


def pronoun_links(doc: Doc, offset: int, mentions: list[Mention],
                  subjects: set[int]) -> list[tuple[CorefLink, Mention]]:
    """Pronouns in one English block, each with the mention it refers to."""
    sentence_starts = sorted({offset + s.start_char for s in doc.sents})
    out = []
    for token in doc:
        if token.lower_ in GROUP_PRONOUNS and token.pos_ == "PRON":
            linked = _speaker_of_complement(token, offset, mentions)
            if linked is not None:
                out.append(linked)
            continue
        if token.lower_ not in PRONOUNS or token.pos_ != "PRON":
            continue
        at = offset + token.idx
        current = max((s for s in sentence_starts if s <= at), default=offset)
        earlier_starts = [s for s in sentence_starts if s <= current]
        window = earlier_starts[-PRONOUN_REACH - 1] if len(earlier_starts) > PRONOUN_REACH else 0
        candidates = [m for m in mentions if _is_person(m) and window <= m.start and m.end <= at]
        if not candidates:
            continue
        as_subject = [m for m in candidates if any(s in subjects for s in range(m.start, m.end))]
        antecedent = (as_subject or candidates)[-1]
        link = CorefLink(token.text, at, at + len(token), antecedent.text, antecedent.start,
                         antecedent.end, "pronoun")
        out.append((link, Mention(token.text, at, at + len(token), "PRON", antecedent.actor)))
    return out


def _speaker_of_complement(token, offset: int,
                           mentions: list[Mention]) -> tuple[CorefLink, Mention] | None:
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
    found = [m for m in mentions if m.actor and m.start <= at < m.end]
    if not found:
        return None
    antecedent = found[0]
    here = offset + token.idx
    link = CorefLink(token.text, here, here + len(token), antecedent.text, antecedent.start,
                     antecedent.end, "speaker")
    return link, Mention(token.text, here, here + len(token), "PRON", antecedent.actor)
