"""Parse helpers shared by event coding and quotes, on Docs built by hand (no parser)."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from newsevents.analysis.tree import (
    children,
    conjuncts,
    own_subject,
    phrase,
    prep_objects,
    span_of,
    subject,
)

VOCAB = spacy.blank("en").vocab


def doc(words, heads, deps, pos) -> Doc:
    return Doc(VOCAB, words=words, heads=heads, deps=deps, pos=pos)


def test_subject_through_object_control():
    # "Iran led the council to pass a resolution": who passes is the council.
    d = doc(["Iran", "led", "the", "council", "to", "pass", "a", "resolution"],
            [1, 1, 3, 1, 5, 1, 7, 5],
            ["nsubj", "ROOT", "det", "dobj", "aux", "xcomp", "det", "dobj"],
            ["PROPN", "VERB", "DET", "NOUN", "PART", "VERB", "DET", "NOUN"])
    assert subject(d[5]).text == "council"
    assert subject(d[1]).text == "Iran"
    assert own_subject(d[5]) is None


def test_subject_of_relative_clause_and_coordination():
    # "the base which hosts troops was shelled and burned"
    d = doc(["the", "base", "which", "hosts", "troops", "was", "shelled", "and", "burned"],
            [1, 6, 3, 1, 3, 6, 6, 6, 6],
            ["det", "nsubjpass", "nsubj", "relcl", "dobj", "auxpass", "ROOT", "cc", "conj"],
            ["DET", "NOUN", "PRON", "VERB", "NOUN", "AUX", "VERB", "CCONJ", "VERB"])
    assert subject(d[3]).text == "base"  # "which" stands for the base
    assert subject(d[8]).text == "base"  # the conjunct shares the subject


def test_conjuncts_children_prep_objects_and_spans():
    # "France and Germany met with Poland in Paris"
    d = doc(["France", "and", "Germany", "met", "with", "Poland", "in", "Paris"],
            [3, 0, 0, 3, 3, 4, 3, 6],
            ["nsubj", "cc", "conj", "ROOT", "prep", "pobj", "prep", "pobj"],
            ["PROPN", "CCONJ", "PROPN", "VERB", "ADP", "PROPN", "ADP", "PROPN"])
    assert [t.text for t in conjuncts(d[0])] == ["France", "Germany"]
    assert [t.text for t in children(d[3], "prep")] == ["with", "in"]
    assert [t.text for t in prep_objects(d[3])] == ["Poland", "Paris"]
    assert [t.text for t in prep_objects(d[3], ("with",))] == ["Poland"]
    assert phrase(d[0]).text == "France and Germany"
    assert span_of(d[0], 100) == (100, 100 + len("France and Germany"))
