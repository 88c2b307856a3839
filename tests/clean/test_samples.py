"""Every bundled sample against its reviewed expected Articles (tests/expected/)."""

from __future__ import annotations

import json

import pytest
from support import articles_for, expected_path, sample_inputs

SAMPLES = sample_inputs()


def test_there_are_at_least_twelve_articles(in_root):
    count = sum(len(json.loads(expected_path(s).read_text(encoding="utf-8"))) for s in SAMPLES)
    assert count >= 12
    kinds = {s.rsplit(".", 1)[-1] for s in SAMPLES}
    assert {"txt", "html", "jsonl", "gz"} <= kinds


@pytest.mark.parametrize("sample", SAMPLES)
def test_sample_matches_expected(sample, in_root):
    expected = json.loads(expected_path(sample).read_text(encoding="utf-8"))
    assert articles_for(sample) == expected


@pytest.mark.parametrize("sample", SAMPLES)
def test_offsets_index_the_clean_text(sample, in_root):
    for article in articles_for(sample):
        text = article["text"]
        for p in article["paragraphs"] + article["headings"]:
            assert text[p["start"] : p["end"]] == p["text"]
        for c in article["captions"]:
            if c["text"]:
                assert text[c["start"] : c["end"]] == c["text"]
        if article["title_span"]:
            start, end = article["title_span"]
            assert text[start:end] == article["title"]


def test_chinese_page_comes_through_unchanged(in_root):
    (article,) = articles_for("samples/html/flood-aid-zh.html")
    raw = (in_root / "samples/html/flood-aid-zh.html").read_text(encoding="utf-8")
    assert article["language"] == "zh"
    assert article["repairs"] == []
    for p in article["paragraphs"]:
        assert p["text"] in raw
    assert "UNICEF" in article["text"]


def test_legacy_charset_is_decoded(in_root):
    (article,) = articles_for("samples/html/parlement-latin1.html")
    assert article["encoding"] == "cp1252"
    assert article["language"] == "fr"
    assert "députés" in article["text"] and "€" in article["text"]


def test_html_keeps_figures_related_and_says_what_it_removed(in_root):
    (article,) = articles_for("samples/html/ceasefire-talks.html")
    assert article["author"] == "Daniel Hart"
    assert article["published"]["date"] == "2023-09-18"
    assert len(article["captions"]) == 2
    assert all(c["credit"] == "Reuters/Omar Haddad" for c in article["captions"])
    assert len(article["related"]) == 3 and all(r["url"] for r in article["related"])
    reasons = {r["reason"] for r in article["removed"]}
    assert {"boilerplate: cookie notice", "ui: share buttons", "navigation"} <= reasons
    assert "cookies" not in article["text"] and "Share on" not in article["text"]
    assert [h["text"] for h in article["headings"]] == ["Prisoner exchange on the table"]


def test_feed_ids_and_dates(in_root):
    articles = articles_for("samples/jsonl/feed.jsonl")
    assert [a["id"] for a in articles][:2] == ["feed-001", "feed-002"]
    assert articles[0]["published"] == {
        "date": "2022-06-10", "evidence": "feed date '2022-06-10'", "method": "feed",
        "confidence": 1.0,
    }
    assert articles[3]["published"]["date"] is None


def test_warc_skips_non_text_records(in_root):
    articles = articles_for("samples/warc/crawl.warc.gz")
    assert len(articles) == 2
    assert all(a["url"].startswith("https://") for a in articles)
