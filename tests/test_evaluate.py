"""Accuracy against the gold files, with the floors and gold-file hashes of
tests/gold/floors.toml (floors only rise; a changed gold file fails until its hash is updated)."""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from pathlib import Path

import pytest
from support import SHARED, shared_file
from typer.testing import CliRunner

from newsevents.evaluate import (
    EXACT,
    LABELLED_SPLITS,
    EventScore,
    category_correct,
    evaluate_actors,
    evaluate_events,
    evaluate_places,
    evaluate_stories,
    exact_matches,
    split_of,
    spread,
)

GOLD = Path(__file__).resolve().parent / "gold"
FLOORS = tomllib.loads((GOLD / "floors.toml").read_text(encoding="utf-8"))
SCORERS = {"actors": evaluate_actors, "places": evaluate_places, "events": evaluate_events}


@pytest.fixture(scope="module")
def scores() -> dict:
    return {}


def _score(scores: dict, kind: str):
    if kind not in scores:
        scorer = SCORERS[FLOORS[kind].get("scorer", kind)]
        scores[kind] = scorer(GOLD / FLOORS[kind]["file"])
    return scores[kind]


@pytest.mark.parametrize("kind", sorted(FLOORS))
def test_gold_file_is_the_reviewed_one(kind):
    data = (GOLD / FLOORS[kind]["file"]).read_bytes()
    assert hashlib.sha256(data).hexdigest() == FLOORS[kind]["sha256"], (
        f"{FLOORS[kind]['file']} changed: review it, then update its sha256 in floors.toml")


@pytest.mark.parametrize(("kind", "field"), [(k, f) for k in sorted(FLOORS)
                                             for f in sorted(FLOORS[k]["floors"])])
def test_accuracy_floor(scores, kind, field):
    score = _score(scores, kind)
    floor = FLOORS[kind]["floors"][field]
    if FLOORS[kind].get("scorer", kind) == "events":
        assert score.records >= FLOORS[kind]["min_cases"]
        assert score.prf(field)[2] >= floor, (field, score.prf(field))
    else:
        assert score.total >= FLOORS[kind]["min_cases"]
        value = score.accuracy(field)
        assert value >= floor, (field, value, score.misses[:10])


# -- exact records and calibration, on hand-built events (no model) -----------------------

def _event(cat, actors=(), recipients=(), country=None, confidence=0.5, gold=False):
    parties = {"actor": [{"code": c, "sector": "GOV"} for c in actors],
               "recipient": [{"code": c, "sector": "GOV"} for c in recipients]}
    if gold:
        return {"event": cat, **parties, "country": country}
    return {"event": cat, **parties, "confidence": confidence,
            "event_loc": {"country_code": country} if country else None}


def test_exact_match_compares_codes_as_sets_one_to_one():
    gold = [_event("ASSAULT", ["RUS"], ["UKR"], "UKR", gold=True),
            _event("CONSULT", ["USA", "CHN"], [], None, gold=True)]
    predicted = [_event("ASSAULT", ["RUS"], ["UKR"], "UKR"),
                 _event("ASSAULT", ["RUS"], ["UKR"], "UKR"),  # the same again: one gold only
                 _event("CONSULT", ["CHN", "USA"]),  # the same actors, another order
                 _event("ASSAULT", ["RUS"], ["UKR"])]  # no place: not exact
    assert exact_matches(predicted, gold) == 2
    assert exact_matches([_event("CONSULT", ["USA"])], gold) == 0  # a side missing
    assert exact_matches([_event("CONSULT", ["USA", "CHN"], [], "CHN")], gold) == 0
    assert exact_matches([], gold) == 0


def test_category_correct_goes_to_the_most_confident_first():
    gold = [_event("ASSAULT", gold=True)]
    predicted = [_event("ASSAULT", confidence=0.3), _event("ASSAULT", confidence=0.9),
                 _event("PROTEST", confidence=0.6)]
    assert category_correct(predicted, gold) == [(0.9, True), (0.6, False), (0.3, False)]


