"""The CAMEO verb import (tools/import_cameo_verbs.py) and the verb senses built on it
(newsevents.knowledge.senses).

The converter and the index are tried on a slice in TABARI syntax written here; the committed
data files are checked against ../shared (skipped without it) and through the loader."""

from __future__ import annotations

import importlib.util
import io
import json
import subprocess
import sys

from support import ROOT, SHARED, shared_file

from newsevents.knowledge import load
from newsevents.knowledge.senses import (
    VerbSense,
    cameo_senses,
    index,
    match_sense,
    verb_senses,
)

_spec = importlib.util.spec_from_file_location("import_cameo_verbs",
                                               ROOT / "tools" / "import_cameo_verbs.py")
cameo = importlib.util.module_from_spec(_spec)
sys.modules["import_cameo_verbs"] = cameo  # dataclasses look their module up
_spec.loader.exec_module(cameo)

DATA = ROOT / "src" / "newsevents" / "data" / "plover" / "cameo"

SLICE = """\
# a slice written for this test, in the dictionary's syntax
####### SYNONYM SETS #######
&STRONGHOLD
+FORT
+CITADEL
+MILITARY_BASE

&CASH
# a comment inside a set
+MONEY
+DOLLAR_

####### VERB PATTERNS #######
---  SEIZE   [---]  ---
SEIZE
GRAB {GRABS GRABBED GRABBING }  # a coder's note
- * &STRONGHOLD                       [192]         # SEIZE
- * {ARMS DEPOT}                      [192]         # GRAB
- $ * + (WITH &CASH)                  [061]         # SEIZE
- * (AGAINST +)                       [---]         # SEIZE
- POLICE * SUSPECT                    [173]         # SEIZE
- * {ARMS DEPOT}                      [192]         # SEIZE (a duplicate)

---  CONDEMN   [111]  ---
CONDEMN
DENOUNCE {DENOUNCES DENOUNCED DENOUNCING };an old comment
- * ARREST (OF ^)                     [111]
- * {TERRORIST ATTACK}                [018]
- * (WITH VISIT)      VISIT)          [042]

---  REMARK   [010]  ---
REMARK
+POINT_OUT {+POINTS_OUT +POINTED_OUT +POINTING_OUT }
NOTE  [012]
- * (TO PRESS) (FOR OUSTER)           [1041]

~ a (a b Q) SAY = a b Q
"""
MALFORMED = SLICE.splitlines().index("- * (WITH VISIT)      VISIT)          [042]") + 1


def _book():
    return cameo.parse(SLICE.splitlines())


def _rows() -> list[dict]:
    return cameo.convert(_book(), cameo.crosswalk())


def _synset_rows() -> list[dict]:
    return [{"name": n, "words": sorted(w)} for n, w in sorted(_book().synsets.items())]


def _one(rows: list[dict], pattern: str) -> dict:
    found = [r for r in rows if r["pattern"] == pattern]
    assert len(found) == 1, (pattern, found)
    return found[0]


# -- the converter ---------------------------------------------------------------------------
def test_synonym_sets_are_read_without_their_comments():
    book = _book()
    assert book.synsets == {"&stronghold": ["fort", "citadel", "military base"],
                            "&cash": ["money", "dollar"]}


def test_verbs_forms_and_their_own_codes():
    rows = _rows()
    bare = {r["lemma"]: r for r in rows if not r["pattern"].startswith("-")}
    assert bare["grab"]["forms"] == ["grabs", "grabbed", "grabbing"]
    assert bare["seize"]["forms"] == ["seizes", "seized", "seizing"]  # generated, regular
    assert bare["denounce"]["forms"] == ["denounces", "denounced", "denouncing"]  # ";" comment
    assert bare["point out"]["forms"] == ["points out", "pointed out", "pointing out"]
    # a verb's own code, else its block's; "---": no event
    assert (bare["note"]["cameo"], bare["note"]["event"]) == ("012", None)
    assert (bare["remark"]["cameo"], bare["remark"]["event"]) == ("010", None)
    assert (bare["seize"]["cameo"], bare["seize"]["event"]) == ("---", None)
    assert (bare["condemn"]["cameo"], bare["condemn"]["event"]) == ("111", "ACCUSE")
    assert all(r["object"] == r["subject"] == [] and r["preposition"] is None
               for r in bare.values())


