"""Reviewed events show their reviewed values in the command line's outputs too (issue 14:
"everywhere: API, pages, exports"), not only in the web app."""

from __future__ import annotations

import json
import subprocess
import sys

from newsevents.store.db import connect
from newsevents.store.ingest import ingest
from newsevents.store.reviews import add_review, ensure_tables

# Written for this test; no outlet's text.
STORY = ("Kenyan police arrested 40 protesters in Nairobi on Monday, 4 March 2024, after a "
         "march against new taxes, the interior ministry said.")


def _events(db) -> list[dict]:
    run = subprocess.run([sys.executable, "-m", "newsevents", "events", "--db", str(db),
                          "--format", "plover", "--limit", "all"], capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    return [json.loads(line) for line in run.stdout.splitlines()]


def test_a_correction_shows_in_events_and_the_coders_value_is_kept(tmp_path):
    (tmp_path / "story.txt").write_text("Nairobi arrests\n\n" + STORY + "\n", encoding="utf-8")
    db = tmp_path / "store.db"
    ingest([str(tmp_path / "story.txt")], db)
    (before,) = [e for e in _events(db) if e["event"] == "COERCE"]
    assert "review" not in before  # an unreviewed record is as the coder wrote it
    conn = connect(db)
    ensure_tables(conn)
    add_review(conn, before["id"], "correct", {"event": "ASSAULT"}, note="beaten, not held")
    conn.close()
    (after,) = [e for e in _events(db) if e["id"] == before["id"]]
    assert after["event"] == "ASSAULT" and after["review"]["action"] == "correct"
    assert after["review"]["coded"]["event"] == "COERCE"
