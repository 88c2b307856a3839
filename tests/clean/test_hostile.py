"""Hostile input to the clean stage (issue 9): each exact input from the issue either cleans or
fails with one clear InputError, within a time bound, and nothing is lost without a warning."""

from __future__ import annotations

import signal
import time
from contextlib import contextmanager

import newsevents
from newsevents.clean.article import is_html
from newsevents.clean.repair import repair_text

TEXT = ("Rebel fighters seized the border town on 3 May 2023 after two days of fighting with "
        "government troops, residents said.\n")
BODY = TEXT * 3


@contextmanager
def deadline(seconds: float):
    """Fail (instead of hanging) when the block runs longer than ``seconds``.

    SIGALRM interrupts the regex engine and Python code; the elapsed check catches the rest."""

    def expired(signum, frame):
        raise AssertionError(f"took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    start = time.perf_counter()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert time.perf_counter() - start < seconds


def page(body: str, head: str = "") -> str:
    return (f"<html><head><title>Rebels seize town</title>{head}</head><body><article>"
            f"<h1>Rebels seize border town</h1>{body}</article></body></html>")


# 1. _MARKUP_START: exponential backtracking on empty comments.

def test_empty_comments_before_text_sniff_in_linear_time():
    with deadline(1):
        assert not is_html("<!---->" * 26 + TEXT, None)
        assert not is_html("<!---->" * 300 + TEXT, None)
        assert is_html("<!---->" * 26 + "<html><body><p>x</p></body></html>", None)
        assert is_html(" <!-- a --> \n<!--b--><!DOCTYPE html>", None)
        assert not is_html("<!-- never closed <html>", None)


def test_empty_comments_before_text_clean_as_text():
    with deadline(2):
        article = newsevents.clean("<!---->" * 26 + TEXT)
    assert "border town" in article.text


# 3. _MIXED_WORD: quadratic on a long Latin run after a CJK character.

def test_long_latin_run_after_cjk_repairs_in_linear_time():
    with deadline(1):
        text, repairs = repair_text("字 " + "a" * 40000)
    assert text == "字 " + "a" * 40000 and repairs == []


def test_gbk_repair_still_finds_mixed_words():
    text, repairs = repair_text("Llegó después de la reunión, " * 20 + "y despu茅s se fue.")
    assert text.endswith("y después se fue.")
    assert [(r.before, r.after) for r in repairs] == [("despu茅s", "después")]


def test_repairs_overlap_check_is_not_quadratic():
    line = "palabra " * 10000 + "despu茅s " * 2000 + "cafÃ© " * 2000
    with deadline(2):
        text, repairs = repair_text(line)
    assert "Ã" not in text and "茅" not in text
