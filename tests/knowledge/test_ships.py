"""Ship classes and named ships of the hand actor base (data/actors/organizations.jsonl): a
class is coded as the navy that builds it (a Kilo-class submarine is Russian, exported or not),
a ship the press names without its prefix by the phrase with its ship noun; the bare place or
person the ship is named after is no navy."""

import pytest

from newsevents.knowledge.actors import resolve_actor

DAY = "2023-01-01"


@pytest.mark.parametrize(("text", "code", "kind"), [
    ("a Type 055 destroyer", "CHN", "ship class"),
    ("the Type-055", "CHN", "ship class"),
    ("a Type 052D destroyer", "CHN", "ship class"),
    ("the Arleigh Burke-class destroyer", "USA", "ship class"),
    ("two Arleigh Burke destroyers", "USA", "ship class"),
    ("the Virginia-class submarine", "USA", "ship class"),
    ("a Ford-class aircraft carrier", "USA", "ship class"),
    ("Russia's Kilo-class submarines", "RUS", "ship class"),
    ("an Iranian Kilo-class submarine", "IRN", "ship class"),  # the navy that sails it
    ("a Kilo-class submarine", "RUS", "ship class"),  # no nationality: the builder's
    ("a Borei-class submarine", "RUS", "ship class"),
    ("the Queen Elizabeth-class aircraft carrier", "GBR", "ship class"),
    ("a Type 45 destroyer", "GBR", "ship class"),
    ("South Korea's Sejong the Great-class destroyer", "KOR", "ship class"),
    ("Japan's Izumo-class", "JPN", "ship class"),
    ("the Hobart-class destroyer", "AUS", "ship class"),
    ("the Kolkata-class destroyer", "IND", "ship class"),
    ("an Italian FREMM frigate", "ITA", "ship class"),  # Italy sails its own FREMMs
    ("the cruiser Moskva", "RUS", "ship"),
    ("the Moskva cruiser", "RUS", "ship"),
    ("the submarine Kursk", "RUS", "ship"),
    ("the Admiral Kuznetsov", "RUS", "ship"),
    ("the carrier Liaoning", "CHN", "ship"),
    ("China's Shandong aircraft carrier", "CHN", "ship"),
    ("the Fujian carrier", "CHN", "ship"),
    ("the Charles de Gaulle aircraft carrier", "FRA", "ship"),
    ("the landing ship Novocherkassk", "RUS", "ship"),
])
def test_a_ship_class_or_named_ship_is_its_navy(text, code, kind):
    actor = resolve_actor(text, "", DAY)
    assert (actor.code, actor.sector, actor.kind) == (code, "MIL", kind)


def test_a_navy_prefix_still_names_the_ship_after_its_class():
    actor = resolve_actor("the Arleigh Burke-class destroyer USS Carney", "", DAY)
    assert (actor.code, actor.sector, actor.name) == ("USA", "MIL", "USS Carney")


@pytest.mark.parametrize("text", ["Kursk", "Liaoning", "Moskva", "Charles de Gaulle",
                                  "a Virginia class-action lawsuit"])
def test_the_place_or_person_a_ship_is_named_after_is_no_navy(text):
    actor = resolve_actor(text, "", DAY)
    assert actor is None or actor.sector != "MIL"