def test_reliability_ece_and_thresholds():
    score = EventScore()
    # bin 0.2-0.3: 4 events at 0.25, 1 correct; bin 0.9-1.0: 4 events at 0.95 and 1.0, 4 correct
    score.scored = [(0.25, True), (0.25, False), (0.25, False), (0.25, False),
                    (0.95, True), (0.95, True), (1.0, True), (1.0, True)]
    score.gold["event"] = 10
    bins = score.reliability()
    assert len(bins) == 10 and [b.count for b in bins] == [0, 0, 4, 0, 0, 0, 0, 0, 0, 4]
    assert bins[2].confidence == pytest.approx(0.25) and bins[2].precision == 0.25
    assert bins[9].confidence == pytest.approx(0.975) and bins[9].precision == 1.0
    assert (bins[9].low, bins[9].high) == (0.9, 1.0)  # 1.0 falls in the last bin
    assert bins[0].confidence is None and bins[0].precision is None  # empty
    # ECE = 4/8 * |0.25 - 0.25| + 4/8 * |1.0 - 0.975|
    assert score.ece() == pytest.approx(0.0125)
    assert score.at_threshold(0.0) == pytest.approx((0.625, 0.5, 2 * 0.625 * 0.5 / 1.125))
    p, r, _ = score.at_threshold(0.5)
    assert (p, r) == (1.0, 0.4)
    assert EventScore().ece() == 0.0 and EventScore().at_threshold(0.5) == (0.0, 0.0, 0.0)


def test_attribution_is_compared_as_code_and_sector():
    from newsevents.evaluate import _tuples

    gold = {**_event("ACCUSE", gold=True), "attribution": "UKR GOV"}
    said = {"text": "Kyiv said", "actor": {"code": "UKR", "sector": "GOV", "entity_text": "Kyiv"}}
    predicted = {**_event("ACCUSE"), "attribution": said}
    assert _tuples([gold], gold=True)["attribution"] == [("ACCUSE", "UKR GOV")]
    assert _tuples([predicted], gold=False)["attribution"] == [("ACCUSE", "UKR GOV")]
    assert _tuples([{**predicted, "attribution": None}], gold=False)["attribution"] == []


def test_spread_is_deterministic_and_even():
    assert spread(list(range(10)), 5) == [0, 2, 4, 6, 8]
    assert spread(list(range(3)), 5) == [0, 1, 2] and spread([1, 2], None) == [1, 2]


# -- the stories of ../shared ---------------------------------------------------------------

STORIES_CSV = SHARED / "data" / "ngec" / "synthetic_events.csv"

# Our own annotation of two rows (the story text stays in ../shared):
# row 3749 (test): Fiji and Kiribati thank their neighbour Tonga for its support;
# row 3015 (train): Gambia pledges concessions to Sri Lanka in talks over electricity exports.
STORY_GOLD = [
    {"row": 3749, "label": "SUPPORT", "split": "test", "date": None, "events": [
        {"event": "SUPPORT", "mode": "", "actor": [{"code": "FJI", "sector": "GOV"},
                                                   {"code": "KIR", "sector": "GOV"}],
         "recipient": [{"code": "TON", "sector": "GOV"}], "country": None, "date": None,
         "aux": [], "dead": None, "injured": None, "arrested": None, "attribution": None}]},
    {"row": 3015, "label": "CONCEDE", "split": "train", "date": None, "events": [
        {"event": "CONCEDE", "mode": "", "actor": [{"code": "GMB", "sector": "GOV"}],
         "recipient": [{"code": "LKA", "sector": "GOV"}], "country": None, "date": None,
         "aux": ["future"], "dead": None, "injured": None, "arrested": None,
         "attribution": None},
        {"event": "CONSULT", "mode": "", "actor": [{"code": "GMB", "sector": "GOV"},
                                                   {"code": "LKA", "sector": "GOV"}],
         "recipient": [], "country": None, "date": None, "aux": [], "dead": None,
         "injured": None, "arrested": None, "attribution": None}]},
]


