"""Trigger selection: the lexicon, quotes, and words that belong to another event."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from newsevents.analysis.events.triggers import event_trigger, in_quote
from newsevents.model import Quote

VOCAB = spacy.blank("en").vocab


def _doc(words, heads, deps, pos, lemmas) -> Doc:
    return Doc(VOCAB, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas)


def test_a_trigger_inside_a_quote_is_a_trigger():
    # “Troops retreated from the town,” the minister said: coded on the minister's word.
    d = _doc(["Troops", "retreated", "from", "the", "town"], [1, 1, 1, 4, 2],
             ["nsubj", "ROOT", "prep", "det", "pobj"], ["NOUN", "VERB", "ADP", "DET", "NOUN"],
             ["troop", "retreat", "from", "the", "town"])
    offset = 10
    assert event_trigger(d[1], offset, [], []).event == "RETREAT"
    quote = Quote(d.text, offset, offset + len(d.text), "direct")
    assert in_quote(offset + d[1].idx, [quote]) is quote
    assert event_trigger(d[1], offset, [], [quote]).event == "RETREAT"
    assert event_trigger(d[4], offset, [], []) is None  # not in the lexicon


def test_the_content_of_a_verbal_event_is_not_an_event():
    # "Russia threatened to attack Ukraine": THREATEN alone.
    d = _doc(["Russia", "threatened", "to", "attack", "Ukraine"], [1, 1, 3, 1, 3],
             ["nsubj", "ROOT", "aux", "xcomp", "dobj"], ["PROPN", "VERB", "PART", "VERB", "PROPN"],
             ["Russia", "threaten", "to", "attack", "Ukraine"])
    assert event_trigger(d[1], 0, [], []).event == "THREATEN"
    assert event_trigger(d[3], 0, [], []) is None
