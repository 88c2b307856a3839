"""EventFrame: the verb group and the clause of a trigger, computed once."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from newsevents.analysis.events import EventFrame
from newsevents.analysis.events.frame import clause_of

VOCAB = spacy.blank("en").vocab


def test_clause_excludes_a_that_complement():
    # "Officials said on Monday that rebels attacked the town": the complement has its own
    # clause (and its own time); the saying verb's clause keeps "on Monday".
    words = ["Officials", "said", "on", "Monday", "that", "rebels", "attacked", "the", "town"]
    d = Doc(VOCAB, words=words, heads=[1, 1, 1, 2, 6, 6, 1, 8, 6],
            deps=["nsubj", "ROOT", "prep", "pobj", "mark", "nsubj", "ccomp", "det", "dobj"],
            pos=["NOUN", "VERB", "ADP", "PROPN", "SCONJ", "NOUN", "VERB", "DET", "NOUN"])
    said = EventFrame.of(d[1], 50)
    assert said.verb == d[1]
    assert {d[i].text for i in said.clause} == {"Officials", "said", "on", "Monday"}
    attacked = EventFrame.of(d[6], 50)
    assert {d[i].text for i in attacked.clause} == {"that", "rebels", "attacked", "the", "town"}
    assert attacked.start == 50 + d[6].idx and attacked.doc is d


def test_nominal_trigger_hangs_on_its_verb():
    # "Russia announced a withdrawal": the verb group of "withdrawal" is "announced", and its
    # clause is the verb's.
    d = Doc(VOCAB, words=["Russia", "announced", "a", "withdrawal"], heads=[1, 1, 3, 1],
            deps=["nsubj", "ROOT", "det", "dobj"], pos=["PROPN", "VERB", "DET", "NOUN"])
    frame = EventFrame.of(d[3], 0)
    assert frame.verb == d[1]
    assert frame.clause == clause_of(d[1]) == frozenset(range(4))


def test_clause_climbs_control_verbs():
    # "troops will remain to train": the infinitive's clause is the governing verb's.
    d = Doc(VOCAB, words=["troops", "will", "remain", "to", "train"], heads=[2, 2, 2, 4, 2],
            deps=["nsubj", "aux", "ROOT", "aux", "xcomp"],
            pos=["NOUN", "AUX", "VERB", "PART", "VERB"])
    assert clause_of(d[4]) == frozenset(range(5))
