"""Regions, partially recognised entities, dependencies and peoples (issue 10 #3): coded as
the state the PLOVER manual names, with PRE and the alternative code recorded."""

import pytest

from newsevents.knowledge.actors import resolve_actor


@pytest.mark.parametrize(("text", "context", "code", "sector"), [
    ("Transnistrian authorities", "", "MDA", "GOV"),  # the manual's own example
    ("Abkhazia", "", "GEO", "GOV"),
    ("Somaliland's government", "", "SOM", "GOV"),
    ("the Catalan regional government", "", "ESP", "GOV"),
    ("Scottish police", "", "GBR", "COP"),
    ("Chechen rebels", "", "RUS", "REB"),
    ("Baloch separatists", "", "PAK", "REB"),
    ("Tuareg rebels", "", "MLI", "REB"),
    ("Tuareg rebels", "Niger", "NER", "REB"),  # a people of several states: the context's
    ("Kurdish fighters", "Syria", "SYR", "REB"),
    ("Kurdish fighters", "", "IRQ", "REB"),
])
def test_regions_and_peoples_code_as_their_state(text, context, code, sector):
    actor = resolve_actor(text, context, "2020-01-01")
    assert actor is not None and (actor.code, actor.sector) == (code, sector)


def test_partially_recognised_entities_carry_pre():
    assert resolve_actor("Transnistrian authorities", "", "2020-01-01").other_sectors == ("PRE",)
    assert resolve_actor("Moldovan authorities", "", "2020-01-01").other_sectors == ()


def test_the_alternative_code_is_recorded():
    crimea = resolve_actor("Crimea", "", "2020-01-01")
    assert (crimea.code, crimea.alternative) == ("UKR", "RUS")
    puerto_rico = resolve_actor("Puerto Rico", "", "2020-01-01")  # a dependency: its state
    assert (puerto_rico.code, puerto_rico.alternative) == ("USA", "PRI")


def test_a_region_name_needs_its_capital_letter():
    assert resolve_actor("shan", "", "2020-01-01") is None
    assert resolve_actor("Shan rebels", "", "2020-01-01").code == "MMR"


@pytest.mark.parametrize(("text", "code", "sector"), [
    ("Borno State Governor", "NGA", "GOV"),  # GeoNames admin1, through the gazetteer
    ("the Sindh provincial government", "PAK", "GOV"),
    ("the University of Nairobi", "KEN", "EDU"),
    ("Cairo University", "EGY", "EDU"),
    ("Lagos police", "NGA", "COP"),
    ("police in Mombasa", "KEN", "COP"),
])
def test_a_place_qualifying_the_head_noun_gives_the_country(text, code, sector):
    actor = resolve_actor(text, "", "2020-01-01")
    assert actor is not None and (actor.code, actor.sector) == (code, sector)


def test_the_place_beats_the_article_context():
    assert resolve_actor("Lagos police", "Kenya", "2020-01-01").code == "NGA"


def test_the_person_after_a_title_is_not_a_place():
    # "Paris" is a city; after the title it is the governor's name, not a qualifier
    assert resolve_actor("Governor Paris Smith", "", "2020-01-01") is None or (
        resolve_actor("Governor Paris Smith", "", "2020-01-01").code != "FRA")


def test_a_regional_title_is_not_any_holder_of_that_title():
    # no governor of Texas in the base on that day: an agent, not another state's governor
    actor = resolve_actor("Texas Governor", "", "1850-01-01")
    assert (actor.code, actor.sector, actor.name) == ("USA", "GOV", None)


@pytest.mark.parametrize(("text", "day", "name"), [
    ("Texas Governor", "2024-01-01", "Greg Abbott"),  # region in regions.jsonl
    ("Borno State Governor", "2021-01-01", "Babagana Zulum"),  # region from the gazetteer
    ("Ontario Premier", "2022-01-01", "Doug Ford"),  # not Canada's prime minister
    ("Maharashtra Chief Minister", "2023-01-01", "Eknath Shinde"),  # not his deputy
])
def test_a_regional_office_is_the_holder_of_that_regions_office(text, day, name):
    assert resolve_actor(text, "", day).name == name


@pytest.mark.parametrize("text", ["a Nigerian governor", "Maharashtra Deputy Chief Minister",
                                  "the Iranian deputy foreign minister"])
def test_no_holder_for_an_office_without_its_region_or_with_deputy(text):
    actor = resolve_actor(text, "", "2021-01-01")
    assert actor.sector == "GOV" and actor.name is None
