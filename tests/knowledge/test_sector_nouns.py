"""Ships by their navy's prefix, and the sectors agent nouns give (issue 10 #3, #5): central
banks are the state (GOV), celebrities ELI (CAMEO's elites), airlines and tycoons BUS."""

import pytest

from newsevents.knowledge.actors import resolve_actor


@pytest.mark.parametrize(("text", "context", "code", "name"), [
    ("USS Cole", "", "USA", "USS Cole"),
    ("the British carrier HMS Prince of Wales", "", "GBR", "HMS Prince of Wales"),
    ("the Argentine submarine ARA San Juan", "", "ARG", "ARA San Juan"),
    ("INS Kolkata", "", "IND", "INS Kolkata"),
    ("INS Eilat", "Israel", "ISR", "INS Eilat"),  # one prefix, two navies: the context's
])
def test_a_navy_prefix_before_a_name_is_that_navys_ship(text, context, code, name):
    actor = resolve_actor(text, context, "2020-01-01")
    assert (actor.code, actor.sector, actor.name, actor.kind) == (code, "MIL", name, "ship")


def test_a_prefix_needs_a_name_after_it():
    actor = resolve_actor("INS agents", "", "1990-01-01")  # the US immigration service
    assert actor is None or actor.kind != "ship"


@pytest.mark.parametrize(("text", "code", "sector"), [
    ("the Central Bank of Egypt", "EGY", "GOV"),
    ("Turkey's central bank", "TUR", "GOV"),
    ("Ethiopian Airlines", "ETH", "BUS"),
    ("a Chilean billionaire", "CHL", "BUS"),
    ("Argentine footballer", "ARG", "ELI"),
    ("a Ghanaian singer", "GHA", "ELI"),
    ("the Kenyan sprinter", "KEN", "ELI"),
    ("former Soviet leaders", "RUS", "ELI"),  # former officials
])
def test_agent_nouns_give_their_sector(text, code, sector):
    actor = resolve_actor(text, "", "2020-01-01")
    assert (actor.code, actor.sector) == (code, sector)


def test_a_person_with_no_role_that_day_takes_the_office_the_mention_names():
    # Putin's first role in the base starts in 1998: in 1997 the mention itself says what he
    # was; with nothing said he has no sector that day
    said = resolve_actor("Russian deputy minister Vladimir Putin", "", "1997-01-01")
    assert (said.name, said.sector) == ("Vladimir Putin", "GOV")
    assert resolve_actor("Vladimir Putin", "", "1997-01-01").sector == "UNK"


@pytest.mark.parametrize(("text", "sector"), [
    ("six suspected militant leaders", "REB"),
    ("a student leader", "EDU"),
    ("rebel commanders", "REB"),
    ("the religious leaders", "REL"),
    ("the leader", "GOV"),  # no group named: the default
])
def test_a_groups_leader_is_of_the_groups_sector(text, sector):
    assert resolve_actor(text, "Bangladesh", "2020-01-01").sector == sector


@pytest.mark.parametrize("text", ["Russia's defence attache", "India's high commissioner",
                                  "the Kenyan consul general"])
def test_a_diplomat_is_the_states(text):
    actor = resolve_actor(text, "Britain", "2024-05-08")
    assert actor.sector == "GOV" and actor.code in ("RUS", "IND", "KEN")
