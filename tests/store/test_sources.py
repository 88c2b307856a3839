"""One article, one document (issue 12): the same bytes have one id from any input, and a
near-duplicate text is linked to the stored document as one more source (a syndicated copy
when another outlet's host carries it), never stored or counted again."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

from newsevents.store.ingest import ingest
from newsevents.store.sources import NEAR, minhash, similarity

# Written for this test; no outlet's text.
STORY = ("Rebel fighters seized the town of Menaka in northern Mali on 3 May 2023 after two "
         "days of fighting with Malian troops, residents said. The army said it had withdrawn "
         "to regroup and would retake the town within a week. Aid groups said hundreds of "
         "families had fled across the river, and the regional governor appealed for calm as "
         "shops stayed closed and the market was empty for a second day.")


def _run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newsevents", *args], input=stdin,
                          capture_output=True, timeout=300)


def test_the_same_bytes_have_one_id_from_a_path_and_from_stdin(tmp_path):
    page = tmp_path / "story.txt"
    page.write_text("Border town falls\n\n" + STORY + "\n", encoding="utf-8")
    from_path = json.loads(_run("clean", str(page), "--format", "json").stdout)
    from_stdin = json.loads(_run("clean", "-", "--format", "json",
                                 stdin=page.read_bytes()).stdout)
    assert from_path["id"] == from_stdin["id"]


def test_a_syndicated_copy_is_one_more_source_not_a_second_document(tmp_path):
    feed = tmp_path / "feed.jsonl"
    copy = STORY.replace("residents said", "residents told reporters") + (
        " This article first appeared in the Harbour Courier.")
    feed.write_text("\n".join(json.dumps(r) for r in [
        {"url": "https://courier.example/amsa", "text": STORY, "date": "2023-05-04"},
        {"url": "https://wire.example/world/amsa", "text": copy, "date": "2023-05-04"},
    ]) + "\n", encoding="utf-8")
    db = tmp_path / "store.db"
    tally = ingest([str(feed)], db)
    assert (tally.added, tally.linked) == (1, 1)
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 1
    rows = conn.execute("SELECT relation, url FROM document_sources ORDER BY relation").fetchall()
    assert rows == [("first", "https://courier.example/amsa"),
                    ("syndicated", "https://wire.example/world/amsa")]
    # the copy's reports are not stored: no event counts it as an independent source
    assert conn.execute("SELECT COUNT(DISTINCT doc_id) FROM reports").fetchone()[0] == 1
    assert conn.execute("SELECT MAX(sources) FROM events").fetchone()[0] == 1
    # a rerun adds nothing
    again = ingest([str(feed)], db)
    assert (again.added, again.linked, again.unchanged) == (0, 0, 2)


def test_different_articles_are_far_apart_and_near_copies_close():
    other = ("The central bank raised its main interest rate by half a point on Thursday to "
             "curb inflation, which reached nine percent in April, the highest in two decades. "
             "The governor said further rises were likely before the end of the year.")
    one, copy = minhash(STORY), minhash(STORY + " Reporting by Jane Doe; editing by John Roe.")
    assert similarity(one, copy) >= NEAR > similarity(one, minhash(other))
