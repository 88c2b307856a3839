"""The article's countries and the codes generic agents take from them."""

from __future__ import annotations

from newsevents.knowledge.actors import resolve_actor
from newsevents.model import Document
from newsevents.pipeline import Pipeline


def _analysis(text: str):
    doc = Document(text.encode(), "t", id="t", content_type="text/plain; charset=utf-8",
                   meta={"date": "2024-03-04"})
    return next(iter(Pipeline().pipe([doc])))


def test_an_actors_name_is_no_evidence_of_a_place():
    # GeoNames lists "Hamas" as a name of Hamm, Germany: the actor base knows it as Hamas
    analysis = _analysis("Hamas fighters fired rockets at Israel on Monday, witnesses said.")
    codes = {p.code for e in analysis.events for p in e.actor + e.recipient}
    assert "DEU" not in codes and {"PSE", "ISR"} <= codes


def test_a_generic_agent_never_takes_an_international_code_from_the_context():
    assert resolve_actor("police", "the United Nations", "2024-03-04").code is None
    assert resolve_actor("police", "the United Nations in Kenya", "2024-03-04").code == "KEN"
    assert resolve_actor("UN peacekeepers", "", "2024-03-04").code == "UNO"
