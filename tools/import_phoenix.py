"""Convert the Phoenix actor dictionaries (PETRARCH2, MIT) into newsevents actor files.

    .venv/bin/python tools/import_phoenix.py [--source ../shared/data/petrarch2]

Reads Phoenix.{Countries,International,MilNonState}.actors.txt (TABARI format) and writes
src/newsevents/data/actors/phoenix/{people,organizations}.jsonl. Deterministic: the same
input gives the same bytes. The rules (names, dates, the CAMEO role -> PLOVER sector table,
the country codes that are not ISO-3) are in docs/KNOWLEDGE.md, "Imported actors".

TABARI actor entries, as these files use them:

    ASHRAF_GHANI_  # CountryInfo.txt          a name line (words joined by "_")
    +FOREIGN_MINISTER_ASHRAF_GHANI_            "+" lines: other names of the same actor
        [AFGGOVBUS 20020602-20041214]          indented role lines: a CAMEO code and dates
        [AFGELI]                               an undated code: the actor at other times
    HAMAS_ [PSEREB]                            a code on the name line: a body

Dates: ``yymmdd-yymmdd`` or ``yyyymmdd``, ``>yymmdd`` (from that day on), ``<yymmdd``
(until that day). An open end stops at GENERATED (2014-01-30).
"""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "petrarch2"
OUT = ROOT / "src" / "newsevents" / "data" / "actors" / "phoenix"
FILES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
         "Phoenix.MilNonState.actors.txt")

# CAMEO role code -> PLOVER sector (as this project's files spell them; CAMEO MED is the
# media, our JRN; CAMEO HLH is health, our MED). The first code of a multi-role code that is
# in this table gives the sector: GOVMIL -> GOV, GOVHLH -> GOV (a minister is GOV).
SECTORS = {
    "GOV": "GOV", "MIL": "MIL", "REB": "REB", "INS": "REB", "SEP": "REB", "OPP": "OPP",
    "PTY": "PTY", "COP": "COP", "JUD": "JUD", "SPY": "SPY", "LEG": "LEG", "BUS": "BUS",
    "MNC": "BUS", "MED": "JRN", "HLH": "MED", "EDU": "EDU", "CVL": "CVL", "CRM": "CRM",
    "LAB": "LAB", "AGR": "AGR", "REF": "REF", "ELI": "ELI", "UAF": "UAF", "REL": "REL",
    "CHR": "REL", "CTH": "REL", "MUS": "REL", "JEW": "REL", "HIN": "REL", "BUD": "REL",
    "SIK": "REL", "SHI": "REL", "SUN": "REL", "DEV": "SOC", "ENV": "SOC", "HRI": "SOC",
    "NGO": "SOC", "IGO": "GOV",
}
# The first three letters when they are not a state: international actors, as the hand
# files code them (IGOUNO... -> UNO; other IGOs -> IGO, sector GOV; NGOs -> NGO, SOC).
INTERNATIONAL = {"IGO": ("IGO", "GOV"), "NGO": ("NGO", "SOC"), "IMG": ("IMG", "REB"),
                 "MNC": ("MNC", "BUS")}
# CAMEO country codes that are not ISO 3166-1 alpha-3, or states that no longer exist ->
# the code this project uses (the successor state for a dissolved one).
COUNTRY_FIX = {"KSV": "KOS", "TMP": "TLS", "ROM": "ROU", "ZAR": "COD", "USR": "RUS",
               "DDR": "DEU", "YUG": "SRB", "SCG": "SRB", "FRY": "SRB", "SRP": "SRB",
               "CSK": "CZE"}
# ISO-3 territories that countries.jsonl does not list but that are real codes.
TERRITORIES = {"AIA", "BMU", "ABW", "CYM", "COK", "GGY", "PRI", "GLP", "VGB", "FRO", "FLK",
               "HKG", "MAC", "ASM", "GUM", "VIR", "NCL", "PYF", "GUF", "MTQ", "GIB", "GRL",
               "MSR", "NIU", "PCN", "SHN", "TKL", "WLF", "JEY", "IMN", "ANT", "PSE"}
