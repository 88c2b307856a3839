"""The PLOVER manual's single-category rule: an event still to come is coded as what it
amounts to now (coding.toml [future_as], conditional_threats)."""

from __future__ import annotations


def test_a_future_meeting_is_agree(coded):
    # manual: "References to future meetings ... should be coded as AGREE"
    events = coded("The presidents of Kenya and Uganda will meet in Nairobi next month.")
    assert ("AGREE", "meet") in events and ("CONSULT", "meet") not in events


def test_a_specific_act_to_come_keeps_its_category(coded):
    # manual: "if it is clear that it will be realized, retain the original event category"
    # (the seed: an announced withdrawal is RETREAT + future)
    assert ("RETREAT", "withdraw") in coded(
        "Russia announced on Monday that it would withdraw its troops from Kherson.")


def test_conflict_its_actor_makes_conditional_is_a_threat(coded):
    events = coded("Russia said on Monday it could cut off gas supplies to Moldova if the "
                   "talks failed.")
    assert ("THREATEN", "cut") in events


def test_a_prediction_by_someone_else_is_no_threat(coded):
    events = coded("Analysts said on Monday that Russia could cut off gas supplies to Moldova "
                   "if the talks failed.")
    assert ("THREATEN", "cut") not in events
