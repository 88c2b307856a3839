"""Typed parties keep the JSON of an analysis as it was: Party fields, Place without the
gazetteer's population."""

from __future__ import annotations

from newsevents.model import Actor, Event, Evidence, Mention, Party, Place, plain

PLACE = Place("Baghdad", "Baghdad", 98182, 33.34, 44.40, "Baghdad", "Iraq", "IRQ", "P",
              "PPLC", 4, population=5_672_513)


def test_event_and_mention_json_drop_population():
    ev = Evidence("struck", 0, 6)
    event = Event("x", "d", "ASSAULT", "", [], [], [Party("USA", "MIL", "US forces")], [],
                  PLACE, None, None, None, None, None, None, None, [], None, ev, ev, {}, 1,
                  False, 0.5, None, 4, -9.0)
    out = event.to_dict()
    assert out["actor"] == [{"code": "USA", "sector": "MIL", "entity_text": "US forces",
                             "identifier_text": None, "patron": None, "other_sectors": ()}]
    assert "population" not in out["event_loc"] and out["event_loc"]["country_code"] == "IRQ"
    actor = Actor("IRQ", "GOV", None, "country", "Iraq")
    mention = plain(Mention("Baghdad", 0, 7, "GPE", actor, PLACE))
    assert mention["actor"] == actor.to_dict() and mention["place"] == PLACE.to_dict()
