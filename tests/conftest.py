"""Shared test helpers: where the repo, the samples and ../shared are."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "000_4259137ad6a899a2.txt"


def shared_file(path: Path) -> Path:
    """A file from ../shared: skipped with a reason on a user's clone, required in CI."""
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path} is missing, and CI=true requires ../shared")
        pytest.skip(f"{path} not found: ../shared is only present in the project's workspace")
    return path


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(ROOT)
    return ROOT
