"""The seed page through `newsevents analyze`: every MUST item of section 2 of expected.md."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from support import SEED, shared_file


@pytest.fixture(scope="module")
def analysis() -> dict:
    path = shared_file(SEED)
    result = subprocess.run(
        [sys.executable, "-m", "newsevents", "analyze", str(path), "--format", "json"],
        capture_output=True, text=True, check=True,
    )
    return json.loads(result.stdout)


def _actors(analysis: dict, text: str) -> list[dict]:
    return [m["actor"] for m in analysis["entities"] if m["text"] == text and m["actor"]]


def _one(analysis: dict, text: str) -> dict:
    found = _actors(analysis, text)
    assert found, f"no resolved mention {text!r}"
    return found[0]


def test_offsets_index_the_text(analysis):
    text = analysis["text"]
    for key in ("entities", "times", "quantities", "quotes", "coref"):
        for item in analysis[key]:
            assert text[item["start"] : item["end"]] == item["text"], (key, item)


@pytest.mark.parametrize("mention", ["Joe Biden", "US President Joe Biden", "Biden",
                                     "US president"])
def test_biden(analysis, mention):
    actor = _one(analysis, mention)
    assert (actor["code"], actor["sector"], actor["name"]) == ("USA", "GOV", "Joe Biden")


@pytest.mark.parametrize("mention", ["Mustafa al-Kazemi", "Iraqi Prime Minister Mustafa al-Kazemi",
                                     "Iraqi prime minister", "head of the Iraqi government",
                                     "prime minister"])
def test_kadhimi(analysis, mention):
    actor = _one(analysis, mention)
    assert (actor["code"], actor["sector"], actor["name"]) == ("IRQ", "GOV",
                                                               "Mustafa al-Kadhimi")


def test_militia_and_state_figures(analysis):
    soleimani = _one(analysis, "senior Iranian general Qassem Soleimani")
    assert (soleimani["code"], soleimani["sector"]) == ("IRN", "MIL")
    muhandis = _one(analysis, "senior Iraqi militia commander Abu Mahdi al-Muhandis")
    assert muhandis["code"] == "IRQ" and muhandis["sector"] in ("MIL", "REB")


def test_organisations(analysis):
    daesh = _one(analysis, "Daesh")
    assert daesh["name"] == "Islamic State" and daesh["sector"] == "REB"
    pmf = _one(analysis, "the Popular Mobilisation Forces")
    assert pmf["code"] == "IRQ" and pmf["sector"] in ("MIL", "REB")
    council = _one(analysis, "the Iraqi Council of Representatives")
    assert (council["code"], council["sector"]) == ("IRQ", "LEG")


@pytest.mark.parametrize(("mention", "code"), [("US troops", "USA"), ("US combat troops", "USA"),
                                               ("US army", "USA"), ("soldiers", "USA"),
                                               ("Iraqi army", "IRQ")])
def test_armed_forces(analysis, mention, code):
    actor = _one(analysis, mention)
    assert (actor["code"], actor["sector"]) == (code, "MIL")


@pytest.mark.parametrize("mention", ["pro-Iranian armed groups",
                                     "Shiite militias allied with Tehran"])
def test_armed_groups_with_a_patron(analysis, mention):
    actor = _one(analysis, mention)
    assert actor["sector"] == "REB" and actor["patron"] == "IRN"


@pytest.mark.parametrize(
    ("mention", "code", "lat", "lon"),
    [("Iraq", "IRQ", None, None), ("Baghdad", "IRQ", 33.34, 44.40),
     ("Washington", "USA", 38.90, -77.04), ("the Ain al-Assad", "IRQ", 33.80, 42.44),
     ("Afghanistan", "AFG", None, None), ("Syria", "SYR", None, None),
     ("Tehran", "IRN", 35.69, 51.42)],
)
def test_places(analysis, mention, code, lat, lon):
    places = [m["place"] for m in analysis["entities"] if m["text"] == mention and m["place"]]
    assert places, mention
    place = places[0]
    assert place["country_code"] == code
    if lat is not None:
        assert abs(place["lat"] - lat) < 0.1 and abs(place["lon"] - lon) < 0.1
    if mention == "the Ain al-Assad":
        assert place["resolution"] == 5 and place["feature_code"] == "AIRB"


def _time(analysis: dict, text: str) -> dict:
    found = [t for t in analysis["times"] if t["text"].lower() == text.lower()]
    assert found, text
    return found[0]


def test_times(analysis):
    assert _time(analysis, "25 de julio de 2021")["date"] == "2021-07-25"
    end = _time(analysis, "the end of the year")
    assert end["date"] == "2021-12-31" and end["deadline"]
    month = _time(analysis, "Earlier this month")
    assert (month["date"][:7], month["granularity"]) == ("2021-07", "month")
    assert month["enddate"] <= analysis["published"]["date"]
    since = _time(analysis, "2014")
    assert since["date"].startswith("2014") and since["enddate"] is None
    assert _time(analysis, "October")["date"][:7] == "2021-10"
    later = _time(analysis, "two days later")
    assert later["date"] is None and later["anchor"] == "relative"


def test_quantities(analysis):
    counts = {(q["value"], q["counted"], q["approximate"]) for q in analysis["quantities"]}
    assert (14, "rockets", False) in counts
    assert (3, "rockets", False) in counts
    assert (2500, "soldiers", True) in counts
    assert all(q["value"] != 47 for q in analysis["quantities"])


def _speaker(analysis: dict, fragment: str) -> dict:
    found = [q for q in analysis["quotes"] if fragment in q["text"]]
    assert found, fragment
    assert found[0]["speaker"] and found[0]["speaker"]["actor"], found[0]
    return found[0]["speaker"]["actor"]


def test_quotes_and_speakers(analysis):
    assert _speaker(analysis, "We are committed to our security cooperation")["name"] == (
        "Joe Biden")
    assert _speaker(analysis, "our nation is now stronger than ever")["name"] == (
        "Mustafa al-Kadhimi")
    office = _speaker(analysis, "consolidate a close relationship with the United States")
    assert (office["code"], office["sector"]) == ("IRQ", "GOV")
    fragment = _speaker(analysis, "culmination")
    assert fragment["code"] == "IRQ"


def test_coreference(analysis):
    links = {(c["text"], c["antecedent"]) for c in analysis["coref"]}
    assert ("US president", "Joe Biden") in links
    assert any(t == "head of the Iraqi government" and "Kazemi" in a for t, a in links)
    assert ("He", "US President Joe Biden") in links
