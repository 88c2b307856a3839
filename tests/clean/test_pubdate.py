"""Finding absolute dates on a page and inferring the publication date from them."""

from __future__ import annotations

from datetime import date

from newsevents.clean.pubdate import find_dates, infer_published, normalise_date


def test_dates_in_several_languages_and_formats():
    text = ("on 14 March 2023, on July 4, 2021, el 25 de julio de 2021, le 12 janvier 2024, "
            "am 3. Oktober 2022, 2023年8月2日 and 2020-08-23")
    assert sorted(d.day for d in find_dates(text)) == [
        date(2020, 8, 23), date(2021, 7, 4), date(2021, 7, 25), date(2022, 10, 3),
        date(2023, 3, 14), date(2023, 8, 2), date(2024, 1, 12)]


def test_impossible_dates_are_ignored():
    assert find_dates("on 31 February 2023 and 2023-13-01") == []


def test_deadlines_and_plans_do_not_date_the_page():
    texts = ["The march took place on 23 March 2024.",
             "The opposition has called for a second march on 30 March 2024.",
             "Troops must leave by 15 April 2024."]
    published = infer_published(texts)
    assert published.date == "2024-03-23" and published.evidence == "23 March 2024"
    assert published.method == "latest-date-on-page"


def test_no_dates_means_unknown():
    published = infer_published(["Nothing dated here."])
    assert (published.date, published.confidence) == (None, 0.0)


def test_normalise_metadata_dates():
    assert normalise_date("2023-09-18T08:30:00Z") == "2023-09-18"
    assert normalise_date("September 2023") is None
    assert normalise_date("2023-02-30") is None
