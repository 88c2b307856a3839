"""The plain-text block classifier and the credit splitter."""

from __future__ import annotations

import pytest

from newsevents.clean.blocks import classify_blocks, pair_teasers, removal_reason, split_credit


@pytest.mark.parametrize(
    ("block", "caption", "credit"),
    [
        ("Soldiers at the base in 2020 REUTERS/JANE DOE-SMITH", "Soldiers at the base in 2020",
         "REUTERS/JANE DOE-SMITH"),
        ("A helicopter lands AFP/ ROSLAN RAHMAN", "A helicopter lands", "AFP/ ROSLAN RAHMAN"),
        ("AP/PATRICK SEMANSKY - The president at the Pentagon", "The president at the Pentagon",
         "AP/PATRICK SEMANSKY"),
        ("Marchers in Ikeja on Saturday. (AP Photo/Sunday Alamba)",
         "Marchers in Ikeja on Saturday.", "(AP Photo/Sunday Alamba)"),
        ("A woman holds a placard. Photo: Jane Mwangi", "A woman holds a placard.",
         "Photo: Jane Mwangi"),
        ("Residents carry belongings Getty Images", "Residents carry belongings", "Getty Images"),
        ("The minister said the talks would resume in May.",
         "The minister said the talks would resume in May.", None),
        ("Talks between the US/UK and Iran resumed.", "Talks between the US/UK and Iran resumed.",
         None),
    ],
)
def test_split_credit(block, caption, credit):
    assert split_credit(block) == (caption, credit)


@pytest.mark.parametrize(
    ("block", "label"),
    [
        ("photo_camera", "debris"),
        ("Share on Facebook", "debris"),
        ("hammouchi seguridad arabe tanger 2", "debris"),
        ("IMG_20230412.jpg", "debris"),
        ("We use cookies to improve your experience. Accept cookies", "boilerplate"),
        ("© 2024 Example News Agency. All rights reserved.", "boilerplate"),
        ("Subscribe to our newsletter", "boilerplate"),
        ("The army said two soldiers were killed near the border on Monday.", None),
    ],
)
def test_removal_reason(block, label):
    removal = removal_reason(block)
    assert (removal[0] if removal else None) == label


def test_long_paragraph_mentioning_cookies_is_news():
    text = " ".join(["The ministry said the cookie factory strike entered its third week,"] * 5)
    assert removal_reason(text) is None


def _labels(blocks: list[str]) -> list[str]:
    return [b.label for b in classify_blocks(blocks)]


BODY = "The army said two soldiers were killed near the border on Monday, officials said."


def test_headline_first_layout_with_byline_and_section_heading():
    blocks = ["Border clash kills two soldiers", "By Jane Doe", BODY, "Talks stall",
              BODY.replace("two", "three"), "Related", "Another story about the border region",
              "Yet another headline here"]
    assert _labels(blocks) == ["title", "byline", "body", "heading", "body", "related_heading",
                               "related_title", "related_title"]


def test_standfirst_before_headline_layout():
    standfirst = "Two soldiers were killed near the border as talks between the countries stalled"
    assert _labels([standfirst, "Border clash kills two", BODY]) == ["lede", "title", "body"]


def test_teasers_pair_in_either_order():
    summary = "A long teaser summary sentence that describes another article in some detail."
    summary_first = classify_blocks(["More in World", summary, "Teaser title one"])
    assert pair_teasers(summary_first) == [("Teaser title one", summary)]
    title_first = classify_blocks(["Related articles", "Teaser title one", summary, "Title two"])
    assert pair_teasers(title_first) == [("Teaser title one", summary), ("Title two", None)]