# The files were generated on 2014-01-30: an open-ended role (">100201") is known to run
# to that day, no further (the hand files carry what came after).
GENERATED = "2014-01-30"
ACRONYMS = {"US", "USA", "UK", "UN", "EU", "AU", "UAE", "NATO", "OPEC", "IMF", "WHO", "ICC",
            "PLO", "ANC", "IRA", "PKK", "FARC", "ELN", "DRC", "OAS", "ASEAN", "ECOWAS", "SADC"}
PARTICLES = {"al", "el", "bin", "ibn", "bint", "de", "da", "di", "del", "der", "van", "von",
             "la", "le", "du", "dos", "das", "of", "the", "and", "for", "in", "on", "y"}
SOURCE = ("openeventdata/petrarch2 (commit 676801c, 2019-03-18), petrarch2/data/dictionaries/"
          "Phoenix.{Countries,International,MilNonState}.actors.txt")
HEADER = ("Derived from the Phoenix actor dictionaries of PETRARCH2 (openeventdata/petrarch2, "
          "commit 676801c), MIT licence, (c) 2014 Open Event Data; generated from the "
          "CountryInfo project (Parus Analytics). See NOTICE.")


@dataclass
class Entry:
    name: str
    variants: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)  # codes on the name line
    roles: list[tuple[str, str | None, str | None]] = field(default_factory=list)


def _date(raw: str) -> str:
    if len(raw) == 6:
        yy = int(raw[:2])
        raw = ("19" if yy >= 30 else "20") + raw
    return f"{raw[:4]}-{raw[4:6]}-{raw[6:8]}"


def parse_dates(text: str) -> tuple[str | None, str | None]:
    text = text.strip()
    if not text:
        return None, None
    if text.startswith(">"):
        return _date(text[1:]), None
    if text.startswith("<"):
        return None, _date(text[1:])
    start, _, end = text.partition("-")
    return _date(start), _date(end) if end else None


ROLE = re.compile(r"\[\s*([A-Z0-9]+)\s*([<>]?[0-9]*(?:-[0-9]+)?)\s*\]")


def parse(lines) -> list[Entry]:
    """TABARI actor entries from the lines of one dictionary file."""
    entries: list[Entry] = []
    current: Entry | None = None
    for line in lines:
        body = line.split("#", 1)[0].rstrip()
        if not body.strip():
            continue
        if body[0] in " \t":
            if current is not None:
                for code, dates in ROLE.findall(body):
                    current.roles.append((code, *parse_dates(dates)))
            continue
        if body.startswith("+"):
            if current is not None:
                current.variants += [v for v in body.split("+") if v.strip("_ ")]
            continue
        name = body.split("[", 1)[0]
        current = Entry(name.strip())
        entries.append(current)
        current.codes = [code for code, _ in ROLE.findall(body)]
    return entries


def pretty(raw: str) -> list[str]:
    """'ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)_' -> ['Aden Abyan Islamic Army', 'AAIA']."""
    text = raw.replace("_", " ").strip()
    out = []
    for inner in re.findall(r"\(([^)]*)\)", text):
        if inner.strip():
            out.append(inner.strip())
    text = re.sub(r"\s+", " ", re.sub(r"\([^)]*\)", " ", text)).strip()
    if not text:
        return out
    if len(text.replace(".", "")) <= 4 and " " not in text:
        return [text, *out]  # an acronym: "UN", "U.N.", "FARC"
    words = []
    for i, word in enumerate(text.split()):
        low = word.lower()
        if i and low in PARTICLES:
            words.append(low)
        elif "." in word.strip(".") or word in ACRONYMS:
            words.append(word)  # "U.S.", "US", "UN" inside a longer name
        else:
            words.append("-".join(p[:1].upper() + p[1:].lower() for p in word.split("-")))
    return [" ".join(words), *out]


def country_of(code: str, known: set[str]) -> str | None:
    head = code[:3]
    if head in INTERNATIONAL:
        return "UNO" if code[3:6] == "UNO" else INTERNATIONAL[head][0]
    head = COUNTRY_FIX.get(head, head)
    return head if head in known or head in TERRITORIES else None


