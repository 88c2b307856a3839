"""Mojibake repair: fixes mojibake, changes nothing else, never touches real Chinese."""

from __future__ import annotations

import pytest

from newsevents.clean.repair import repair_text


def _gbk_mojibake(text: str) -> str:
    return text.encode("utf-8").decode("gbk")


@pytest.mark.parametrize("word", ["después", "helicóptero", "Bogotá", "región", "Perú", "aérea"])
def test_utf8_read_as_gbk_is_repaired(word):
    text = f"The caption said: la foto {_gbk_mojibake(word)} de la base. More English text here."
    fixed, repairs = repair_text(text)
    assert word in fixed
    assert [(r.kind, r.after) for r in repairs] == [("utf8-as-gbk", word)]
    assert text[repairs[0].start : repairs[0].end] == repairs[0].before


def test_real_chinese_is_never_altered():
    # 茅 and 铆 are the very characters the GBK repair turns into é and í.
    text = "茅台酒厂的工人铆钉了新的GDP增长目标。联合国UNICEF表示支持，茅台在2023年增长。"
    assert repair_text(text) == (text, [])


def test_cjk_in_mostly_latin_document_is_kept_when_it_is_not_mojibake():
    text = "The sign read 北京 in large letters, visitors said on Tuesday in the capital."
    assert repair_text(text) == (text, [])


def test_single_byte_mojibake_is_repaired_by_ftfy():
    fixed, repairs = repair_text("The cafÃ© owner said the naÃ¯ve plan failed.")
    assert fixed == "The café owner said the naïve plan failed."
    assert [(r.kind, r.before, r.after) for r in repairs] == [
        ("ftfy", "cafÃ©", "café"), ("ftfy", "naÃ¯ve", "naïve")]


def test_nothing_else_changes():
    text = "Relations between Washington and Badgad are ‘tense’ — “very” tense…  ﬁne. Ｆｕｌｌ"
    assert repair_text(text) == (text, [])
