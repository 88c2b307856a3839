"""Golden files: the expected Articles for every bundled sample, one JSON file per input.

Regenerate after a deliberate change with ``.venv/bin/python tests/expected_articles.py`` from
the repo root, then read the diff: every changed line must be an improvement.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conftest import ROOT, SAMPLES  # noqa: E402

from newsevents.clean import clean_document  # noqa: E402
from newsevents.readers import Failure, iter_documents  # noqa: E402

EXPECTED = ROOT / "tests" / "expected"
INPUT_SUFFIXES = (".txt", ".html", ".jsonl", ".warc.gz", ".txt.gz")


def sample_inputs() -> list[str]:
    """Sample files relative to the repo root (the WARC's source pages are covered by it)."""
    files = [p for p in SAMPLES.rglob("*") if p.name.endswith(INPUT_SUFFIXES)]
    return sorted(str(p.relative_to(ROOT)) for p in files if "pages" not in p.parts)


def expected_path(sample: str) -> Path:
    return EXPECTED / (sample.removeprefix("samples/").replace("/", "__") + ".json")


def articles_for(sample: str) -> list[dict]:
    out = []
    for item in iter_documents([sample]):
        assert not isinstance(item, Failure), str(item)
        out.append(clean_document(item).to_dict())
    return out


def main() -> None:
    EXPECTED.mkdir(exist_ok=True)
    for sample in sample_inputs():
        path = expected_path(sample)
        text = json.dumps(articles_for(sample), ensure_ascii=False, indent=1) + "\n"
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    import os

    os.chdir(ROOT)
    main()