@pytest.fixture(scope="module")
def story_files(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("stories")
    files = []
    for i, case in enumerate(STORY_GOLD, start=1):
        files.append(folder / f"stories_part{i}.jsonl")
        files[-1].write_text(json.dumps(case) + "\n", encoding="utf-8")
    return files


def test_stories_scorer_reads_the_rows_and_filters_the_split(story_files):
    csv_path = shared_file(STORIES_CSV)
    both = evaluate_stories(story_files, None, csv_path)
    assert both.records == 2 and both.warnings == []
    assert both.gold["event"] == both.gold[EXACT] == 3 and both.gold["recipient"] == 2
    assert both.predicted[EXACT] == len(both.scored) >= 1  # one score per predicted event
    assert both.tp[EXACT] <= both.tp["event"] <= both.predicted["event"]
    assert 0.0 <= both.ece() <= 1.0 and len(both.reliability()) == 10
    test = evaluate_stories(story_files, "test", csv_path)
    assert test.records == 1 and test.gold["event"] == 1
    assert evaluate_stories(story_files, "dev", csv_path).records == 0


def test_stories_gold_is_checked_against_the_csv(tmp_path):
    csv_path = shared_file(STORIES_CSV)
    wrong = tmp_path / "wrong.jsonl"
    wrong.write_text(json.dumps({**STORY_GOLD[0], "label": "ASSAULT", "split": "dev"}) + "\n"
                     + json.dumps({"row": 99999, "events": []}) + "\n", encoding="utf-8")
    warnings = evaluate_stories([wrong], None, csv_path).warnings
    assert len(warnings) == 3, warnings
    assert "row % 3 makes it 'test'" in warnings[0] and "the CSV says 'SUPPORT'" in warnings[1]
    assert "no such row" in warnings[2]


def _cli(*args: str):
    from newsevents.cli import app

    return CliRunner().invoke(app, ["evaluate", *args], env={"COLUMNS": "200"})


def test_stories_command_without_its_csv_says_so_in_one_line(tmp_path, story_files):
    result = _cli("stories", str(story_files[0]), "--stories-csv", str(tmp_path / "none.csv"))
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "--stories-csv" in lines[0]


def test_stories_and_labelled_need_the_csv_named(story_files):
    """The project ships no third-party story text and assumes no place for it."""
    for args in (("stories", str(story_files[0])), ("labelled", "--limit", "5")):
        result = _cli(*args)
        assert result.exit_code == 2
        assert "--stories-csv" in result.output and "synthetic_events.csv" in result.output


def test_stories_command_prints_exact_and_calibration(story_files):
    csv_path = shared_file(STORIES_CSV)
    pattern = str(story_files[0].parent / "stories_part*.jsonl")  # a glob, expanded here
    result = _cli("stories", pattern, "--split", "test", "--stories-csv", str(csv_path))
    assert result.exit_code == 0, result.output
    assert "(1 records)" in result.output
    assert re.search(r"│ exact\s+│", result.output) and "attribution" in result.output
    assert "0.9-1.0" in result.output and "expected calibration error (ECE): " in result.output


def test_labelled_command_prints_a_recall_per_category():
    csv_path = shared_file(STORIES_CSV)
    result = _cli("labelled", "--limit", "20", "--stories-csv", str(csv_path))
    assert result.exit_code == 0, result.output
    rows = re.findall(r"│ ([A-Z]+)\s+│\s+(\d+) │\s+(\d+) │\s+([01]\.\d{3}) │", result.output)
    assert len(rows) >= 5 and sum(int(n) for _, n, _, _ in rows) == 20, result.output
    assert re.search(r"│ all\s+│\s+20 │", result.output)
    assert "of 20 stories" in result.output


def test_labelled_split_rule():
    assert [split_of(row) for row in range(6)] == ["train", "dev", "test"] * 2
    assert set(LABELLED_SPLITS["heldout"]) == {"dev", "test"}
