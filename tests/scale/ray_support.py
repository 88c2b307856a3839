"""What the Ray tests share: a small generated corpus and the store's state, compared."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from support import SAMPLES

from newsevents.clean import clean_document
from newsevents.readers import iter_documents


def make_corpus(folder: Path, articles: int = 8) -> Path:
    """Distinct articles from the text samples, dated in several months, and one input the
    cleaner refuses (binary bytes), so that failures go through the shards too."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = [[p.text for p in clean_document(doc).paragraphs]
             for doc in iter_documents([str(SAMPLES / "text")])]
    with (folder / "feed.jsonl").open("w", encoding="utf-8") as out:
        for i in range(articles):
            # half of one sample, half of another: new texts, not near-duplicates
            one, other = texts[i % len(texts)], texts[(2 * i + 1) % len(texts)]
            body = one[: len(one) // 2] + other[len(other) // 2 :]
            out.write(json.dumps({"id": f"gen-{i}", "date": f"2023-{1 + i % 4:02d}-1{i % 9}",
                                  "text": "\n\n".join(body)}) + "\n")
    (folder / "junk.txt").write_bytes(bytes(range(256)) * 8)
    return folder


def state(db: Path) -> tuple[list, ...]:
    """Everything an ingest decides: documents with their whole analysis, merged events,
    the sources of each document, the failures."""
    conn = sqlite3.connect(db)
    try:
        return (
            conn.execute("SELECT id, source, url, content_hash, analysis FROM documents "
                         "ORDER BY id").fetchall(),
            conn.execute("SELECT * FROM events ORDER BY id").fetchall(),
            conn.execute("SELECT event_id, report_id, doc_id FROM event_sources "
                         "ORDER BY 1, 2").fetchall(),
            conn.execute("SELECT doc_id, source, url, relation, content_hash "
                         "FROM document_sources ORDER BY 1, 2").fetchall(),
            conn.execute("SELECT input, reason FROM failures ORDER BY 1, 2").fetchall())
    finally:
        conn.close()
