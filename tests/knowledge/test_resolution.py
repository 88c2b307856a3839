"""Actor and place resolution: the behaviours the gold-file floors (tests/test_evaluate.py)
could hide."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from newsevents.knowledge.actors import known_alias_count, resolve_actor
from newsevents.knowledge.places import resolve_place


def test_knowledge_base_size():
    sizes = known_alias_count()
    assert sizes["people"] >= 600 and sizes["countries"] >= 190


@pytest.mark.parametrize(
    ("text", "date", "sector"),
    [("Donald Trump", "2019-05-01", "GOV"), ("Donald Trump", "2022-05-01", "ELI"),
     ("Donald Trump", "2025-06-01", "GOV"), ("former president Donald Trump", "2019-05-01",
                                              "GOV")],
)
def test_roles_are_time_bounded(text, date, sector):
    actor = resolve_actor(text, date=date)
    assert (actor.code, actor.sector) == ("USA", sector)


def test_taliban_change_sector_in_2021():
    assert resolve_actor("the Taliban", date="2019-01-01").sector == "REB"
    assert resolve_actor("the Taliban", date="2022-01-01").sector == "GOV"


def test_spelling_variants_and_canonical_name():
    actor = resolve_actor("Mustafa al-Kazemi", date="2021-07-26")
    assert (actor.code, actor.sector, actor.name) == ("IRQ", "GOV", "Mustafa al-Kadhimi")


def test_title_resolves_to_the_office_holder_of_the_context_country():
    actor = resolve_actor("the prime minister", context="Iraq", date="2021-07-26")
    assert actor.name == "Mustafa al-Kadhimi" and actor.kind == "office"


def test_lower_case_pronoun_is_not_the_country():
    assert resolve_actor("us") is None
    assert resolve_actor("US").code == "USA"


def test_nationality_and_agent():
    actor = resolve_actor("four Saudi men")
    assert (actor.code, actor.sector, actor.name) == ("SAU", "CVL", None)
    assert resolve_actor("an American destroyer").sector == "MIL"


def test_patron():
    actor = resolve_actor("Iran-backed militias", context="Iraq")
    assert (actor.code, actor.sector, actor.patron) == ("IRQ", "REB", "IRN")


def test_context_disambiguates_places():
    assert resolve_place("Tripoli", ["LBY"]).country_code == "LBY"
    assert resolve_place("Tripoli", ["LBN"]).country_code == "LBN"
    assert resolve_place("Washington", ["USA"]).province == "District of Columbia"


def test_facilities_and_regions():
    base = resolve_place("Ain al-Assad air base", ["IRQ"])
    assert (base.country_code, base.feature_code, base.resolution) == ("IRQ", "AIRB", 5)
    region = resolve_place("Anbar province", ["IRQ"])
    assert (region.resolution, region.feature_code) == (2, "ADM1")


def _cli(*args: str) -> dict:
    result = subprocess.run([sys.executable, "-m", "newsevents", *args], capture_output=True,
                            text=True, check=True)
    return json.loads(result.stdout)


def test_actor_command():
    actor = _cli("actor", "Armenian Prime Minister Nikol Pashinyan", "--date", "2022-05-10",
                 "--json")
    assert (actor["code"], actor["sector"], actor["name"]) == ("ARM", "GOV", "Nikol Pashinyan")
    assert actor["title"] and actor["role_start"]


def test_place_command():
    place = _cli("place", "Ain al-Assad air base", "--context", "IRQ", "--json")
    assert place["country_code"] == "IRQ" and abs(place["lat"] - 33.80) < 0.1


def test_unknown_actor_is_a_clear_error():
    result = subprocess.run([sys.executable, "-m", "newsevents", "actor", "the weather"],
                            capture_output=True, text=True)
    assert result.returncode == 1 and "not a known actor" in result.stderr
