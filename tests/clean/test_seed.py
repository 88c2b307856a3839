"""The first real input: every MUST item of section 1 of the seed's expected.md."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from support import SEED, shared_file

BODY_LINES = [6, 8, 12, 14, 18, 20, 24, 26]
CAPTION_LINES = [4, 10, 16, 22]
CREDITS = ["AP/PATRICK SEMANSKY", "AFP/ANDREW CABALLERO-REYNOLDS", "REUTERS/THAIER AL-SUDANI",
           "AFP/ ROSLAN RAHMAN"]
REPAIRED_WORDS = ["después", "jardín", "coalición", "iraquíes", "helicóptero", "aérea"]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def seed() -> tuple[dict, list[str]]:
    path = shared_file(SEED)
    # The command a user runs, end to end.
    result = subprocess.run(
        [sys.executable, "-m", "newsevents", "clean", str(path), "--format", "json"],
        capture_output=True, text=True, check=True,
    )
    article = json.loads(result.stdout)
    return article, path.read_text(encoding="utf-8").split("\n")


def test_title_and_lede(seed):
    article, lines = seed
    assert article["title"] == _norm(lines[2])
    assert article["lede"] == _norm(lines[0])


def test_body_is_exactly_the_eight_paragraphs_in_order(seed):
    article, lines = seed
    assert [p["text"] for p in article["paragraphs"]] == [_norm(lines[i]) for i in BODY_LINES]
    for p in article["paragraphs"]:
        assert article["text"][p["start"] : p["end"]] == p["text"]


def test_captions_with_credits_split_off(seed):
    article, lines = seed
    captions = article["captions"]
    assert [_norm(c["credit"]).replace("/ ", "/") for c in captions] == [
        c.replace("/ ", "/") for c in CREDITS
    ]
    for caption, line_no in zip(captions, CAPTION_LINES, strict=True):
        assert caption["credit"] not in caption["text"]
        assert caption["text"] and caption["text"].split()[0] in lines[line_no]
        assert article["text"][caption["start"] : caption["end"]] == caption["text"]
    assert "photo_camera" not in captions[0]["text"]


def test_languages(seed):
    article, _ = seed
    assert article["language"] == "en"
    assert [c["language"] for c in article["captions"][1:]] == ["es", "es", "es"]


def test_ui_debris_removed_with_reason(seed):
    article, lines = seed
    removed = {r["text"]: r["reason"] for r in article["removed"]}
    assert "photo_camera" in removed and removed["photo_camera"]
    assert _norm(lines[33]) in removed and removed[_norm(lines[33])]
    assert "photo_camera" not in article["text"]
    assert _norm(lines[33]) not in article["text"]


def test_related_items_are_the_two_teasers(seed):
    article, lines = seed
    assert any(r["text"] == _norm(lines[28]) for r in article["removed"])
    assert [(r["title"], r["summary"]) for r in article["related"]] == [
        (_norm(lines[31]), _norm(lines[29])),
        (_norm(lines[36]), _norm(lines[34])),
    ]
    for line_no in (28, 29, 31, 34, 36):
        assert _norm(lines[line_no]) not in article["text"]


def test_mojibake_repaired_in_exactly_six_words(seed):
    article, lines = seed
    repairs = article["repairs"]
    assert [r["after"] for r in repairs] == REPAIRED_WORDS
    assert all(r["kind"] == "utf8-as-gbk" for r in repairs)
    source = "\n".join(lines)
    for r in repairs:
        assert source[r["start"] : r["end"]] == r["before"]
    assert not re.search(r"[\u4e00-\u9fff]", article["text"])
    assert "Badgad" in article["text"]  # a typo stays a typo
    assert "estadounidensess" in article["text"]


def test_publication_date_inferred_from_latest_date_on_page(seed):
    article, _ = seed
    published = article["published"]
    assert published["date"] == "2021-07-25"
    assert published["evidence"] == "25 de julio de 2021"
    assert 0 < published["confidence"] < 1
