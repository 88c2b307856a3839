"""What the tests share: where the repo, the samples, ../shared and the expected Articles are.
Tests import it as ``support`` (pytest's ``pythonpath`` puts tests/ on the path); conftest.py
holds fixtures only."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newsevents.clean import clean_document
from newsevents.readers import Failure, iter_documents

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "000_4259137ad6a899a2.txt"
EXPECTED = ROOT / "tests" / "expected"
INPUT_SUFFIXES = (".txt", ".html", ".jsonl", ".warc.gz", ".txt.gz")


def shared_file(path: Path) -> Path:
    """A file from ../shared: skipped with a reason on a user's clone, required in CI."""
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path} is missing, and CI=true requires ../shared")
        pytest.skip(f"{path} not found: ../shared is only present in the project's workspace")
    return path


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
