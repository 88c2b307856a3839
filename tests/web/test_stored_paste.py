"""A pasted article is stored only when asked, with the token (issue 14: "not stored unless
asked"): POST /api/documents codes and stores it like an ingested document."""

from __future__ import annotations

import sqlite3

from fastapi.testclient import TestClient

from newsevents.store.ingest import ingest
from newsevents.web.app import create_app

# Written for this test; no outlet's text.
STORED = ("Nairobi arrests\n\nKenyan police arrested 40 protesters in Nairobi on Monday, 4 "
          "March 2024, after a march against new taxes, the interior ministry said.\n")
PASTED = ("Ugandan troops attacked a rebel camp near Beni in eastern Congo on Tuesday, 5 March "
          "2024, killing 12 fighters, the army said.")


def test_a_paste_is_stored_with_the_token_only(tmp_path):
    (tmp_path / "story.txt").write_text(STORED, encoding="utf-8")
    db = tmp_path / "store.db"
    ingest([str(tmp_path / "story.txt")], db)
    client = TestClient(create_app(db, token="secret"))
    count = lambda: sqlite3.connect(db).execute("SELECT COUNT(*) FROM documents").fetchone()[0]  # noqa: E731
    assert count() == 1
    assert client.post("/api/extract", json={"text": PASTED}).status_code == 200
    assert count() == 1  # extract never stores
    assert client.post("/api/documents", json={"text": PASTED}).status_code == 401
    assert count() == 1
    stored = client.post("/api/documents", json={"text": PASTED},
                         headers={"Authorization": "Bearer secret"})
    assert stored.status_code == 201 and count() == 2
    body = stored.json()
    assert any(e["event"] == "ASSAULT" for e in body["events"])
    assert client.get(f"/api/documents/{body['id']}").status_code == 200
    # the same paste again is one document, not two
    again = client.post("/api/documents", json={"text": PASTED},
                        headers={"Authorization": "Bearer secret"})
    assert again.status_code == 201 and count() == 2
