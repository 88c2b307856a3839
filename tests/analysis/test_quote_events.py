"""Events reported inside quotations: coded like any other, on the speaker's word, with
first-person subjects ("we", "our soldiers") on the speaker's side (issue 11, item 3)."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from newsevents import Pipeline
from newsevents.analysis.coref import quote_speakers
from newsevents.analysis.events.triggers import event_trigger
from newsevents.clean import clean_document
from newsevents.model import Actor, Document, Mention, Quote

# Written for these tests; no news text.
ARTICLE = (
    "Paris sets a date for the end of its Sahel mission\n\n"
    "\"We will pull out all our troops from Mali by December,\" the French defence minister "
    "said on Tuesday.\n\n"
    "\"Our soldiers arrested 40 smugglers at the border,\" the Ghanaian interior minister told "
    "reporters on Monday.\n\n"
    "\"The enemy is tired,\" the Ukrainian defence minister said on Monday. \"We will never "
    "retreat from Bakhmut.\"\n\n"
    "\"We will send 500 more soldiers to Gao,\" the Malian prime minister promised.\n"
)
PUBLISHED = "2024-03-19"  # a Tuesday


@pytest.fixture(scope="module")
def analysis():
    doc = Document(ARTICLE.encode(), "quotes.txt", id="quotes",
                   content_type="text/plain; charset=utf-8", meta={"date": PUBLISHED})
    return Pipeline().extract(clean_document(doc))


def _inside_quotes(analysis, event: str):
    found = [e for e in analysis.events if e.event == event and any(
        q.start <= e.trigger.start < q.end for q in analysis.quotes)]
    assert found, [(e.event, e.trigger.text) for e in analysis.events]
    return found[0]


def test_a_withdrawal_announced_in_a_quote_is_coded(analysis):
    e = _inside_quotes(analysis, "RETREAT")
    assert e.trigger.text == "pull"
    assert "future" in e.aux
    # "We" is the speaker's side: France's government, not the minister by name.
    assert [(a.code, a.sector) for a in e.actor] == [("FRA", "GOV")]
    assert [r.code for r in e.recipient] == ["MLI"]
    # The quote's speaker is the attribution.
    assert "defence minister" in e.attribution["text"]
    assert e.attribution["actor"]["code"] == "FRA"


def test_our_soldiers_are_the_speakers_country(analysis):
    e = _inside_quotes(analysis, "COERCE")
    assert e.mode == "arrest" and e.arrested == 40
    assert [(a.code, a.sector) for a in e.actor] == [("GHA", "MIL")]
    assert e.attribution["actor"]["code"] == "GHA"


def test_a_quote_whose_speaker_is_in_the_sentence_before(analysis):
    e = next(e for e in analysis.events if e.trigger.text == "retreat")
    assert e.event == "RETREAT"
    assert {"future", "negation"} <= set(e.aux)
    assert [a.code for a in e.actor] == ["UKR"]
    assert e.attribution["actor"]["code"] == "UKR"


def test_the_speech_verb_is_not_an_event(analysis):
    triggers = {e.trigger.text for e in analysis.events}
    assert not triggers & {"said", "told"}


def test_a_promise_in_quotes_is_the_promise_alone(analysis):
    # As "promised to send soldiers" is AGREE alone, what "promised" introduces is its
    # content, not a MOBILIZE of its own.
    assert not [e for e in analysis.events if e.trigger.text == "send"]


# -- the parts, on hand-made parses --------------------------------------------------------

VOCAB = spacy.blank("en").vocab
FRANCE = Actor("FRA", "GOV", "Sebastien Lecornu", "person", "defence minister")


def _quoted():
    # "We attacked their positions," ...  (offset 100 in the article; the quote marks are
    # outside the Quote's span)
    words = ["We", "attacked", "their", "positions"]
    d = Doc(VOCAB, words=words, heads=[1, 1, 3, 1], deps=["nsubj", "ROOT", "poss", "dobj"],
            pos=["PRON", "VERB", "PRON", "NOUN"], lemmas=["we", "attack", "their", "position"])
    speaker = Mention("the French defence minister", 200, 227, "AGENT", FRANCE)
    return d, Quote(d.text, 100, 100 + len(d.text), "direct", speaker, "said")


def test_first_person_pronouns_link_to_the_quote_speaker():
    d, quote = _quoted()
    links, mentions = quote_speakers(d, 100, [quote], [])
    assert [(link.text, link.antecedent, link.rule) for link in links] == [
        ("We", "the French defence minister", "quote speaker")]
    we = [m for m in mentions if m.text == "We"]
    assert we and (we[0].actor.code, we[0].actor.sector) == ("FRA", "GOV")
    assert we[0].actor.name is None  # the speaker's side, not the person


def test_no_quote_no_change():
    d, _ = _quoted()
    mentions: list[Mention] = []
    assert quote_speakers(d, 100, [], mentions) == ([], mentions)


def test_a_word_inside_a_quote_is_a_trigger():
    # "Troops retreated from the town," the minister said.
    d = Doc(VOCAB, words=["Troops", "retreated", "from", "the", "town"], heads=[1, 1, 1, 4, 2],
            deps=["nsubj", "ROOT", "prep", "det", "pobj"], pos=["NOUN", "VERB", "ADP", "DET",
                                                               "NOUN"],
            lemmas=["troop", "retreat", "from", "the", "town"])
    quote = Quote(d.text, 0, len(d.text), "direct")
    inside = event_trigger(d[1], 0, [], [quote])
    assert inside is not None and inside.event == "RETREAT"
    assert inside == event_trigger(d[1], 0, [], [])


def test_the_analysis_keeps_the_quote_speaker_links(analysis):
    # the first-person words of a quote are coreference links of the analysis, not only a
    # step inside the event coder
    links = [(c.text, c.rule) for c in analysis.coref if c.rule == "quote speaker"]
    assert ("We", "quote speaker") in links and ("our", "quote speaker") in links
    assert all(c.antecedent for c in analysis.coref if c.rule == "quote speaker")
