"""The frame of one trigger: what every pass of event coding reads about it, computed once.

An ``EventFrame`` is the trigger token, its verb group (the verb a nominal event hangs on),
the token set of its own clause (where its time, counts, place and mode are looked for), the
block's doc and the block's offset in Article.text. A ``Draft`` is one report of an event
being filled in by the passes (arguments, circumstances), before reports merge.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ...knowledge.ontology import Trigger
from ...model import Evidence, Party, Place, TimeExpression

# Clauses of their own that hang on a verb: a "that ..." complement has its own time.
OTHER_CLAUSES = frozenset({"ccomp", "advcl", "relcl", "acl", "parataxis", "csubj"})


def verb_group(token: Token) -> Token:
    """The verb a nominal event hangs on ("announces withdrawal"), or the trigger itself."""
    if token.pos_ == "NOUN" and token.dep_ in ("dobj", "nsubj", "nsubjpass", "attr"):
        return token.head
    return token


def clause_of(token: Token) -> frozenset[int]:
    """Token indices of the token's own clause: its verb's subtree without the other
    clauses (complement, adverbial, relative) and coordinated verbs hanging on it."""
    verb = verb_group(token)
    while verb.dep_ == "xcomp" and verb.head.pos_ in ("VERB", "AUX"):
        verb = verb.head
    keep: set[int] = set()
    # "token in child.subtree" is "child is the token or one of its ancestors": one walk up.
    above = {token.i} | {a.i for a in token.ancestors}
    stack = [verb]
    while stack:
        node = stack.pop()
        keep.add(node.i)
        for child in node.children:
            other = child.dep_ in OTHER_CLAUSES or (child.dep_ == "conj" and child.pos_ in (
                "VERB", "AUX"))
            if other and child.i not in above:
                continue
            stack.append(child)
    return frozenset(keep)


@dataclass(frozen=True, slots=True)
class EventFrame:
    token: Token  # the trigger word
    offset: int  # of the block in Article.text
    verb: Token  # its verb group
    clause: frozenset[int]  # token indices of its own clause

    @classmethod
    def of(cls, token: Token, offset: int) -> EventFrame:
        return cls(token, offset, verb_group(token), clause_of(token))

    @property
    def doc(self) -> Doc:
        return self.token.doc

    @property
    def start(self) -> int:
        """The trigger's offset in Article.text."""
        return self.offset + self.token.idx


@dataclass(slots=True)
class Draft:
    """One report of an event, filled pass by pass; reports of one event merge."""

    trigger: Trigger
    frame: EventFrame
    mode: str = ""
    actor: list[tuple[Party, Evidence]] = field(default_factory=list)
    recipient: list[tuple[Party, Evidence]] = field(default_factory=list)
    aux: set[str] = field(default_factory=set)
    place: tuple[Place, Evidence] | None = None
    time: TimeExpression | None = None
    sizes: dict[str, tuple[int, Evidence]] = field(default_factory=dict)
    counts: list[dict] = field(default_factory=list)
    attribution: dict | None = None
    in_caption: bool = False
    reports: list[tuple[Evidence, Evidence]] = field(default_factory=list)  # (trigger, sentence)

    @property
    def token(self) -> Token:
        return self.frame.token
