"""Walking the dependency parse: the helpers event coding and quote attribution share.

Plain functions of spaCy tokens; nothing here knows about events, quotes or mentions.
"""

from __future__ import annotations

from collections.abc import Container

from spacy.tokens import Doc, Span, Token

SUBJECTS = ("nsubj", "nsubjpass")
RELATIVE_PRONOUNS = frozenset({"which", "who", "that"})
# Dependencies of a word that only modifies another ("the US army", "aid workers").
MODIFIERS = frozenset({"compound", "amod", "poss", "nmod", "npadvmod"})


def doc_length(doc: Doc) -> int:
    """len(doc.text) without building it (Doc.text joins every token on each access)."""
    return doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0


def children(token: Token, *deps: str) -> list[Token]:
    """The token's children whose dependency is one of ``deps``, in order."""
    return [c for c in token.children if c.dep_ in deps]


def own_subject(token: Token) -> Token | None:
    """The first subject (active or passive) hanging on the token itself."""
    return next((c for c in token.children if c.dep_ in SUBJECTS), None)


def subject(token: Token) -> Token | None:
    """The subject of a verb, also through control and coordination ("will remain to advise
    and train", "led the council to pass") and relative clauses ("which hosts")."""
    found = own_subject(token)
    if found is not None:
        if found.lower_ in RELATIVE_PRONOUNS and token.dep_ == "relcl":
            return token.head
        return found
    if token.dep_ == "xcomp":
        objects = children(token.head, "dobj")
        return objects[0] if objects else subject(token.head)
    if token.dep_ in ("conj", "advcl") and token.head.pos_ in ("VERB", "AUX"):
        return subject(token.head)
    if token.dep_ == "relcl":
        return token.head
    return None


def conjuncts(token: Token) -> list[Token]:
    """The token and the words coordinated with it: "France and Germany" gives both."""
    out = [token]
    for child in children(token, "conj"):
        out += conjuncts(child)
    return out


def prep_objects(token: Token, words: Container[str] | None = None) -> list[Token]:
    """Objects of the token's prepositions ("talks with Putin": Putin), only of the
    prepositions in ``words`` when given."""
    return [g for c in token.children if c.dep_ == "prep" and (words is None or c.lower_ in words)
            for g in c.children if g.dep_ == "pobj"]


def phrase(token: Token) -> Span:
    """The token's whole phrase: its subtree as a span, without quotation marks, commas or
    dashes at its edges (the parser hangs a quote's closing mark on the subject of "...,"
    a leader said)."""
    start, end = _edges(token)
    return token.doc[start : end + 1]


def _edges(token: Token) -> tuple[int, int]:
    """First and last token index of the token's phrase, edge punctuation left out."""
    start, end = token.left_edge.i, token.right_edge.i
    doc = token.doc
    while start < token.i and _loose(doc[start]):
        start += 1
    while end > token.i and _loose(doc[end]):
        end -= 1
    return start, end


def _loose(token: Token) -> bool:
    """A mark that separates phrases rather than belonging to one (brackets do belong)."""
    return token.is_quote or token.text in (",", ";", ":", "-", "\u2013", "\u2014")


def span_of(token: Token, offset: int = 0) -> tuple[int, int]:
    """Character offsets of the token's phrase, shifted by ``offset`` (the block's start)."""
    start, end = _edges(token)
    doc = token.doc
    return offset + doc[start].idx, offset + doc[end].idx + len(doc[end])


