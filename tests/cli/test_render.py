"""The readable view: every section a reader needs, and page text shown literally."""

from __future__ import annotations

import subprocess
import sys


def _view(args: list[str], stdin: str | None = None) -> str:
    result = subprocess.run([sys.executable, "-m", "newsevents", "clean", *args],
                            capture_output=True, text=True, input=stdin,
                            env={"COLUMNS": "200", "PATH": ""}, check=True)
    return result.stdout


def test_readable_view_has_every_section(in_root):
    out = _view(["samples/text/election-protests.txt"])
    assert "Thousands march in Lagos as opposition rejects governorship result" in out
    assert "published 2024-03-23 (latest-date-on-page" in out
    assert "date evidence: 23 March 2024" in out
    assert "## Opposition demands a recount" in out
    assert "credit: (AP Photo/Sunday Alamba)" in out
    assert "Related items, not part of the article (2)" in out
    assert "Removed (6)" in out and "ui debris: interface text" in out


def test_repairs_are_shown(in_root):
    out = _view(["samples/text/border-talks-mojibake.txt"])
    assert "Repairs (5)" in out and "utf8-as-gbk: despu茅s → después" in out


def test_page_text_is_never_terminal_markup():
    page = "[bold red]Injected[/bold red] headline here\n\n" + "The council met on Monday. " * 5
    out = _view(["-"], stdin=page)
    assert "[bold red]Injected[/bold red] headline here" in out


def test_analysis_view_has_its_tables(in_root):
    result = subprocess.run([sys.executable, "-m", "newsevents", "analyze",
                             "samples/text/militia-clashes.txt"], capture_output=True, text=True,
                            env={"COLUMNS": "200", "PATH": ""}, check=True)
    out = result.stdout
    for title in ("Actors and places", "Times", "Quantities", "Quotes"):
        assert title in out
    assert "COD" in out  # an actor or place resolved to the Democratic Republic of the Congo
