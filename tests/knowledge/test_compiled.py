"""Compiled knowledge: built once per knowledge version, read back, rebuilt when stale or
damaged, and never required (an unwritable cache folder only costs speed)."""

from __future__ import annotations

import pytest

from newsevents.knowledge import compiled as compiled_module
from newsevents.knowledge.compiled import cache_dir, compiled


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSEVENTS_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_built_once_then_read_back(cache):
    calls = []

    def build():
        calls.append(1)
        return {"answer": [42]}

    modules = ("newsevents.knowledge.compiled",)
    assert compiled("probe", build, modules) == {"answer": [42]}
    assert compiled("probe", build, modules) == {"answer": [42]}
    assert calls == [1] and cache_dir() == cache and len(list(cache.iterdir())) == 1


def test_a_new_knowledge_version_or_a_damaged_file_rebuilds(cache, monkeypatch):
    calls = []
    modules = ("newsevents.knowledge.compiled",)
    compiled("probe", lambda: calls.append(1) or "v1", modules)
    next(cache.iterdir()).write_bytes(b"not a pickle")
    assert compiled("probe", lambda: calls.append(2) or "v2", modules) == "v2"
    monkeypatch.setattr(compiled_module, "knowledge_hash", lambda: "another-version")
    assert compiled("probe", lambda: calls.append(3) or "v3", modules) == "v3"
    assert calls == [1, 2, 3]


def test_an_unwritable_cache_only_costs_speed(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder should be")
    monkeypatch.setenv("NEWSEVENTS_CACHE", str(blocker / "cache"))
    assert compiled("probe", lambda: "built", ("newsevents.knowledge.compiled",)) == "built"


def test_the_cached_actor_base_resolves_like_a_fresh_one(cache):
    from newsevents.knowledge.actors import ActorBase, actor_base, resolve_actor_in

    cached = compiled("actors", ActorBase, ("newsevents.knowledge.actors",))
    again = compiled("actors", ActorBase, ("newsevents.knowledge.actors",))
    for text in ("Iraqi police", "Armenian Prime Minister Nikol Pashinyan", "Hamas"):
        fresh = resolve_actor_in(actor_base(), text, [], "2022-05-10")
        assert resolve_actor_in(again, text, [], "2022-05-10") == fresh
    assert again is not cached
