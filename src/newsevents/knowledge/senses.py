"""Verb senses: what a trigger verb codes, given the words around it.

Two layers, the project's first: the verb entries of ``plover/triggers.jsonl`` (origin
"project", in their file order: the first line that matches wins there) and the patterns of
the CAMEO verb dictionary, ``plover/cameo/senses.jsonl`` (origin "cameo", PETRARCH2, MIT;
tools/import_cameo_verbs.py), the most specific first. A CAMEO sense with ``event`` None is a
"not an event" reading (a statement, or CAMEO's "---"): returned like any other, so that the
caller can reject the trigger. Loaded on the first call only (docs/KNOWLEDGE.md, "CAMEO verb
senses"). Not used by the event coder yet.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from itertools import product

from .compiled import compiled
from .loader import load
from .normalize import fold
from .ontology import ontology  # imported here: compiled() hashes this module's source

# A term is what one pattern word or compound asks for: any of its alternatives (a "/"
# alternation, a synonym set's words), each a folded phrase of one or more words.
Term = tuple[str, ...]
LONGEST = 10  # the longest phrase looked for inside an object, in words (the data: 8)


@dataclass(frozen=True, slots=True)
class VerbSense:
    lemma: str  # the verb, or for a CAMEO pattern the verb block ("physical_conflict")
    forms: tuple[str, ...]  # inflections of the verb, or the block's other verbs
    cameo: str | None  # "111", a paired "042:043", "---" (no event); project: the crosswalk's
    event: str | None  # the PLOVER category; None: not an event
    mode: str
    context: tuple[str, ...]
    subject: tuple[Term, ...]  # words before the verb that must be present
    object: tuple[Term, ...]  # words after the verb (objects, particles, prepositions' nouns)
    preposition: str | None  # the first preposition required ("to/for": either)
    more_prepositions: tuple[str, ...]  # the others, when a pattern has several
    target: str | None  # where "+" sits: object, prep, before
    source: str | None  # where "$" sits: subject, object, prep
    pattern: str  # the dictionary line (or "triggers.jsonl line N")
    origin: str  # "project" | "cameo"

    @property
    def specificity(self) -> int:
        """The number of constraints: more first."""
        return (len(self.subject) + len(self.object) + (self.preposition is not None)
                + len(self.more_prepositions) + (self.target is not None)
                + (self.source is not None))


def _fold(text: str) -> str:
    return fold(text) or text.lower()  # fold drops a lone article: keep the word


def _expand(raw: str, synsets: dict[str, tuple[str, ...]]) -> Term:
    """'bombing/explosion' -> both; '&weapon attack' -> 'gun attack', 'rifle attack' ...
    A set the dictionary never defines expands to nothing: the term cannot be met."""
    out: list[str] = []
    for alternative in raw.split("/"):
        choices = [synsets.get(w, ()) if w.startswith("&") else (w,)
                   for w in alternative.split()]
        for words in product(*choices):
            phrase = _fold(" ".join(words))
            if phrase not in out:
                out.append(phrase)
    return tuple(out)


def project_senses() -> list[VerbSense]:
    """The verb triggers of triggers.jsonl as senses; a particle joins the lemma ("set up",
    as CAMEO writes its multi-word verbs)."""
    onto = ontology()  # read first: it checks the triggers against PLOVER
    out = []
    for line, row in enumerate(load("plover/triggers.jsonl"), start=1):
        if row["pos"] != "VERB":
            continue
        lemma = " ".join([row["lemma"].lower(), *([row["particle"]] if row.get("particle")
                                                   else [])])
        mode = row.get("mode", "")
        code = onto.cameo_code(row["event"], mode) if row["event"] else None
        objects = (tuple(_fold(o) for o in row["object"]),) if row.get("object") else ()
        out.append(VerbSense(
            lemma, (), code, row["event"], mode,
            tuple(row.get("context", [])), (), objects, None, (), None, None,
            f"triggers.jsonl line {line}", "project"))
    return out


def cameo_senses(rows: list[dict], synset_rows: list[dict]) -> list[VerbSense]:
    """senses.jsonl rows as senses, their synonym sets (synsets.jsonl rows) expanded."""
    synsets = {row["name"]: tuple(row["words"]) for row in synset_rows}
    return [VerbSense(
        row["lemma"], tuple(row["forms"]), row["cameo"], row["event"], row["mode"],
        tuple(row["context"]), tuple(_expand(t, synsets) for t in row["subject"]),
        tuple(_expand(t, synsets) for t in row["object"]), row["preposition"],
        tuple(row.get("more_prepositions", ())), row["target"], row["source"],
        row["pattern"], "cameo") for row in rows]


def index(senses: list[VerbSense]) -> dict[str, tuple[VerbSense, ...]]:
    """Word -> senses: each sense under its lemma and forms, a verb's inflections under
    whatever the verb finds."""
    # The project first, in its order; then CAMEO, the most specific first, ties in file order.
    rank = {id(s): (s.origin != "project", 0 if s.origin == "project" else -s.specificity, i)
            for i, s in enumerate(senses)}
    direct: dict[str, list[VerbSense]] = defaultdict(list)
    inflected: dict[str, set[str]] = defaultdict(set)  # "arrested" -> {"arrest"}
    for sense in senses:
        for word in (sense.lemma, *sense.forms):
            direct[_fold(word)].append(sense)
        if sense.origin == "cameo" and not sense.pattern.startswith("-"):
            for form in sense.forms:  # a verb line: its forms are its inflections
                inflected[_fold(form)].add(_fold(sense.lemma))
    out: dict[str, tuple[VerbSense, ...]] = {}
    for word in direct.keys() | inflected.keys():
        found = {id(s): s for s in direct.get(word, ())}
        for lemma in sorted(inflected.get(word, ())):
            found.update((id(s), s) for s in direct[lemma])
        out[word] = tuple(sorted(found.values(), key=lambda s: rank[id(s)]))
    return out


def _build() -> dict[str, tuple[VerbSense, ...]]:
    return index(project_senses() + cameo_senses(load("plover/cameo/senses.jsonl"),
                                                 load("plover/cameo/synsets.jsonl")))


@cache
def verb_senses() -> dict[str, tuple[VerbSense, ...]]:
    """Verb (a lemma, an inflected form, a CAMEO block's verb) -> its senses, best first.
    Built on the first call, then read from the compiled cache of this knowledge version."""
    return compiled("verb_senses", _build, (__name__, "newsevents.knowledge.normalize",
                                            "newsevents.knowledge.ontology"))


@dataclass(frozen=True, slots=True)
class _Lookup:
    """One verb's senses, indexed for matching: the word runs worth collecting, and which
    senses a phrase can start to satisfy (so that most senses are never looked at)."""

    prefixes: frozenset[str]  # every leading run of every phrase asked for ("gun", "gun attack")
    unconstrained: tuple[int, ...]  # senses that ask for no object word
    by_phrase: dict[str, tuple[int, ...]]  # phrase of a sense's first object term -> senses


def _lookup(senses: tuple[VerbSense, ...]) -> _Lookup:
    cached = _LOOKUPS.get(id(senses))
    if cached is None or cached[0] is not senses:  # the id of a tuple still alive
        prefixes = {" ".join(words[:n]) for sense in senses
                    for term in (*sense.object, *sense.subject) for alt in term
                    for words in (alt.split(),) for n in range(1, len(words) + 1)}
        by_phrase: dict[str, list[int]] = defaultdict(list)
        for i, sense in enumerate(senses):
            for alt in sense.object[0] if sense.object else ():
                by_phrase[alt].append(i)
        cached = _LOOKUPS[id(senses)] = (senses, _Lookup(
            frozenset(prefixes), tuple(i for i, s in enumerate(senses) if not s.object),
            {k: tuple(v) for k, v in by_phrase.items()}))
    return cached[1]


_LOOKUPS: dict[int, tuple[tuple[VerbSense, ...], _Lookup]] = {}


def _phrases(texts: Iterable[str], wanted: frozenset[str]) -> set[str]:
    """The runs of words of each text, folded, that are or begin a phrase in ``wanted``:
    "new sanctions" holds "sanctions". Grown a word at a time while still a prefix, so
    the cost is the text's length, not its length times LONGEST."""
    out: set[str] = set()
    for text in texts:
        words = _fold(text).split()
        for i in range(len(words)):
            phrase = words[i]
            for j in range(i + 1, min(len(words), i + LONGEST) + 1):
                if j > i + 1:
                    phrase = f"{phrase} {words[j - 1]}"
                if phrase not in wanted:
                    break
                out.add(phrase)
    return out


def _met(terms: tuple[Term, ...], phrases: set[str]) -> bool:
    return all(any(alt in phrases for alt in term) for term in terms)


def match_sense(lemma: str, objects: Iterable[str], prepositions: Iterable[str],
                subjects: Iterable[str] = (),
                senses: Mapping[str, tuple[VerbSense, ...]] | None = None,
                direct: Iterable[str] | None = None) -> VerbSense | None:
    """The first sense of ``lemma`` whose constraints the words around the verb meet:
    ``objects`` (lemmas or phrases after it), ``prepositions`` (those it governs),
    ``subjects`` (words before it: without them a sense that needs some is not met).
    ``senses``: another index than verb_senses() (one built by ``index``). ``direct``: the
    verb's direct objects, when known: a pattern with no preposition ("- * MEETING") names
    the direct object, so "opened fire on a meeting" does not meet it."""
    found = (verb_senses() if senses is None else senses).get(_fold(lemma), ())
    lookup = _lookup(found)
    after = _phrases(objects, lookup.prefixes)
    after_direct = after if direct is None else _phrases(direct, lookup.prefixes)
    before = _phrases(subjects, lookup.prefixes)
    preps = {_fold(p) for p in prepositions}
    # Only the senses whose first object term is met (or that ask for none), in rank order.
    candidates = set(lookup.unconstrained)
    for phrase in after:
        candidates.update(lookup.by_phrase.get(phrase, ()))
    for i in sorted(candidates):
        sense = found[i]
        wanted = [p for p in (sense.preposition, *sense.more_prepositions) if p]
        if (_met(sense.object, after if wanted else after_direct)
                and _met(sense.subject, before)
                and all(any(_fold(a) in preps for a in p.split("/")) for p in wanted)):
            return sense
    return None