def sector_of(code: str) -> str | None:
    head = code[:3]
    if head in INTERNATIONAL:  # an IGO's court is JUD; its commissions and agencies GOV
        inner = {SECTORS.get(code[i : i + 3]) for i in range(3, len(code), 3)}
        strong = [s for s in ("MIL", "JUD", "LEG", "COP", "SPY", "REB") if s in inner]
        return strong[0] if strong else INTERNATIONAL[head][1]
    for i in range(3, len(code), 3):
        if code[i : i + 3] in SECTORS:
            return SECTORS[code[i : i + 3]]
    return None


KINDS = {"GOV": "government body", "MIL": "armed forces", "REB": "armed group",
         "COP": "police", "SPY": "intelligence", "LEG": "legislature", "JUD": "court",
         "PTY": "party", "JRN": "media", "BUS": "company", "REL": "religious", "UAF":
         "armed group"}


def convert(entries: list[Entry], known: set[str]) -> tuple[list[dict], list[dict]]:
    """(people, organisations) as JSONL records. People: entries with role lines, kept when
    at least one role has a country and a sector; bodies: a code with a sector on the name
    line. Bare country codes ("AFGHANISTAN_ [AFG]") are left to countries.jsonl."""
    people, orgs = [], []
    for entry in entries:
        names = pretty(entry.name)
        if not names:
            continue
        aliases = []
        for v in entry.variants:
            aliases += pretty(v)
        name, aliases = names[0], _unique(names[1:] + aliases, names[0])
        if any(start or end for _, start, end in entry.roles):
            roles = []
            for code, start, end in entry.roles:
                country, sector = country_of(code, known), sector_of(code)
                if not country or not sector or (sector == "ELI" and not start and not end):
                    continue  # undated ELI: what the base says anyway outside the roles
                if start and not end:  # ">100201": in office when the file was made
                    end = GENERATED
                roles.append({"title": code, "sector": sector, "start": start, "end": end,
                              "country": country})
            if not roles:
                continue
            home = max(sorted({r["country"] for r in roles}),
                       key=lambda c: sum(r["country"] == c for r in roles))
            for r in roles:
                if r["country"] == home:
                    del r["country"]
            roles.sort(key=lambda r: (r["start"] or "0000", r["title"]))
            people.append({"name": name, "aliases": aliases, "country": home, "roles": roles})
        elif entry.codes or entry.roles:
            code = (entry.codes or [r[0] for r in entry.roles])[0]
            country, sector = country_of(code, known), sector_of(code)
            if not country or not sector:
                continue
            kind = {"IGO": "igo", "NGO": "ngo", "MNC": "company"}.get(code[:3]) or KINDS.get(
                sector, "organisation")
            orgs.append({"name": name, "aliases": aliases, "kind": kind, "country": country,
                         "sector": sector, "patron": None, "roles": []})
    return people, orgs


def _unique(items: list[str], name: str) -> list[str]:
    seen, out = {name.lower()}, []
    for item in items:
        if item.lower() not in seen:
            seen.add(item.lower())
            out.append(item)
    return out


AGENT = re.compile(r"^(?P<noun>[^\[{]+?)\s*(?:\{(?P<plural>[^}]*)\})?\s*\[~?(?P<code>[A-Z]+)\]")


