"""The knowledge loader: every data file listed, checked against its schema, hashed."""

from __future__ import annotations

import json
import re
import shutil
from importlib import resources
from pathlib import Path

import pytest

from newsevents.knowledge import KnowledgeError, knowledge_hash, load, loader, speech_verbs
from newsevents.knowledge.loader import MANIFEST, Loader

DATA = Path(str(resources.files("newsevents.data")))
NOT_KNOWLEDGE = {"__init__.py", MANIFEST}


def data_files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()
            and "__pycache__" not in p.parts and p.relative_to(root).as_posix()
            not in NOT_KNOWLEDGE}


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A private copy of the data directory, to corrupt."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def edit_line(path: Path, number: int, change) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[number - 1] = change(lines[number - 1])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_every_data_file_is_listed_and_every_listed_file_exists() -> None:
    assert data_files(DATA) == set(Loader().names())


def test_every_listed_file_loads_and_fits_its_schema() -> None:
    fresh = Loader()
    for name in fresh.names():
        assert fresh.load(name), name


def test_hash_is_16_hex_and_stable() -> None:
    assert re.fullmatch(r"[0-9a-f]{16}", knowledge_hash())
    assert knowledge_hash() == Loader().hash() == Loader(DATA).hash()


def test_hash_changes_with_a_files_bytes(data: Path) -> None:
    before = Loader(data).hash()
    path = data / "plover" / "coding.toml"
    path.write_bytes(path.read_bytes() + b"\n# one more comment\n")
    assert Loader(data).hash() != before


def test_missing_file_is_an_error(data: Path) -> None:
    (data / "plover" / "triggers.jsonl").unlink()
    with pytest.raises(KnowledgeError, match=r"plover/triggers\.jsonl: knowledge file missing"):
        Loader(data).load("plover/triggers.jsonl")
    with pytest.raises(KnowledgeError, match="missing"):
        Loader(data).hash()


def test_missing_triggers_stop_event_coding_instead_of_giving_no_events(
        data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsevents.knowledge.ontology import ontology

    (data / "plover" / "triggers.jsonl").unlink()
    monkeypatch.setattr(loader, "default_loader", lambda: Loader(data))
    with pytest.raises(KnowledgeError, match=r"plover/triggers\.jsonl"):
        ontology.__wrapped__()


def test_unlisted_name_is_an_error() -> None:
    with pytest.raises(KnowledgeError, match=r"nothing\.toml: not listed in data/manifest"):
        load("nothing.toml")


def test_jsonl_wrong_type_names_file_line_and_field(data: Path) -> None:
    edit_line(data / "actors" / "countries.jsonl", 3,
              lambda line: json.dumps({**json.loads(line), "names": "Albania"}))
    with pytest.raises(KnowledgeError, match=r"^actors/countries\.jsonl: line 3: field names: "
                                             r"expected list\[str\], got a string"):
        Loader(data).load("actors/countries.jsonl")


def test_jsonl_missing_field_names_file_line_and_field(data: Path) -> None:
    def drop_event(line: str) -> str:
        row = json.loads(line)
        del row["event"]
        return json.dumps(row)

    edit_line(data / "plover" / "triggers.jsonl", 2, drop_event)
    with pytest.raises(KnowledgeError,
                       match=r"^plover/triggers\.jsonl: line 2: field event: required, missing"):
        Loader(data).load("plover/triggers.jsonl")


def test_jsonl_unknown_field_and_bad_json(data: Path) -> None:
    edit_line(data / "places" / "facilities.jsonl", 4,
              lambda line: json.dumps({**json.loads(line), "provnce": "Anbar"}))
    with pytest.raises(KnowledgeError, match=r"line 4: field provnce: not in the schema"):
        Loader(data).load("places/facilities.jsonl")
    edit_line(data / "places" / "facilities.jsonl", 4, lambda line: line[:-1])
    with pytest.raises(KnowledgeError, match=r"facilities\.jsonl: line 4: not valid JSON"):
        Loader(data).load("places/facilities.jsonl")


def test_jsonl_nested_role_is_checked(data: Path) -> None:
    def bad_role(line: str) -> str:
        row = json.loads(line)
        row["roles"][0]["sector"] = 7
        return json.dumps(row)

    edit_line(data / "actors" / "people" / "emea.jsonl", 5, bad_role)
    with pytest.raises(KnowledgeError,
                       match=r"^actors/people/emea\.jsonl: line 5: field roles\[0\]\.sector: "
                             r"expected str"):
        Loader(data).load("actors/people/emea.jsonl")


def test_toml_wrong_type_names_file_and_key(data: Path) -> None:
    path = data / "plover" / "coding.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^killing = .*$", 'killing = "kill"', text), encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"^plover/coding\.toml: key killing: expected "
                                             r"list\[str\], got a string"):
        Loader(data).load("plover/coding.toml")