def test_patterns_become_constraints():
    rows = _rows()
    stronghold = _one(rows, "- * &STRONGHOLD [192]")
    assert stronghold["lemma"] == "seize" and stronghold["forms"] == ["grab"]
    assert stronghold["object"] == ["&stronghold"]
    assert (stronghold["event"], stronghold["mode"]) == ("COERCE", "seize")
    assert _one(rows, "- * {ARMS DEPOT} [192]")["object"] == ["arms depot"]
    cash = _one(rows, "- $ * + (WITH &CASH) [061]")
    assert (cash["source"], cash["target"], cash["preposition"]) == ("subject", "object",
                                                                      "with")
    assert cash["object"] == ["&cash"] and cash["event"] == "COOPERATE"
    against = _one(rows, "- * (AGAINST +) [---]")
    assert (against["target"], against["preposition"], against["event"]) == ("prep",
                                                                             "against", None)
    police = _one(rows, "- POLICE * SUSPECT [173]")
    assert (police["subject"], police["object"], police["mode"]) == (["police"], ["suspect"],
                                                                     "arrest")
    arrest = _one(rows, "- * ARREST (OF ^) [111]")
    assert (arrest["object"], arrest["preposition"]) == (["arrest"], "of")
    two = _one(rows, "- * (TO PRESS) (FOR OUSTER) [1041]")
    assert (two["preposition"], two["more_prepositions"]) == ("to", ["for"])
    assert two["event"] == "REQUEST"
    statement = _one(rows, "- * {TERRORIST ATTACK} [018]")  # 01x: no PLOVER event
    assert statement["event"] is None and statement["cameo"] == "018"


def test_malformed_lines_are_reported_not_dropped_silently():
    book = _book()
    assert [(n, reason) for n, reason, _ in book.unparsed] == [(MALFORMED,
                                                                "')' without '('")]
    assert book.pattern_lines == 10
    assert sum(len(b.patterns) for b in book.blocks) == 9
    assert book.notes["transformations (not converted)"] == 1
    rows = cameo.convert(book, cameo.crosswalk())
    stream = io.StringIO()
    cameo.report(book, rows, stream)
    text = stream.getvalue()
    assert "lines unparsed: 1" in text and f"line {MALFORMED}: " in text
    assert "duplicate senses dropped: 1" in text
    assert len(rows) == 7 + 8  # seven verbs, eight distinct patterns


def test_the_converter_writes_the_same_bytes_twice(tmp_path):
    source = tmp_path / "CAMEO.txt"
    source.write_text(SLICE, encoding="utf-8")
    outputs = []
    for run in ("a", "b"):
        cameo.main(["--source", str(source), "--out", str(tmp_path / run)])
        outputs.append({f: (tmp_path / run / f).read_bytes()
                        for f in ("senses.jsonl", "synsets.jsonl", "NOTICE.toml")})
    assert outputs[0] == outputs[1]
    lemmas = [json.loads(line)["lemma"] for line in outputs[0]["senses.jsonl"].splitlines()]
    assert lemmas == sorted(lemmas)


# -- the index -------------------------------------------------------------------------------
def _index(project: list[VerbSense] = ()):
    return index([*project, *cameo_senses(_rows(), _synset_rows())])


def test_synonym_sets_expand_and_forms_find_their_verbs():
    senses = _index()
    by_pattern = {s.pattern: s for s in senses["seize"]}
    assert by_pattern["- * &STRONGHOLD [192]"].object == (("citadel", "fort",
                                                           "military base"),)
    grabbed = senses["grabbed"]  # an inflection finds its verb's senses and its block's
    assert {s.lemma for s in grabbed} == {"grab", "seize"}
    assert senses["grabbed"] == senses["grab"]
    assert "point out" in {s.lemma for s in senses["pointed out"]}


def test_the_most_specific_first_ties_in_file_order():
    order = [s.pattern for s in _index()["seize"]]
    assert order == ["- $ * + (WITH &CASH) [061]",  # object, preposition, source, target
                     "- * (AGAINST +) [---]",  # preposition, target
                     "- POLICE * SUSPECT [173]",  # subject, object
                     "- * &STRONGHOLD [192]", "- * {ARMS DEPOT} [192]",
                     "SEIZE"]
    specificity = [s.specificity for s in _index()["seize"]]
    assert specificity == sorted(specificity, reverse=True)


