"""Sides of an event (issue 11, item 5): the victims of an attack are its recipients, a
headline's event is one more report of the body's, compound actors keep every side, and a
release is not an arrest. Short articles written for these tests, through the real Pipeline."""

from __future__ import annotations

import pytest

from newsevents.model import Document
from newsevents.pipeline import Pipeline


@pytest.fixture(scope="module")
def code():
    pipeline = Pipeline()

    def run(text: str, date: str = "2024-03-12") -> list:
        doc = Document(text.encode("utf-8"), "test", id="test",
                       content_type="text/plain; charset=utf-8", meta={"date": date})
        return list(pipeline.pipe([doc]))[0].events

    return run


def _sides(parties) -> set[tuple[str | None, str | None]]:
    return {(p.code, p.sector) for p in parties}


def _only(events, category: str):
    found = [e for e in events if e.event == category]
    assert len(found) == 1, [(e.event, e.trigger.text) for e in events]
    return found[0]


def test_an_attack_on_a_town_is_on_its_civilians_not_the_state(code):
    events = code("Armed rebels attacked a market town in northern Mali on Monday.")
    attack = _only(events, "ASSAULT")
    assert _sides(attack.recipient) == {("MLI", "CVL")}
    assert _sides(attack.actor) == {("MLI", "REB")}


def test_a_named_town_that_is_attacked_stands_for_its_residents(code):
    events = code("Gunmen attacked Maiduguri in northeastern Nigeria on Monday, the army said.")
    attack = _only(events, "ASSAULT")
    assert _sides(attack.recipient) == {("NGA", "CVL")}


def test_an_attack_on_a_country_is_on_the_state(code):
    events = code("Iraqi troops attacked Kuwait on Thursday.", date="1990-08-03")
    attack = _only(events, "ASSAULT")
    assert _sides(attack.recipient) == {("KWT", "GOV")}


def test_the_place_of_a_killing_is_not_its_killer(code):
    # The subject is the attack itself: the attackers kill, not the country named.
    events = code("A militia attack on a village in central Mali killed nine people on Sunday.")
    attack = _only(events, "ASSAULT")
    assert _sides(attack.actor) == {("MLI", "REB")}
    assert _sides(attack.recipient) == {("MLI", "CVL")} and attack.dead == 9


def test_a_headline_is_one_more_report_of_the_body_event(code):
    events = code("Bandit attack on mining town in Niger kills at least nine\n\n"
                  "Armed bandits attacked a mining town in the Tillaberi region of Niger on "
                  "Sunday, killing at least nine residents, local officials said.\n")
    attack = _only(events, "ASSAULT")
    assert attack.mentions >= 2 and attack.dead == 9
    assert ("NER", "GOV") not in _sides(attack.actor) | _sides(attack.recipient)
    assert {s for _, s in _sides(attack.recipient)} == {"CVL"}


def test_coordinated_nationalities_are_two_sides(code):
    events = code("Turkish and Greek negotiators met in Geneva on Monday.")
    meeting = _only(events, "CONSULT")
    assert {"TUR", "GRC"} <= {p.code for p in meeting.actor}


def test_an_agent_from_two_sides_is_of_both(code):
    events = code("Envoys from Turkey and Greece met in Geneva on Monday.")
    talks = _only(events, "CONSULT")
    assert {"TUR", "GRC"} <= {p.code for p in talks.actor}


def test_coordinated_police_forces_both_arrest(code):
    events = code("Spanish and Portuguese police arrested 12 suspected smugglers in Vigo on "
                  "Friday.")
    arrest = _only(events, "COERCE")
    assert {("ESP", "COP"), ("PRT", "COP")} <= _sides(arrest.actor)
    assert arrest.arrested == 12


def test_a_release_of_prisoners_is_a_retreat_not_an_arrest(code):
    events = code("The Kenyan government released 300 prisoners on Tuesday.")
    assert not [e for e in events if e.event == "COERCE"]
    release = _only(events, "RETREAT")
    assert release.mode == "release" and release.arrested is None
    assert any(c["value"] == 300 and c["kind"] == "people" for c in release.counts)


def test_a_protest_that_names_no_target_is_addressed_to_the_state(code):
    # coding.toml addressed_to_the_state: "nurses in England walked out" is aimed at GBR GOV;
    # a named target stays the target
    strike = _only(code("Kenyan doctors went on strike in Nairobi on Monday over unpaid "
                        "salaries."), "PROTEST")
    assert [(r.code, r.sector) for r in strike.recipient] == [("KEN", "GOV")]
    assert strike.evidence["recipient"][0].text == strike.trigger.text  # implied by the strike
    # the state's own police or army are not protesting against the state
    assert all(not e.recipient for e in code("Police blocked the road in Lagos with armoured "
                                             "vehicles on Saturday."))


def test_an_attack_happens_where_it_is_done_and_its_victims_are_of_that_place(code):
    # "shelled the centre of Kherson": Kherson is where it happened, though no "in" says it,
    # and the ten people killed are Ukrainian, not of the attackers' country
    attack = _only(code("Russian forces shelled the centre of Kherson on Saturday, killing 10 "
                        "people, the regional governor said."), "ASSAULT")
    assert attack.event_loc is not None and attack.event_loc.country_code == "UKR"
    assert {r.code for r in attack.recipient} == {"UKR"}
    assert attack.dead == 10
