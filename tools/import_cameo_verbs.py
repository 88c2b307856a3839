"""Convert the CAMEO verb dictionary (PETRARCH2, MIT) into newsevents trigger senses.

    .venv/bin/python tools/import_cameo_verbs.py [--source ../shared/data/petrarch2/CAMEO.2.0.txt]

Reads CAMEO.2.0.txt (TABARI/PETRARCH2 format) and writes src/newsevents/data/plover/cameo/
{senses,synsets}.jsonl and NOTICE.toml. Deterministic: the same input gives the same bytes.
Lines it cannot read are counted and listed on stderr, never dropped silently. The fields and
rules are in docs/KNOWLEDGE.md, "CAMEO verb senses".

The dictionary, as this file uses it:

    &CURRENCY                      a synonym set, then its words ("_" joins words; a final
    +DOLLAR                        "_" is TABARI's "no stemming" mark, dropped here)
    ---  ARREST   [173]  ---       a verb block: its label and default code ("---": none)
    ARREST                         a verb of the block (regular forms generated)
    HURRY {HURRIES HURRIED }       a verb and its forms; "+CALL_OFF": a multi-word verb
    ASK [020]                      a verb with its own default code
    - * {DEATH PENALTY} (AGAINST)  [173]   a pattern: "*" the verb, words before it (the
    - $ * + [042:043]              subject side) and after it, "(PREP ...)" a prepositional
                                   phrase, "{}" a compound, "&SET", "$" source, "+" target,
                                   "%" a compound source and target, "^" skipped words,
                                   "A/B" alternatives; "[a:b]" a paired code (TABARI: the code
                                   of the source's act, then of the target's)
    ~ a (a b ATTACK) SAY = a b 015 a transformation: counted, not converted
    # ...  ; ...                   comments
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "petrarch2" / "CAMEO.2.0.txt"
OUT = ROOT / "src" / "newsevents" / "data" / "plover" / "cameo"
SOURCE = ("openeventdata/petrarch2 (commit 676801c, 2019-03-18), "
          "petrarch2/data/dictionaries/CAMEO.2.0.txt")
HEADER = ("Derived from the CAMEO verb dictionary of PETRARCH2 (openeventdata/petrarch2, "
          "commit 676801c), MIT licence, (c) 2014 Open Event Data (the file's own header: "
          "(c) 2015 Open Event Data Alliance). CAMEO codes mapped to PLOVER through "
          "plover/cameo_crosswalk.tsv (CC BY-SA 4.0). See NOTICE.")
FILES = ("senses.jsonl", "synsets.jsonl")

CODE = re.compile(r"^(?P<first>\d{2,4}|---)?(?::(?P<second>\d{2,4}|---))?(?P<flag>!)?$")
BLOCK = re.compile(r"^---\s+(?P<label>\S+)\s+\[(?P<code>[^\]]*)\]\s*(?:---\s*)*$")
VERB = re.compile(r"^(?P<verb>[^\s{}\[\]()*$%^&#-][^\s{}\[\]()*]*)\s*(?:\{(?P<forms>[^{}]*)\})?"
                  r"\s*(?:\[(?P<code>[^\]]*)\])?\s*$")
PATTERN_CODE = re.compile(r"\[(?P<code>[^\]]*)\]\s*$")
TOKEN = re.compile(r"\{[^{}]*\}|[()]|[^\s(){}]+")


class Unparsed(ValueError):
    """A line this converter cannot read (the reason is the message)."""


def word(raw: str) -> str:
    """'PRIME_MINISTER' -> 'prime minister'; 'KRONE_' -> 'krone'; '+ASK_FOR' -> 'ask for'."""
    return " ".join(raw.lstrip("+").replace("_", " ").lower().split())


def regular_forms(verb: str) -> list[str]:
    """The regular forms PETRARCH2 generates for a verb listed without its forms (on the
    first word of a multi-word verb): -s, -ed, -ing."""
    head, _, rest = verb.partition(" ")
    tail = f" {rest}" if rest else ""
    if head.endswith("e"):
        forms = [head + "s", head + "d", head[:-1] + "ing"]
    elif head.endswith("y") and len(head) > 1 and head[-2] not in "aeiou":
        forms = [head[:-1] + "ies", head[:-1] + "ied", head + "ing"]
    elif head.endswith(("s", "x", "z", "ch", "sh")):
        forms = [head + "es", head + "ed", head + "ing"]
    else:
        forms = [head + "s", head + "ed", head + "ing"]
    return [f + tail for f in forms]


def parse_code(raw: str) -> str:
    """'[042:043]' body -> '042:043'; '080!' -> '080' (the flag is reported by the caller)."""
    raw = raw.strip()
    match = CODE.match(raw)
    if not match or not (match["first"] or match["second"]):
        raise Unparsed(f"not a CAMEO code: [{raw}]")
    return raw.rstrip("!")


def primary(code: str) -> str | None:
    """The code of the event a sense yields: the first of a pair, else the second; None for
    '---' (the dictionary's 'no event')."""
    first, _, second = code.partition(":")
    for part in (first, second):
        if part and part != "---":
            return part
    return None


def _term(raw: str) -> str:
    """A pattern word or compound -> an object term: words, '&set' references, 'a/b'."""
    if raw.startswith("{"):
        inner = raw[1:-1].split()
        if not inner:
            raise Unparsed("empty {} compound")
        return " ".join(_term(w) for w in inner)
    return "/".join(word(alt) if not alt.startswith("&") else alt.lower()
                    for alt in raw.split("/"))


@dataclass
class Pattern:
    subject: list[str] = field(default_factory=list)
    object: list[str] = field(default_factory=list)
    prepositions: list[str] = field(default_factory=list)
    target: str | None = None
    source: str | None = None


def parse_pattern(body: str) -> Pattern:
    """The part of a pattern line between '-' and its '[code]'."""
    tokens: list[str] = []
    for token in TOKEN.findall(body):
        if "*" in token and token != "*":  # "*_LAWS", "SPY_*_DEAL": the verb joined by "_"
            before, star, after = token.partition("*")
            tokens += [t for t in (before.strip("_"), star, after.strip("_")) if t]
        else:
            tokens.append(token)
    if tokens.count("*") != 1:
        raise Unparsed(f"{tokens.count('*')} verb marks '*' (one expected)")
    out = Pattern()
    side = "before"
    in_prep: bool | None = None  # None outside (), False right after "(", True inside
    for token in tokens:
        if token == "*":
            if in_prep is not None:
                raise Unparsed("'*' inside a prepositional phrase")
            side = "after"
        elif token == "(":
            if in_prep is not None:
                raise Unparsed("'(' inside a prepositional phrase")
            in_prep = False
        elif token == ")":
            if in_prep is None:
                raise Unparsed("')' without '('")
            in_prep = None
        elif in_prep is False:  # the preposition itself
            if not re.fullmatch(r"[A-Z][A-Z/_-]*", token):
                raise Unparsed(f"{token!r} where a preposition goes")
            out.prepositions.append(_term(token))
            in_prep = True
        elif token in ("$", "+", "%"):
            where = ("prep" if in_prep else "object") if side == "after" else "before"
            if token == "%":  # a compound actor: source and target together, before the verb
                if side == "after":
                    raise Unparsed("'%' after the verb")
                out.source, out.target = "subject", "before"
            elif token == "$":
                out.source = "subject" if where == "before" else where
            else:
                out.target = where
        elif token == "^":
            continue  # words skipped: no constraint
        elif token.startswith("{") or re.fullmatch(r"&?[A-Z0-9][A-Z0-9_.'/&-]*", token):
            (out.subject if side == "before" else out.object).append(_term(token))
        else:
            raise Unparsed(f"unexpected token {token!r}")
    if in_prep is not None:
        raise Unparsed("'(' not closed")
    return out


@dataclass
class Block:
    label: str
    code: str
    verbs: list[tuple[str, list[str], str | None, str]] = field(default_factory=list)
    patterns: list[tuple[str, Pattern, str]] = field(default_factory=list)  # text, parsed, code


@dataclass
class Dictionary:
    synsets: dict[str, list[str]] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    unparsed: list[tuple[int, str, str]] = field(default_factory=list)  # line, reason, text
    notes: Counter = field(default_factory=Counter)
    pattern_lines: int = 0  # every "- ..." line, read or not


def strip_comment(line: str) -> str:
    return re.split(r"[#;]", line, maxsplit=1)[0].strip()


def parse(lines) -> Dictionary:
    """The synonym sets, verb blocks and patterns of CAMEO.2.0.txt (or a slice of it)."""
    out = Dictionary()
    synset: list[str] | None = None
    block: Block | None = None
    for number, raw in enumerate(lines, 1):
        line = strip_comment(raw.rstrip("\n"))
        if not line:
            continue
        try:
            if line.startswith("~"):
                out.notes["transformations (not converted)"] += 1
            elif line.startswith("&"):
                name = line.split()[0].lower()
                if not re.fullmatch(r"&[a-z0-9_]+", name) or len(line.split()) > 1:
                    raise Unparsed("not a synonym set name")
                synset = out.synsets.setdefault(name, [])
                block = None
            elif line.startswith("---"):
                match = BLOCK.match(line)
                if not match:
                    raise Unparsed("not a verb block line '---  VERB  [code]  ---'")
                block = Block(word(match["label"]).replace(" ", "_"),
                              parse_code(match["code"]))
                out.blocks.append(block)
                synset = None
            elif line.startswith("-"):
                out.pattern_lines += 1
                if block is None:
                    raise Unparsed("a pattern outside a verb block")
                code = PATTERN_CODE.search(line)
                if not code:
                    raise Unparsed("a pattern without its [code]")
                if code["code"].strip().endswith("!"):
                    out.notes["codes with a '!' flag (flag dropped)"] += 1
                body = line[1:code.start()]
                block.patterns.append((" ".join(line.split()), parse_pattern(body),
                                       parse_code(code["code"])))
            elif line.startswith("+") and synset is not None:
                if len(line.split()) > 1:
                    raise Unparsed("a synonym with more than one word (use '_')")
                synset.append(word(line))
            else:
                if block is None:
                    raise Unparsed("a verb outside a verb block")
                match = VERB.match(line)
                if not match:
                    raise Unparsed("not a verb line 'VERB {FORMS} [code]'")
                verb = word(match["verb"])
                if match["forms"] is None:
                    forms = regular_forms(verb)
                    out.notes["verbs with generated regular forms"] += 1
                else:
                    forms = [word(f) for f in re.split(r"[\s,]+", match["forms"]) if f]
                own = parse_code(match["code"]) if match["code"] is not None else None
                block.verbs.append((verb, forms, own, " ".join(line.split())))
        except Unparsed as exc:
            out.unparsed.append((number, str(exc), raw.strip()))
            if line.startswith("---"):  # what follows is not the previous block's
                block = synset = None
    return out


def crosswalk(notes: Counter | None = None) -> dict[str, tuple[str, str, list[str]]]:
    """CAMEO code -> (PLOVER event, mode, context), from plover/cameo_crosswalk.tsv, in the
    ontology's words: a mode it does not list for the event becomes "" (the bare event), a
    context outside its general contexts is left out (both counted in ``notes``)."""
    from newsevents.knowledge.loader import load

    ontology = load("plover/ontology.toml")
    categories, renames = ontology["categories"], ontology.get("crosswalk_modes", {})
    contexts = set(ontology["contexts"]["general"])
    notes = Counter() if notes is None else notes
    table: dict[str, tuple[str, str, list[str]]] = {}
    for row in load("plover/cameo_crosswalk.tsv"):
        if row["cameo"] in table or row["event"] not in categories:
            continue  # a code listed twice (175): the first line
        mode = renames.get(row["mode"], row["mode"])
        if mode and mode not in categories[row["event"]]["modes"]:
            notes[f"crosswalk modes not in the ontology, left out: {row['event']} {mode}"] += 1
            mode = ""
        context = []
        for name in (c.strip() for c in re.split(r"[;,]", row["context"])):
            if name and name not in contexts:
                notes[f"crosswalk contexts not in the ontology, left out: {name}"] += 1
            elif name:
                context.append(name)
        table[row["cameo"]] = (row["event"], mode, context)
    return table


def event_of(code: str, table: dict, notes: Counter) -> tuple[str | None, str, list[str]]:
    cameo = primary(code)
    if cameo is None:
        return None, "", []
    if cameo in table:
        return table[cameo]
    if len(cameo) == 4 and cameo[:3] in table:  # a sub-code the crosswalk lacks: its parent
        notes["codes mapped through their 3-digit parent"] += 1
        return table[cameo[:3]]
    return None, "", []


def convert(book: Dictionary, table: dict) -> list[dict]:
    """One sense per pattern (lemma: the block, forms: the block's other verbs, whose own
    inflections are on their bare senses) and one bare sense per verb (its own code, else
    the block's); duplicates dropped; sorted by lemma, then file order."""
    rows: list[dict] = []
    seen: set[str] = set()

    def add(row: dict) -> None:
        key = json.dumps({k: v for k, v in row.items() if k != "pattern"}, sort_keys=True)
        if key in seen:
            book.notes["duplicate senses dropped"] += 1
            return
        seen.add(key)
        rows.append(row)

    def sense(lemma, forms, code, pattern: Pattern, text, label) -> dict:
        event, mode, context = event_of(code, table, book.notes)
        row = {"lemma": lemma, "forms": forms, "cameo": code, "event": event, "mode": mode,
               "context": context, "subject": pattern.subject, "object": pattern.object,
               "preposition": pattern.prepositions[0] if pattern.prepositions else None,
               "target": pattern.target, "source": pattern.source, "block": label,
               "pattern": text}
        if len(pattern.prepositions) > 1:
            row["more_prepositions"] = pattern.prepositions[1:]
        return row

    for block in book.blocks:
        words = list(dict.fromkeys(verb for verb, _, _, _ in block.verbs))
        for verb, forms, own, text in block.verbs:
            code = own if own is not None else block.code
            add(sense(verb, [f for f in forms if f != verb], code, Pattern(), text,
                      block.label))
        for text, pattern, code in block.patterns:
            lemma = block.label
            add(sense(lemma, [w for w in words if w != lemma], code, pattern, text,
                      block.label))
    order = {id(row): i for i, row in enumerate(rows)}
    return sorted(rows, key=lambda r: (r["lemma"], order[id(r)]))


def report(book: Dictionary, rows: list[dict], stream=sys.stderr) -> None:
    events = sum(1 for r in rows if r["event"])
    patterns = sum(len(b.patterns) for b in book.blocks)
    verbs = sum(len(b.verbs) for b in book.blocks)
    print(f"pattern lines: {book.pattern_lines}, converted: {patterns}; verbs: {verbs} in "
          f"{len(book.blocks)} blocks; synonym sets: {len(book.synsets)}", file=stream)
    print(f"senses written: {len(rows)} ({events} events, {len(rows) - events} not an event)",
          file=stream)
    for note, count in sorted(book.notes.items()):
        print(f"  {note}: {count}", file=stream)
    refs = {m for r in rows for t in r["subject"] + r["object"]
            for m in re.findall(r"&[a-z0-9_]+", t)}
    missing = sorted(refs - set(book.synsets))
    if missing:  # the loader expands these to nothing: such a sense never matches
        print(f"  synonym sets used but never defined: {', '.join(missing)}", file=stream)
    print(f"lines unparsed: {len(book.unparsed)}", file=stream)
    for number, reason, text in book.unparsed:
        print(f"  line {number}: {reason}: {text}", file=stream)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    book = parse(args.source.read_text(encoding="utf-8", errors="replace").splitlines())
    rows = convert(book, crosswalk(book.notes))
    args.out.mkdir(parents=True, exist_ok=True)
    with open(args.out / "senses.jsonl", "w", encoding="utf-8", newline="\n") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    with open(args.out / "synsets.jsonl", "w", encoding="utf-8", newline="\n") as out:
        for name in sorted(book.synsets):
            words = sorted(set(book.synsets[name]))
            out.write(json.dumps({"name": name, "words": words}, ensure_ascii=False) + "\n")
    # JSONL has no comments: the attribution of both files is this sibling file.
    (args.out / "NOTICE.toml").write_text(
        "# The attribution of the files in this folder, written by "
        "tools/import_cameo_verbs.py.\n"
        f"source = {json.dumps(SOURCE)}\nlicence = \"MIT\"\nnotice = {json.dumps(HEADER)}\n"
        f"files = {json.dumps(list(FILES))}\n", encoding="utf-8")
    report(book, rows)


if __name__ == "__main__":
    main()