def test_the_project_layer_comes_first():
    mine = VerbSense("seize", (), "192", "COERCE", "seize", (), (), (), None, (), None, None,
                     "triggers.jsonl line 1", "project")
    senses = _index([mine])
    assert senses["seized"][0] is mine and senses["seize"][0] is mine
    assert match_sense("seized", ["money"], ["with"], senses=senses) is mine


def test_match_sense_picks_the_constrained_sense_when_its_words_are_there():
    senses = _index()
    assert match_sense("seized", ["the old fort"], [], senses=senses).cameo == "192"
    assert match_sense("grabbing", ["military base"], [], senses=senses).cameo == "192"
    bare = match_sense("seized", ["bread"], [], senses=senses)  # no pattern: the verb's own
    assert (bare.pattern, bare.event) == ("SEIZE", None)
    # the preposition is required too
    assert match_sense("seize", ["money"], [], senses=senses).pattern == "SEIZE"
    assert match_sense("seize", ["money"], ["with"], senses=senses).cameo == "061"
    # words before the verb: only when they are given
    assert match_sense("seize", ["suspect"], [], senses=senses).pattern == "SEIZE"
    assert match_sense("seize", ["suspect"], [], ["riot police"],
                       senses=senses).cameo == "173"
    assert match_sense("denounced", ["arrest"], ["of"], senses=senses).cameo == "111"
    assert match_sense("unknown", [], [], senses=senses) is None


def test_a_not_an_event_sense_is_returned_with_no_event():
    senses = _index()
    statement = match_sense("denounce", ["terrorist attack"], [], senses=senses)
    assert (statement.cameo, statement.event) == ("018", None)
    assert match_sense("denounce", ["attack"], [], senses=senses).event == "ACCUSE"
    remark = match_sense("pointed out", [], [], senses=senses)
    assert (remark.cameo, remark.event) == ("010", None)


# -- the committed data ----------------------------------------------------------------------
def test_the_committed_files_are_what_the_converter_makes(tmp_path):
    source = shared_file(SHARED / "data" / "petrarch2" / "CAMEO.2.0.txt")
    cameo.main(["--source", str(source), "--out", str(tmp_path)])
    for name in ("senses.jsonl", "synsets.jsonl", "NOTICE.toml"):
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name


def test_the_committed_senses_through_the_loader():
    senses = verb_senses()
    # triggers.jsonl first: "arrested" finds the project's "arrest" before CAMEO's
    assert senses["arrested"][0].origin == "project"
    assert any(s.origin == "cameo" for s in senses["arrested"])
    police = match_sense("rushed", ["police", "border"], ["to"])
    assert (police.cameo, police.event, police.origin) == ("153", "MOBILIZE", "cameo")
    said = match_sense("said", [], [])
    assert (said.cameo, said.event) == ("010", None)
    currency = next(s for s in senses["request"] if "&CURRENCY" in s.pattern)
    assert {"dollar", "yen"} <= set(currency.object[0])


def test_the_committed_senses_speak_the_ontologys_language():
    onto = load("plover/ontology.toml")
    categories, contexts = onto["categories"], set(onto["contexts"]["general"])
    rows = load("plover/cameo/senses.jsonl")
    assert sum(r["event"] is None for r in rows) > 1000  # statements, appeals, "---"
    for row in rows:
        if row["event"] is None:
            assert (row["mode"], row["context"]) == ("", []), row["pattern"]
            continue
        assert row["event"] in categories, row["pattern"]
        assert row["mode"] == "" or row["mode"] in categories[row["event"]]["modes"]
        assert set(row["context"]) <= contexts, row["pattern"]


def test_senses_are_not_loaded_at_import():
    code = ("import newsevents.knowledge, newsevents.knowledge.senses as s\n"
            "from newsevents.knowledge.loader import default_loader\n"
            "print(s.verb_senses.cache_info().currsize,"
            " 'plover/cameo/senses.jsonl' in default_loader()._cache)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["0", "False"]