def test_toml_missing_key_and_wildcard_keys(data: Path) -> None:
    path = data / "actors" / "agents.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^after = .*$", "", text), encoding="utf-8")
    with pytest.raises(KnowledgeError,
                       match=r"^actors/agents\.toml: key patron_cues\.after: required, missing"):
        Loader(data).load("actors/agents.toml")
    path = data / "plover" / "ontology.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("quad = 2", 'quad = "two"', 1), encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"key categories\.\w+\.quad: expected int"):
        Loader(data).load("plover/ontology.toml")


def test_toml_syntax_error_names_file(data: Path) -> None:
    (data / "times.toml").write_text("[cues\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"^times\.toml: not valid TOML"):
        Loader(data).load("times.toml")


def test_tsv_columns_and_types(data: Path) -> None:
    rows = Loader().load("places/country_centres.tsv")
    assert isinstance(rows[0]["lat"], float) and set(rows[0]) == {"code", "lat", "lon", "name"}
    path = data / "places" / "country_centres.tsv"
    edit_line(path, 4, lambda line: line.replace("\t", "\tnorth\t", 1).rsplit("\t", 1)[0])
    with pytest.raises(KnowledgeError, match=r"country_centres\.tsv: line 4: field lat: "
                                             r"expected float, got 'north'"):
        Loader(data).load("places/country_centres.tsv")
    edit_line(path, 4, lambda line: line + "\textra")
    with pytest.raises(KnowledgeError, match=r"line 4: 5 columns, expected 4"):
        Loader(data).load("places/country_centres.tsv")


def test_speech_verbs_one_list_two_uses() -> None:
    raw = load("speech.toml")
    verbs = set(raw["verbs"])
    for use in ("quotes", "events"):
        assert set(raw[use]["exclude"]) <= verbs, use  # an exclusion names a listed verb
    assert "say" in speech_verbs("quotes") and "say" in speech_verbs("events")
    # Event triggers are not attribution cues: "X threatened to strike" is the threat itself.
    assert {"promise", "threaten", "demand", "urge"} <= speech_verbs("quotes")
    assert not {"promise", "threaten", "demand", "urge"} & speech_verbs("events")
    assert "speech_verbs" not in load("plover/coding.toml")  # one home only


def test_patron_tail_and_of_heads_come_from_agents_toml() -> None:
    from newsevents.knowledge.actors import actor_base

    kb = actor_base()
    agents = load("actors/agents.toml")
    for cue in agents["patron_cues"]["after"]:
        phrase = cue.replace("{country}", "Tehran")
        assert kb.patron_tail.match(" " + phrase), cue
    assert kb.of_heads == frozenset(agents["offices"]["of_heads"])


def test_a_trigger_outside_the_ontology_is_a_knowledge_error(monkeypatch) -> None:
    from newsevents.knowledge import ontology as onto

    rows = list(load("plover/triggers.jsonl"))
    bad = [*rows[:3], {**rows[3], "context": ["not-a-plover-context"]}]
    real = onto.load
    monkeypatch.setattr(onto, "load", lambda name: bad if name == "plover/triggers.jsonl"
                        else real(name))
    onto.ontology.cache_clear()
    try:
        with pytest.raises(KnowledgeError, match=r"triggers.jsonl: line 4: .*not-a-plover"):
            onto.ontology()
    finally:
        onto.ontology.cache_clear()
