"""The gazetteer knows words from places (issue 10, item 4): common words are never places by
themselves; real places named by a common word still resolve where the text says a place."""

import pytest

import newsevents
from newsevents.knowledge.places import gazetteer, is_common_word, resolve_place

WORDS = ["The", "But", "Mrs", "May", "Nice", "Split", "Of", "Police"]

LAGOS = (  # no country word: Lagos alone places it; every "The" used to count for Brazil
    "Police arrest protesters in Lagos\n\n"
    "Police arrested dozens of protesters in Lagos on Monday, witnesses said.\n\n"
    "The protesters had blocked a road. The police fired tear gas. "
    "But an opposition coalition complained that officers beat peaceful demonstrators.\n\n"
    "The coalition said the arrests were illegal. The police denied it. "
    "But the coalition demanded the release of those detained.\n"
)

OMAN = (
    "Envoy holds talks in Oman\n\n"
    "MUSCAT, June 3, 2024 — The UN envoy for Yemen met Houthi negotiators in Muscat on Monday, "
    "the Omani foreign ministry said.\n\n"
    "The talks in Muscat focused on a prisoner exchange. "
    "Oman has long hosted contacts between the two sides.\n"
)


def _places(analysis) -> list:
    return [m for m in analysis.entities if m.place is not None]


@pytest.mark.parametrize("word", WORDS)
def test_bare_word_is_no_place(word):
    assert resolve_place(word) is None
    assert resolve_place(word.lower()) is None


def test_common_words_come_from_the_language_model():
    assert all(is_common_word(w) for w in ["the", "but", "mrs", "may", "of", "split", "nice"])
    assert not is_common_word("Lagos") and not is_common_word("Teresina")
    assert "the" not in gazetteer().index  # Teresina's alternate name is kept apart


@pytest.mark.parametrize("word", WORDS)
def test_word_in_a_sentence_is_no_place(word):
    text = f"Officials met on Monday.\n\n{word} officials said talks would continue.\n"
    found = [m.text for m in _places(newsevents.extract(text))]
    assert word not in found


def test_real_places_named_by_words_still_resolve():
    assert resolve_place("Nice", ["FRA"]).country_code == "FRA"
    assert resolve_place("Split", signal=True).country_code == "HRV"
    nice = newsevents.extract("Protest in France\n\nThousands marched in Nice, France, on "
                              "Saturday against the pension reform.\n")
    assert any(m.text == "Nice" and m.place.country_code == "FRA" for m in _places(nice))
    split = newsevents.extract("Ministers meet\n\nEuropean ministers met in Split on Friday "
                               "to discuss migration.\n")
    assert any(m.text == "Split" and m.place.country_code == "HRV" for m in _places(split))
    port = newsevents.extract("Ship arrives\n\nA Yemeni ship docked at the port of Muscat on "
                              "Tuesday, officials said.\n")
    assert any(m.text == "Muscat" and m.place.country_code == "OMN" for m in _places(port))


def test_lagos_story_codes_no_brazilian_party():
    analysis = newsevents.extract(LAGOS)
    assert analysis.events
    codes = {p.code for e in analysis.events for p in [*e.actor, *e.recipient]}
    assert "BRA" not in codes and "NGA" in codes
    assert not any(m.place and m.place.country_code == "BRA" for m in analysis.entities)


def test_muscat_in_an_oman_story_is_the_city():
    analysis = newsevents.extract(OMAN)
    muscat = [m for m in analysis.entities if m.text == "Muscat"]
    assert muscat
    assert all(m.place is not None and m.place.country_code == "OMN" for m in muscat)
    assert not any(m.actor and m.actor.code == "MLT" for m in analysis.entities)
    assert "MLT" not in {p.code for e in analysis.events for p in [*e.actor, *e.recipient]}
