"""The event gold file: the coverage it promises, and document ids on its events. (Its F1
floors are in tests/gold/floors.toml, checked by tests/test_evaluate.py.)"""

from __future__ import annotations

import json
from collections import Counter

from support import ROOT

GOLD = ROOT / "tests" / "gold" / "events.jsonl"  # its F1 floors: tests/test_evaluate.py


def test_gold_covers_every_category_and_auxiliary_mode():
    records = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    events = [e for r in records for e in r["events"]]
    per_category = Counter(e["event"] for e in events)
    assert len(per_category) == 16 and min(per_category.values()) >= 10
    aux = Counter(a for e in events for a in e["aux"])
    assert all(aux[mode] >= 8 for mode in ("historical", "future", "hypothetical", "negation"))
    assert sum(r["id"].startswith("a") for r in records) >= 15


def test_each_event_carries_its_document_id():
    from newsevents import Pipeline
    from newsevents.clean import clean_document
    from newsevents.readers import iter_documents

    docs = [d for d in iter_documents([str(GOLD)])][:5]
    analyses = list(Pipeline().pipe([clean_document(d) for d in docs]))
    assert [a.article.id for a in analyses] == [d.id for d in docs]
    for analysis in analyses:
        assert all(e.doc_id == analysis.article.id for e in analysis.events)