def _plural(word: str) -> str:
    if word.endswith(("s", "x", "ch", "sh", "z")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith("man"):
        return word[:-3] + "men"
    return word + "s"


def parse_agents(lines) -> list[dict]:
    """Phoenix.agents.txt: ``NOUN [~CODE]`` (``_`` between words; regular plurals are made,
    as PETRARCH does; ``{}`` means none, ``{PLURAL}`` names it); ``!PERSON! = MAN, MEN ...``
    macros are expanded where they start or end a noun (not inside a word). Returns
    ``{"noun", "sector"}`` records, lower case, in file order, the first of a noun kept."""
    macros: dict[str, list[str]] = {}
    out: dict[str, str] = {}
    for line in lines:
        body = line.split("#", 1)[0].strip()
        if not body:
            continue
        if body.startswith("!") and "=" in body:
            key, _, values = body.partition("=")
            macros[key.strip()] = [v.strip() for v in values.split(",") if v.strip()]
            continue
        m = AGENT.match(body)
        if not m:
            continue
        sector = sector_of("XXX" + m["code"])
        if not sector:
            continue
        raw = m["noun"].strip()
        forms = [raw]
        for key, values in macros.items():
            if key in raw:
                rest = raw.replace(key, "", 1)
                if key in rest or not (raw.startswith(key) or raw.endswith(key)):
                    forms = []
                    break
                sep = "" if not (raw.startswith(key + " ") or raw.endswith(" " + key)) else " "
                forms = [(v + sep + rest.strip()) if raw.startswith(key) else
                         (rest.strip() + sep + v) for v in values]
        for form in forms:
            noun = re.sub(r"\s+", " ", form.replace("_", " ")).strip().lower()
            if not noun or "!" in noun or not re.fullmatch(r"[a-z][a-z .'-]*", noun):
                continue
            nouns = [noun]
            if m["plural"] is None and not m["noun"].rstrip().endswith("!") and not re.search(
                    r" (?:of|for|to|de|on|in|and) ", f" {noun} "):  # "ministers of defence"
                nouns.append(_plural(noun) if " " not in noun else noun.rsplit(" ", 1)[0]
                             + " " + _plural(noun.rsplit(" ", 1)[1]))
            elif m["plural"]:
                nouns.append(m["plural"].replace("_", " ").strip().lower())
            for n in nouns:
                out.setdefault(n, sector)
    return [{"noun": n, "sector": sec} for n, sec in out.items()]


def parse_discards(lines) -> list[str]:
    """Phoenix.discards.txt: one phrase a line (``+`` marks a story-level discard in
    PETRARCH; here both are phrases never coded as actors); year lines are left out."""
    out: dict[str, None] = {}
    for line in lines:
        body = line.split("#", 1)[0].strip().lstrip("+").strip()
        if body and not body.isdigit() and not re.fullmatch(r"[\d\s]+", body):
            out.setdefault(re.sub(r"\s+", " ", body.replace("_", " ")).lower(), None)
    return list(out)


def known_countries() -> set[str]:
    path = ROOT / "src" / "newsevents" / "data" / "actors" / "countries.jsonl"
    return {json.loads(line)["code"] for line in path.read_text().splitlines() if line}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    known = known_countries()
    people: dict[str, dict] = {}
    orgs: dict[str, dict] = {}
    for name in FILES:
        text = (args.source / name).read_text(encoding="utf-8", errors="replace")
        p, o = convert(parse(text.splitlines()), known)
        for target, rows in ((people, p), (orgs, o)):
            for row in rows:
                key = row["name"].lower()
                if key in target:  # the same name twice: one record, aliases and roles merged
                    old = target[key]
                    old["aliases"] = _unique(old["aliases"] + row["aliases"], old["name"])
                    old["roles"] += [r for r in row.get("roles", []) if r not in old["roles"]]
                else:
                    target[key] = row
    args.out.mkdir(parents=True, exist_ok=True)
    for fname, rows in (("people.jsonl", people), ("organizations.jsonl", orgs)):
        with open(args.out / fname, "w", encoding="utf-8", newline="\n") as out:
            for key in sorted(rows):
                out.write(json.dumps(rows[key], ensure_ascii=False) + "\n")
        print(f"{fname}: {len(rows)} records")
    read = lambda name: (args.source / name).read_text(encoding="utf-8",  # noqa: E731
                                                       errors="replace").splitlines()
    agents = parse_agents(read("Phoenix.agents.txt"))
    discards = parse_discards(read("Phoenix.discards.txt"))
    with open(args.out / "agents.jsonl", "w", encoding="utf-8", newline="\n") as out:
        for row in agents:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    with open(args.out / "discards.jsonl", "w", encoding="utf-8", newline="\n") as out:
        for phrase in discards:
            out.write(json.dumps({"phrase": phrase}, ensure_ascii=False) + "\n")
    print(f"agents.jsonl: {len(agents)} nouns; discards.jsonl: {len(discards)} phrases")
    # JSONL has no comments: the attribution of both files is this sibling file.
    (args.out / "NOTICE.toml").write_text(
        "# The attribution of the files in this folder, written by tools/import_phoenix.py.\n"
        f"source = {json.dumps(SOURCE)}\nlicence = \"MIT\"\nnotice = {json.dumps(HEADER)}\n"
        'files = ["people.jsonl", "organizations.jsonl", "agents.jsonl", "discards.jsonl"]\n',
        encoding="utf-8")


if __name__ == "__main__":
    main()
