"""Trigger senses (issue 11 #2): the project's lexicon first, with lines that say "not an
event"; CAMEO verb patterns that reject or add a reading; a use of force needs an actor or a
weapon as its subject."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", [
    "Floods hit the northern province of Sindh on Tuesday.",
    "Western sanctions hit the Russian economy hard, officials said on Monday.",
])
def test_a_thing_or_an_abstraction_does_not_assault(coded, text):
    assert ("ASSAULT", "hit") not in coded(text)


@pytest.mark.parametrize(("text", "trigger"), [
    ("A bomb killed five people in Kabul on Monday.", "killed"),  # a weapon
    ("Russian forces hit a market in Kharkiv on Monday.", "hit"),  # an actor
])
def test_an_actor_or_a_weapon_does(coded, text, trigger):
    assert ("ASSAULT", trigger) in coded(text)


def test_charging_a_fee_is_not_an_accusation_charging_with_murder_is(coded):
    assert not any(e == "ACCUSE" for e, _ in coded(
        "The airline will charge passengers a new fee from March, the company said."))
    assert ("ACCUSE", "charged") in coded(
        "Police charged three men with murder in Lagos on Monday.")


def test_a_general_strike_is_a_protest_not_an_attack(coded):
    events = coded("Unions called a general strike across Nigeria on Monday.")
    assert ("PROTEST", "strike") in events and ("ASSAULT", "strike") not in events


def test_a_preposition_before_a_date_is_not_a_particle(coded):
    # "call on" is REQUEST; "called ... on Monday" is not
    assert ("REQUEST", "called") not in coded(
        "Unions called a general strike across Nigeria on Monday.")
    assert ("REQUEST", "called") in coded(
        "The United States called on Russia on Monday to withdraw its troops.")


def test_a_cameo_pattern_codes_a_verb_the_project_does_not_know(coded):
    # "allocate" is not in triggers.jsonl; CAMEO's "- * AID [073]" makes it AID
    assert ("AID", "allocated") in coded(
        "The European Union allocated aid to Sudan on Monday, officials said.")


def test_a_promise_of_a_concession_is_a_concession(coded):
    # the codebook's CONCEDE: "make a promise of future concessions"
    events = coded("The government agreed on Monday to lift the curfew in Lagos.")
    assert ("CONCEDE", "agreed") in events and ("AGREE", "agreed") not in events
    assert ("AGREE", "agreed") in coded("Kenya and Uganda agreed to hold joint talks in Nairobi.")


def test_a_pattern_without_a_preposition_names_the_direct_object(coded):
    # "- * MEETING [046]" asks for a meeting as the object: "opened fire on a meeting" is
    # an attack on it, not a consultation; "open fire" is an English idiom of its own
    events = coded("Police opened fire on a meeting of farmers in Chittagong on Thursday.")
    assert ("ASSAULT", "opened") in events and ("CONSULT", "opened") not in events


def test_a_noun_inside_the_objects_clause_is_not_the_object(coded):
    # "emergency" belongs to "the state of emergency imposed ...", two phrases down: not
    # CAMEO's "- * EMERGENCY [073]" (emergency aid)
    events = coded("Prime Minister Benjamin Netanyahu ordered the extension of the state of "
                   "emergency imposed by parliament on Tuesday.")
    assert ("AID", "ordered") not in events


def test_a_hyphenated_compound_is_one_word(coded):
    # "live-fire drills" are no "hold ... fire" (CAMEO's ceasefire); "hold their fire" is
    events = coded("China will hold live-fire military drills around Taiwan from Thursday.")
    assert ("RETREAT", "hold") not in events
