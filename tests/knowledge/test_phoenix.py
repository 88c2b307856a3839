"""The Phoenix import (tools/import_phoenix.py) and its place under the hand-made actor base.

The converter is tried on a slice of each dictionary, read from ../shared (skipped without
it); the base tests use the committed data files."""

from __future__ import annotations

import importlib.util
import sys
from itertools import islice

import pytest
from support import ROOT, SHARED, shared_file

from newsevents.knowledge import load
from newsevents.knowledge.actors import actor_base, resolve_actor
from newsevents.knowledge.normalize import fold

_spec = importlib.util.spec_from_file_location("import_phoenix",
                                               ROOT / "tools" / "import_phoenix.py")
phoenix = importlib.util.module_from_spec(_spec)
sys.modules["import_phoenix"] = phoenix  # dataclasses look their module up
_spec.loader.exec_module(phoenix)

SECTORS = set(phoenix.SECTORS.values())
KNOWN = phoenix.known_countries()


def _slice(name: str, lines: int = 3000) -> tuple[list[dict], list[dict]]:
    path = shared_file(SHARED / "data" / "petrarch2" / name)
    with open(path, encoding="utf-8", errors="replace") as f:
        return phoenix.convert(phoenix.parse(islice(f, lines)), KNOWN)


def _check(rows: list[dict]) -> None:
    for row in rows:
        assert row["name"] and "_" not in row["name"]
        assert row["country"] in KNOWN | phoenix.TERRITORIES | {"UNO", "IGO", "NGO", "IMG",
                                                                "MNC"}
        for role in row.get("roles", []):
            assert role["sector"] in SECTORS
            assert role["end"] is None or role["end"] <= phoenix.GENERATED


def test_countries_slice():
    people, orgs = _slice("Phoenix.Countries.actors.txt")
    assert len(people) > 100
    _check(people + orgs)
    ghani = next(p for p in people if p["name"] == "Ashraf Ghani")
    assert ghani["country"] == "AFG"
    assert "Foreign Minister Ghani" in ghani["aliases"]
    assert ghani["roles"] == [{"title": "AFGGOVBUS", "sector": "GOV", "start": "2002-06-02",
                               "end": "2004-12-14"}]  # the undated [AFGELI] is the default
    # bare country entries ("AFGHANISTAN_ [AFG]") stay in countries.jsonl
    assert not any(o["name"] == "Afghanistan" for o in orgs)


def test_international_slice():
    people, orgs = _slice("Phoenix.International.actors.txt")
    _check(people + orgs)
    assert orgs
    un = [o for o in orgs if o["country"] == "UNO"]
    assert un and all(o["kind"] == "igo" for o in un)


def test_milnonstate_slice():
    people, orgs = _slice("Phoenix.MilNonState.actors.txt")
    _check(people + orgs)
    aden = next(o for o in orgs if o["name"] == "Aden Abyan Islamic Army")
    assert (aden["country"], aden["sector"], aden["kind"]) == ("YEM", "REB", "armed group")
    assert "AAIA" in aden["aliases"]


@pytest.mark.parametrize("text, dates", [
    ("040101-050831", ("2004-01-01", "2005-08-31")),
    ("20020602-20041214", ("2002-06-02", "2004-12-14")),
    (">100201", ("2010-02-01", None)),
    ("<991231", (None, "1999-12-31")),
    ("", (None, None)),
])
def test_dates(text, dates):
    assert phoenix.parse_dates(text) == dates


def test_codes():
    assert phoenix.sector_of("AFGGOVMIL") == "GOV"  # the first role code
    assert phoenix.sector_of("USAMED") == "JRN"  # CAMEO MED is the media
    assert phoenix.sector_of("USAHLH") == "MED"
    assert phoenix.sector_of("IGOUNOHRI") == "GOV"
    assert phoenix.country_of("KSVGOV", KNOWN) == "KOS"
    assert phoenix.country_of("IGOUNOWHO", KNOWN) == "UNO"
    assert phoenix.country_of("WEUGOV", KNOWN) is None  # a region, not a state


@pytest.mark.parametrize("day, sector", [
    ("2002-06-01", "UNK"),  # before the term: known, no role yet
    ("2004-06-01", "GOV"),  # during: AFGGOVAGR 2003-01-01 to 2004-12-31
    ("2006-01-01", "ELI"),  # after: a former official
])
def test_imported_person_dated(day, sector):
    actor = resolve_actor("Ahmad Yusuf Nuristani", date=day)
    assert (actor.code, actor.sector, actor.name) == ("AFG", sector, "Ahmad Yusuf Nuristani")


def test_hand_base_wins():
    kb = actor_base()
    imported = {fold(r["name"]) for r in load("actors/phoenix/people.jsonl")}
    hand_people = {fold(r["name"]) for f in ("apac_americas_intl", "emea")
                   for r in load(f"actors/people/{f}.jsonl")}
    shared = sorted(imported & hand_people)
    assert shared  # Ashraf Ghani is in both
    for key in shared:
        assert not any(e.imported for e in kb.entities[key]), key
    # the imported Ghani's own alias is not added either: his whole record is skipped
    assert not any(e.imported for e in kb.entities.get("foreign minister ghani", []))
    actor = resolve_actor("Ashraf Ghani", date="2003-01-01")
    assert actor.title == "finance minister"  # the hand role, not "AFGGOVBUS"


def test_imported_aliases_keep_out_of_agents():
    kb = actor_base()
    for word in ("police", "army", "parliament", "government"):
        assert not any(e.imported for e in kb.entities.get(word, [])), word


def test_agents_slice():
    path = shared_file(SHARED / "data" / "petrarch2" / "Phoenix.agents.txt")
    with open(path, encoding="utf-8", errors="replace") as f:
        agents = {r["noun"]: r["sector"] for r in phoenix.parse_agents(islice(f, 600))}
    assert agents["farmer"] == agents["farmers"] == "AGR"  # the regular plural is made
    assert agents["cattleman"] == agents["cattlemen"] == "AGR"  # !PERSON! expanded
    assert set(agents.values()) <= SECTORS


def test_discards_slice():
    path = shared_file(SHARED / "data" / "petrarch2" / "Phoenix.discards.txt")
    with open(path, encoding="utf-8", errors="replace") as f:
        phrases = phoenix.parse_discards(f)
    assert "asian games" in phrases and "manchester united" in phrases  # "+" is dropped
    assert not any(p.isdigit() for p in phrases)


def test_imported_agents_under_the_hand_nouns():
    kb = actor_base()
    assert kb.agents["cattle ranchers"] == "AGR"  # imported only
    assert "cattlemen" not in kb.agents  # one imported word alone is too loose a cue
    assert kb.agents["gunmen"] == "UAF"  # the hand noun
    # Phoenix says REB; the hand head noun "gunmen" (UAF) decides
    assert resolve_actor("unidentified gunmen", context="Iraq").sector == "UAF"
    assert resolve_actor("Iraqi cattle ranchers").sector == "AGR"


def test_discards_are_not_actors():
    assert resolve_actor("the Asian Games") is None
    assert resolve_actor("bronze medal") is None


def test_a_hand_made_actor_beats_an_imported_discard():
    # PETRARCH discards "David Beckham" with sports stories; the hand base knows him
    assert "david beckham" in {r["phrase"] for r in load("actors/phoenix/discards.jsonl")}
    actor = resolve_actor("David Beckham", "", "2010-01-01")
    assert actor is not None and (actor.code, actor.sector) == ("GBR", "ELI")
