"""Shared fixtures (plain helpers live in tests/support.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import ROOT


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(ROOT)
    return ROOT
