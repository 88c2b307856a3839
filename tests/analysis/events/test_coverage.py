"""Trigger coverage (issue 11, labelled stories): lexicon lines for readings the PLOVER
codebook names - a declared ceasefire and eased restrictions are CONCEDE, joint manoeuvres
COOPERATE, cancelled debt and loans AID, accepted or met demands CONCEDE,
a prison sentence SANCTION, troops on alert MOBILIZE, laid-down arms RETREAT, ruling out
talks REJECT, organizing or joining a boycott or strike PROTEST, a cyber attack or a
disinformation campaign COERCE. Sentences of our own."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("text", "event", "trigger"), [
    # CONCEDE: declarations (not implementations) of ceasefires, easing restrictions, yielding
    ("President Ruto declared a truce with the opposition in Nairobi on Sunday.",
     "CONCEDE", "declared"),
    ("The government of Kenya scrapped the curfew in Nairobi on Tuesday.", "CONCEDE",
     "scrapped"),
    ("The Honduran government removed travel restrictions on Tuesday.", "CONCEDE", "removed"),
    ("Colombia's president loosened the curfew in Bogota on Friday.", "CONCEDE", "loosened"),
    ("The Peruvian government suspended the curfew in Lima on Monday.", "CONCEDE",
     "suspended"),
    ("The Thai government finally gave in to the protesters on Sunday.", "CONCEDE", "gave"),
    ("The Ugandan government bowed to pressure from donors on Friday.", "CONCEDE", "bowed"),
    ("The Bangladeshi government accepted the demands of the Rohingya protesters on "
     "Thursday.", "CONCEDE", "accepted"),
    ("The Kenyan government met the demands of striking teachers on Friday.", "CONCEDE",
     "met"),
    # PROTEST: organizing or joining a boycott or a strike
    ("The Kenyan teachers' union organized a boycott of the exams on Monday.", "PROTEST",
     "organized"),
    ("Nigerian doctors joined the strike in Lagos on Wednesday.", "PROTEST", "joined"),
    # COOPERATE: joint military exercises, investment, trade
    ("India and France held a joint military exercise in the Indian Ocean on Monday.",
     "COOPERATE", "exercise"),
    ("The navies of Japan and Australia began joint drills off Okinawa on Tuesday.",
     "COOPERATE", "drills"),
    ("China will invest $2 billion in Kenya, officials said on Monday.", "COOPERATE",
     "invest"),
    ("Kenya exported tea to Pakistan last year, the ministry said on Monday.", "COOPERATE",
     "exported"),
    # AID: debt forgiveness
    ("Japan cancelled the debt of Ghana on Friday.", "AID", "cancelled"),
    ("The IMF approved a loan to Pakistan on Friday.", "AID", "loan"),
    # SANCTION: a prison sentence is a conviction
    ("A Kenyan court handed down a prison sentence to an opposition leader on Monday.",
     "SANCTION", "sentence"),
    # REJECT: ruling out
    ("Iran ruled out talks with the United States on Monday.", "REJECT", "ruled"),
    # RETREAT: laying down arms
    ("FARC rebels laid down their weapons in Colombia on Tuesday.", "RETREAT", "laid"),
    # COERCE: attacks on computers, disinformation
    ("Russian hackers launched a cyber attack on Estonia's banks on Monday.", "COERCE",
     "attack"),
    ("Iran ran a disinformation campaign against Israel on social media, officials said on "
     "Monday.", "COERCE", "campaign"),
    # PROTEST: striking for pay is a labour strike, not an attack
    ("Kenyan doctors will strike for higher pay from Monday.", "PROTEST", "strike"),
    # MOBILIZE: a larger military presence
    ("Japan bolstered its military presence on Okinawa on Monday.", "MOBILIZE", "bolstered"),
])
def test_the_lexicon_codes_the_codebook_reading(coded, text, event, trigger):
    assert (event, trigger) in coded(text)


def test_a_joint_exercise_is_cooperation_not_a_mobilization(coded):
    events = coded("India and France held a joint military exercise in the Indian Ocean on "
                   "Monday.")
    assert ("MOBILIZE", "exercise") not in events


def test_an_unqualified_exercise_is_still_a_mobilization(coded):
    assert ("MOBILIZE", "exercise") in coded(
        "Russia began a military exercise near the Ukrainian border on Monday.")


def test_a_missile_attack_is_still_an_assault(coded):
    events = coded("A Russian missile attack hit Kyiv on Monday.")
    assert ("ASSAULT", "attack") in events and not any(e == "COERCE" for e, _ in events)


def test_meeting_a_president_is_still_a_meeting(coded):
    events = coded("The Kenyan president met the Ugandan president in Nairobi on Monday.")
    assert ("CONSULT", "met") in events and ("CONCEDE", "met") not in events


def test_cancelling_talks_is_still_a_rejection_not_aid(coded):
    events = coded("Iran cancelled talks with the United States on Monday.")
    assert not any(e == "AID" for e, _ in events)
