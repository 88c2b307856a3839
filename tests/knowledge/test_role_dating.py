"""Dated roles (issue 10 #5): a role is in force on the event's date, else the publication
date, never the clock; a former holder is ELI only after the role that date falls in."""

from __future__ import annotations

import pytest

from newsevents.knowledge.actors import resolve_actor
from newsevents.model import Document
from newsevents.pipeline import Pipeline


@pytest.mark.parametrize(("day", "sector"), [
    ("1996-01-01", "UNK"),  # before his term: a person of the base with no role yet
    ("1997-05-02", "GOV"),  # the first day
    ("2003-03-20", "GOV"),
    ("2007-06-27", "GOV"),  # the last day
    ("2007-06-28", "ELI"),  # after it: a former official
])
def test_a_term_before_during_and_after(day, sector):
    actor = resolve_actor("Tony Blair", "", day)
    assert (actor.code, actor.sector, actor.name) == ("GBR", sector, "Tony Blair")


def test_with_no_date_a_person_is_in_their_last_role_not_ended_by_the_clock():
    assert resolve_actor("Tony Blair").sector == "GOV"
    assert resolve_actor("former British leader Tony Blair").sector == "ELI"


def test_the_events_date_not_the_publication_date_sets_the_office():
    text = ("Blair met Bush in Washington\n\n"
            "Prime Minister Tony Blair met President George W. Bush in Washington on "
            "28 March 2003, officials said.\n")
    doc = Document(text.encode(), "blair", id="blair",
                   content_type="text/plain; charset=utf-8", meta={"date": "2024-05-01"})
    analysis = next(iter(Pipeline().pipe([doc])))
    meetings = [e for e in analysis.events if e.event == "CONSULT"]
    assert meetings and meetings[0].date == "2003-03-28"
    parties = {p.identifier_text: p.sector for p in meetings[0].actor + meetings[0].recipient}
    assert parties.get("Tony Blair") == "GOV"  # ELI on the publication date
    assert resolve_actor("Tony Blair", "", "2024-05-01").sector == "ELI"
