"""Times, quantities, quotes and coreference on sentences written for these tests, and the
analysis of every bundled sample."""

from __future__ import annotations

import json

import pytest
from support import sample_inputs

import newsevents
from newsevents.analysis.times import find_times
from newsevents.clean import clean_document
from newsevents.readers import iter_documents


def _times(text: str, published: str | None = "2023-03-15") -> dict[str, tuple]:
    return {t.text: (t.date, t.enddate, t.granularity, t.anchor)
            for t in find_times(text, published)}


def test_deictic_times_use_the_publication_date():
    times = _times("Talks began last week and ended yesterday; more are due next month.")
    assert times["last week"] == ("2023-03-06", "2023-03-12", "week", "publication")
    assert times["yesterday"] == ("2023-03-14", None, "day", "publication")
    assert times["next month"] == ("2023-04-01", "2023-04-30", "month", "publication")


def test_anaphoric_times_stay_relative():
    times = _times("The ceasefire collapsed three weeks later.")
    assert times["three weeks later"] == (None, None, None, "relative")


def test_without_a_publication_date_deictic_times_stay_relative():
    assert _times("It happened last month.", None)["last month"][3] == "relative"


def test_absolute_times_in_several_languages():
    times = _times("On 3 May 2023 in Lima; el 25 de julio de 2021; in April 2022; since 2014.")
    assert times["3 May 2023"][0] == "2023-05-03"
    assert times["25 de julio de 2021"][0] == "2021-07-25"
    assert times["April 2022"][:3] == ("2022-04-01", "2022-04-30", "month")
    assert times["2014"] == ("2014-01-01", None, "year", "absolute")


def test_dateparser_handles_weekdays_and_ago():
    times = _times("The envoy arrived on Sunday, three days ago.")
    assert times["on Sunday"][0] == "2023-03-12"
    assert times["three days ago"][0] == "2023-03-12"


@pytest.fixture(scope="module")
def village():
    page = (
        "Gunmen kill 12 villagers in central Mali\n\n"
        "Gunmen killed at least 12 villagers and wounded 30 others in central Mali on "
        "4 March 2023, the army said. Some 200 families fled to the regional capital.\n\n"
        "\"We buried them this morning,\" said a local official. He added that about 40 "
        "houses were burned.\n\n"
        "The interior minister said in a statement that \"the attackers will be found\". "
        "Malian President Assimi Goita ordered an inquiry. He also sent 300 soldiers to "
        "the area, the 2nd battalion of the army.\n"
    )
    return newsevents.Pipeline().extract(newsevents.clean(page))


def test_quantities_are_attached_and_kinded(village):
    counts = {(q.value, q.kind, q.approximate) for q in village.quantities}
    assert (12, "dead", True) in counts
    assert (30, "injured", False) in counts
    assert (200, "displaced", True) in counts
    assert (300, "troops", False) in counts
    assert all(q.value != 2 for q in village.quantities)  # "2nd" is an ordinal
    assert all(q.value != 2023 for q in village.quantities)  # a year is not a count


def test_quote_speakers(village):
    speakers = {q.text[:10]: q.speaker for q in village.quotes}
    assert speakers["We buried "].text.endswith("local official")
    assert speakers["We buried "].actor.sector == "GOV"
    assert speakers["the attack"].text.lower().endswith("interior minister")


def test_pronoun_coreference(village):
    links = {(c.text, c.antecedent) for c in village.coref}
    assert ("He", "Malian President Assimi Goita") in links


def test_every_sample_analyses_with_consistent_offsets(in_root):
    articles = [clean_document(d) for d in iter_documents(sample_inputs())]
    analyses = list(newsevents.Pipeline().pipe(articles))
    assert len(analyses) == len(articles) >= 12
    for analysis in analyses:
        data = analysis.to_dict()
        json.dumps(data)  # serialisable
        for key in ("entities", "times", "quantities", "quotes", "coref"):
            for item in data[key]:
                assert data["text"][item["start"] : item["end"]] == item["text"], (key, item)
    resolved = sum(1 for a in analyses for m in a.entities if m.actor or m.place)
    assert resolved > 100
