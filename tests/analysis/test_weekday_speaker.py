"""Two bugs of issue 11 (item 7): a weekday that names the publication day is that day, and
a quote's speaker is the head of its description, never a possessive's owner nor the last
noun phrase of the description."""

from __future__ import annotations

import pytest

from newsevents import Pipeline
from newsevents.analysis.times import find_times
from newsevents.clean import clean_document
from newsevents.model import Document

SATURDAY = "2024-03-23"


def _analyse(text: str, date: str):
    doc = Document(text.encode(), "t.txt", id="t", content_type="text/plain; charset=utf-8",
                   meta={"date": date})
    return Pipeline().extract(clean_document(doc))


def _dates(text: str, published: str) -> dict[str, str | None]:
    return {t.text: t.date for t in find_times(text, published)}


def test_a_weekday_naming_the_publication_day_is_that_day():
    dates = _dates("The talks ended on Saturday, 23 March 2024, in Geneva.", SATURDAY)
    assert dates["on Saturday"] == SATURDAY
    assert dates["23 March 2024"] == SATURDAY
    assert _dates("Voting closed on Saturday.", SATURDAY)["on Saturday"] == SATURDAY


def test_last_and_next_weekdays_and_other_days():
    text = ("Rebels attacked the post last Saturday and again on Thursday. "
            "The envoys meet next Saturday and then next Monday.")
    dates = _dates(text, SATURDAY)
    assert dates["last Saturday"] == "2024-03-16"
    assert dates["on Thursday"] == "2024-03-21"  # the latest Thursday before
    assert dates["next Saturday"] == "2024-03-30"
    assert dates["next Monday"] == "2024-03-25"


# Written for these tests; no news text.
ARTICLE = (
    "Police break up a march in Colombo\n\n"
    "Police arrested 25 students at a march in Colombo on Saturday, 23 March 2024.\n\n"
    "\"The protest will go on until the fees are cut,\" a student leader from the University "
    "of Colombo said.\n\n"
    "Kenyan President William Ruto toured the flooded villages near Kisumu. \"The water came "
    "at night,\" his daughter said.\n"
)


@pytest.fixture(scope="module")
def article():
    return _analyse(ARTICLE, SATURDAY)


def test_an_event_on_the_publication_weekday(article):
    arrest = next(e for e in article.events if e.trigger.text == "arrested")
    assert arrest.date == SATURDAY


def _speaker(analysis, fragment: str):
    quote = next(q for q in analysis.quotes if fragment in q.text)
    return quote.speaker


def test_the_speaker_is_the_head_of_the_description(article):
    speaker = _speaker(article, "The protest will go on")
    assert speaker.text.endswith("student leader")
    assert speaker.actor is not None and speaker.actor.name is None  # not the university
    assert speaker.actor.code == "LKA" and speaker.actor.sector in ("EDU", "CVL")


def test_a_possessive_owner_is_not_the_speaker(article):
    speaker = _speaker(article, "The water came at night")
    assert speaker.text.endswith("daughter")
    assert speaker.actor is None or speaker.actor.name != "William Ruto"


def test_a_quote_closing_before_its_speaker_is_attributed():
    # the parser hangs the closing quotation mark on the subject: '...," a student leader
    # said' still names the speaker, and "we" inside the quote is the speaker's side
    analysis = _analyse('"We occupied the campus," a student leader from the University of '
                        'Colombo said on Saturday.', SATURDAY)
    speaker = _speaker(analysis, "We occupied")
    assert speaker is not None and speaker.text == "student leader"


@pytest.mark.parametrize(("text", "code", "sector"), [
    # "an official in/of X" is one of X's: its country and sector
    ("A top official in Papua New Guinea's main opposition party said on Saturday that the "
     "army had attacked the rebels.", "PNG", "PTY"),
    # "a spokesman for X" speaks for X
    ("A spokesman for the Turkish army said on Saturday that troops had attacked the rebels.",
     "TUR", "MIL"),
])
def test_a_generic_speakers_phrase_says_whose_they_are(text, code, sector):
    analysis = _analyse(text, SATURDAY)
    attack = next(e for e in analysis.events + [c.event for c in analysis.candidates]
                  if e.trigger.text == "attacked")
    said = attack.attribution["actor"]
    assert (said["code"], said["sector"]) == (code, sector)
