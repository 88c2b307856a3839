"""Institutions of the hand actor base (data/actors/organizations.jsonl): universities, news
media, companies, military units and religious bodies of every continent, as the press names
them."""

from __future__ import annotations

import pytest

from newsevents.knowledge.actors import resolve_actor

DAY = "2024-01-01"


@pytest.mark.parametrize(
    ("text", "code", "sector"),
    [
        # universities
        ("researchers at Harvard", "USA", "EDU"),
        ("Peking University", "CHN", "EDU"),
        ("students of Jawaharlal Nehru University", "IND", "EDU"),
        ("the Sorbonne", "FRA", "EDU"),
        ("Makerere University", "UGA", "EDU"),
        ("UNAM", "MEX", "EDU"),
        ("the Australian National University", "AUS", "EDU"),
        # news media
        ("the daily Le Monde", "FRA", "JRN"),
        ("Brazilian newspaper Folha de S.Paulo", "BRA", "JRN"),
        ("Kenya's Daily Nation", "KEN", "JRN"),
        ("the Sydney Morning Herald", "AUS", "JRN"),
        ("the Philippine news site Rappler", "PHL", "JRN"),
        ("Japan's Asahi Shimbun", "JPN", "JRN"),
        # companies
        ("Brazil's Petrobras", "BRA", "BUS"),
        ("Indonesian state energy firm Pertamina", "IDN", "BUS"),
        ("Reliance Industries", "IND", "BUS"),
        ("Ethiopian Airlines", "ETH", "BUS"),
        ("Chile's Codelco", "CHL", "BUS"),
        # military units
        ("the Golani Brigade", "ISR", "MIL"),
        ("the 82nd Airborne Division", "USA", "MIL"),
        ("China's Eastern Theater Command", "CHN", "MIL"),
        ("Russia's Northern Fleet", "RUS", "MIL"),
        ("the Nigerian Air Force", "NGA", "MIL"),
        ("the New Zealand Defence Force", "NZL", "MIL"),
        # religious institutions
        ("the Serbian Orthodox Church", "SRB", "REL"),
        ("Turkey's Diyanet", "TUR", "REL"),
        ("the Ethiopian Orthodox Tewahedo Church", "ETH", "REL"),
    ],
)
def test_institution_resolves_to_its_country_and_sector(text, code, sector):
    actor = resolve_actor(text, "", DAY)
    assert actor is not None and (actor.code, actor.sector) == (code, sector)


@pytest.mark.parametrize(
    ("text", "context", "code"),
    [("Northern Command", "Israel", "ISR"), ("Northern Command", "India", "IND"),
     ("the IAF", "Israel", "ISR"), ("the IAF", "India", "IND")],
)
def test_shared_unit_name_is_settled_by_the_context(text, context, code):
    actor = resolve_actor(text, context, DAY)
    assert (actor.code, actor.sector) == (code, "MIL")


@pytest.mark.parametrize("text", ["Hindu nationalists", "US intel officials",
                                  "a Russian naval group", "Iran's air defences"])
def test_common_words_are_not_institutions(text):
    actor = resolve_actor(text, "", DAY)
    assert actor is None or actor.kind not in ("university", "media", "company")
