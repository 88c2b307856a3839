"""The actor knowledge base and ``resolve_actor``: a mention to a PLOVER entity.

Data (``data/actors/``, schema in docs/KNOWLEDGE.md): countries.jsonl (names, adjectives,
demonyms, capitals and metonyms), people/*.jsonl and organizations.jsonl (aliases and
time-bounded roles), agents.toml (agent nouns, titles, patron cues).

Resolution, in order: a known person or organisation anywhere in the mention (the longest
alias wins; a nationality or the context settles ties), a title resolved to the office holder
of that country on that date, a country name or metonym, a nationality with an agent noun.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache

from ..model import Actor
from .compiled import compiled
from .loader import load, names
from .normalize import alternation, fold

FORMER = "ELI"  # PLOVER: former officials who no longer hold office
# Roles are dated against the event's date, else the publication date; never against the
# clock. With neither, a person is taken in their last role (see entity_sector).
UNDATED = ""


@dataclass(frozen=True, slots=True)
class Role:
    title: str
    sector: str
    start: str | None
    end: str | None
    country: str | None = None  # who the office acts for, when not the person's own country

    @property
    def words(self) -> frozenset[str]:
        return _title_words(self.title)

    def active(self, day: str) -> bool:
        if day == UNDATED:  # no date at all: the roles the base has no end for
            return self.end is None
        return (self.start is None or _lower(self.start) <= day) and (
            self.end is None or day <= _upper(self.end)
        )


@dataclass(slots=True)
class Entity:
    name: str
    kind: str  # person, or the organisation kind ("armed group", "legislature", ...)
    country: str
    sector: str | None  # organisations: the sector when no role says otherwise
    roles: list[Role]
    aliases: list[str]
    patron: str | None = None
    imported: bool = False  # from data/actors/phoenix/ (the Phoenix dictionaries, to 2014)


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class Region:
    """A region, partially recognised entity, dependency or people (data/actors/regions.jsonl):
    coded as the state PLOVER names, ``countries`` the others context may choose instead."""

    name: str
    country: str
    kind: str
    countries: tuple[str, ...] = ()
    alternative: str | None = None
    pre: bool = False  # PLOVER's PRE sector: a partially recognised entity

    def state(self, context: list[str]) -> str:
        for code in context:
            if code == self.country or code in self.countries:
                return code
        return self.country

    @property
    def other_sectors(self) -> tuple[str, ...]:
        return ("PRE",) if self.pre else ()


@cache
def _title_words(title: str) -> frozenset[str]:
    return frozenset(fold(title).split())




def _lower(day: str) -> str:
    return (day + "-01-01")[:10] if len(day) < 10 else day


def _upper(day: str) -> str:
    return (day + "-12-31")[:10] if len(day) == 4 else (day + "-31")[:10] if len(day) == 7 else day


def _read_jsonl(name: str) -> list[dict]:
    return load(f"actors/{name}")


@cache
def country_names() -> dict[str, list[str]]:
    """ISO code -> the country's name and other names ("the Democratic Republic of Congo"),
    without adjectives or demonyms: what a place mention may call a country."""
    return {row["code"]: [row["name"], *row.get("names", [])]
            for row in _read_jsonl("countries.jsonl")}


@dataclass(frozen=True, slots=True)
class _Offices:
    heads: frozenset[str]  # offices that outrank any other role held at the same time
    former_words: frozenset[str]  # "former", "ex": the mention speaks of a past holder
    generic_title_words: frozenset[str]  # too generic to name a past office alone


@cache
def _offices() -> _Offices:
    raw = load("actors/agents.toml")["offices"]
    return _Offices(frozenset(raw["heads"]), frozenset(raw["former_words"]),
                    frozenset(raw["generic_title_words"]))


def _roles(raw: list[dict], country: str | None = None) -> list[Role]:
    return [Role(r.get("title", ""), r["sector"], r.get("start"), r.get("end"),
                 r.get("country", country)) for r in raw]


class ActorBase:
    """All actor knowledge, indexed by folded alias. Build once with ``actor_base()``."""

    def __init__(self) -> None:
        self.countries: dict[str, Country] = {}
        self.regions: dict[str, Region] = {}  # folded name, alias or adjective -> region
        self.country_words: dict[str, str] = {}  # name/adjective/demonym/capital -> code
        self.metonyms: dict[str, tuple[str, str]] = {}  # folded -> (code, sector)
        self.entities: dict[str, list[Entity]] = defaultdict(list)
        self.case_sensitive: set[str] = set()  # short all-caps aliases: "US", "IS", "UN"
        self.agents: dict[str, str] = {}
        self.titles: dict[str, list[str]] = {}
        self.phrases: dict[str, str] = {}
        self.ignore: frozenset[str] = frozenset()
        self.title_pattern = re.compile("$^")
        self.words_of: dict[str, frozenset[str]] = {}
        self.patron_sector = "REB"
        self.holders: dict[str, list[tuple[Entity, Role]]] = defaultdict(list)  # country -> ...
        self.surnames: dict[str, list[Entity]] = defaultdict(list)  # weak: used last
        self.patron_before: list[re.Pattern[str]] = []
        self.patron_after: list[re.Pattern[str]] = []
        self.patron_tail = re.compile("$^")  # "allied with Tehran" after a noun phrase
        self.of_heads: frozenset[str] = frozenset()  # "head" of ..., "members" of ...
        self.discards: frozenset[str] = frozenset()  # phrases never coded as actors
        self.ship_prefixes: dict[str, tuple[str, ...]] = {}  # "USS" -> ("USA",)
        self.regional: frozenset[str] = frozenset()  # offices of a region: "governor"
        self.max_words = 1
        self._context_index: dict[str, str] | None = None
        self._context_max_words = 1
        self._load()

    # -- loading ---------------------------------------------------------------------------
    def _key(self, alias: str, target: dict, value) -> None:
        key = fold(alias)
        if not key:
            return
        if alias.isupper() and len(alias.replace(".", "")) <= 3:
            self.case_sensitive.add(key)
        if isinstance(target, defaultdict):
            if value not in target[key]:
                target[key].append(value)
        else:
            target.setdefault(key, value)
        self.max_words = max(self.max_words, len(key.split()))

    def _load(self) -> None:
        for row in _read_jsonl("countries.jsonl"):
            code = row["code"]
            self.countries[code] = Country(code, row["name"])
            for word in [row["name"], *row.get("names", []), *row.get("adjectives", []),
                         *row.get("demonyms", [])]:
                self._key(word, self.country_words, code)
            for text, sector in row.get("metonyms", {}).items():
                self._key(text, self.metonyms, (code, sector))
        for row in _read_jsonl("regions.jsonl"):
            region = Region(row["name"], row["country"], row["kind"],
                            tuple(row.get("countries", [])), row.get("alternative"),
                            row.get("pre", False))
            for word in [row["name"], *row.get("aliases", []), *row.get("adjectives", [])]:
                if fold(word) not in self.country_words:  # "Kosovo" is a country
                    self._key(word, self.regions, region)
        people = [row for name in sorted(names("actors/people/")) for row in load(name)]
        merged: dict[str, Entity] = {}
        for row in people:
            # One person may appear in two regional files (a prime minister who later led
            # NATO): their roles merge, each keeping the country it acted for.
            key = fold(row["name"])
            roles = _roles(row["roles"], row["country"])
            if key in merged:
                entity = merged[key]
                national = row["country"] not in _INTERNATIONAL
                known = {(r.title, r.start): r for r in entity.roles}
                for r in roles:
                    old = known.get((r.title, r.start))
                    if old is None:
                        entity.roles.append(r)
                    elif national and old.country in _INTERNATIONAL:
                        entity.roles[entity.roles.index(old)] = r
                entity.roles.sort(key=lambda r: _lower(r.start or "0000"))
                entity.aliases += [a for a in row.get("aliases", []) if a not in entity.aliases]
                if row["country"] not in _INTERNATIONAL:
                    entity.country = row["country"]
            else:
                merged[key] = Entity(row["name"], "person", row["country"], None, roles,
                                     row.get("aliases", []))
        for entity in merged.values():
            self._add_entity(entity)
            for role in entity.roles:
                self.holders[role.country or entity.country].append((entity, role))
            surname = fold(entity.name).split()[-1]
            if len(surname) > 3:
                self.surnames[surname].append(entity)
        for row in _read_jsonl("organizations.jsonl"):
            self._add_entity(Entity(row["name"], row.get("kind", "organisation"),
                                    row["country"], row.get("sector"),
                                    _roles(row.get("roles", [])), row.get("aliases", []),
                                    row.get("patron")))
        agents = load("actors/agents.toml")
        for sector, words in agents["sectors"].items():
            for word in words:
                self._key(word, self.agents, sector)
        self.titles = {fold(k): [fold(t) for t in v] for k, v in agents["titles"].items()}
        self.title_pattern = re.compile(r"\b(?:" + alternation(self.titles) + r")\b")
        words_of: dict[str, set[str]] = defaultdict(set)
        for word, code in self.country_words.items():
            words_of[code].add(word)
        self.words_of = {code: frozenset(words) for code, words in words_of.items()}
        self.phrases = {fold(k): fold(v) for k, v in agents["phrases"].items()}
        self.ignore = frozenset(agents["ignore"]["words"])
        self.patron_sector = agents["patron_cues"]["default_sector"]
        for word in self.titles:
            self.agents.setdefault(word, "GOV")
        hand_agents = dict(self.agents)
        for row in load("actors/phoenix/agents.jsonl"):  # under the hand nouns and titles
            # the hand noun at the head decides: "unidentified gunmen" stays UAF like "gunmen"
            head = hand_agents.get(fold(row["noun"]).split()[-1])
            if (head is None or head == row["sector"]) and " " in row["noun"]:
                self._key(row["noun"], self.agents, row["sector"])
        # PETRARCH discards sports stars' names with sports stories; a hand-made actor wins
        self.discards = frozenset(key for r in load("actors/phoenix/discards.jsonl")
                                  if (key := fold(r["phrase"])) not in self.entities)
        country = r"(?P<country>[a-z ]+?)"
        self.patron_before = [re.compile(r"\b" + fold(p).replace("{country}", country) + r"\b")
                              for p in agents["patron_cues"]["before"]]
        self.patron_after = [re.compile(r"\b" + fold(p).replace("{country}", country) + r"$")
                             for p in agents["patron_cues"]["after"]]
        # The same "after" cues in running text: "militias allied with Tehran" extends a
        # noun phrase (analysis.mentions) up to the capitalised patron.
        tails = [p.split("{country}")[0].strip() for p in agents["patron_cues"]["after"]]
        self.patron_tail = re.compile(r"^\s*(?:" + "|".join(map(re.escape, tails))
                                      + r")\s+(?:the\s+)?[A-Z][\w-]*")
        self.of_heads = frozenset(agents["offices"]["of_heads"])
        self.regional = frozenset(fold(t) for t in agents["offices"]["regional"])
        self.ship_prefixes = {k: tuple(v) for k, v in agents["ships"]["prefixes"].items()}
        self._add_imported()

    def _add_imported(self) -> None:
        """The Phoenix base (docs/KNOWLEDGE.md, "Imported actors"), under the hand base: an
        imported actor whose name is a hand-made alias is skipped, and an imported alias that
        a hand-made actor already has, or that is one word the base knows as something else
        (an agent noun, a country word, a metonym, a title), is left out."""
        hand = set(self.entities)
        common = hand | set(self.agents) | set(self.country_words) | set(self.metonyms) | set(
            self.titles) | self.ignore
        # an office is not a body: "the secretary of state" is the holder's title
        offices = {t for ts in self.titles.values() for t in ts} | set(self.titles) | set(
            self.phrases)
        for file, kind in (("people.jsonl", "person"), ("organizations.jsonl", None)):
            for row in load(f"actors/phoenix/{file}"):
                if fold(row["name"]) in hand:
                    continue
                entity = Entity(row["name"], kind or row.get("kind", "organisation"),
                                row["country"], row.get("sector"),
                                _roles(row.get("roles", []), row["country"] if kind else None),
                                row.get("aliases", []), row.get("patron"), imported=True)
                for alias in [entity.name, *entity.aliases]:
                    key = fold(alias)
                    if key in hand or (" " not in key and key in common) or self._office(
                            key, offices):
                        continue
                    self._key(alias, self.entities, entity)
                if kind:
                    for role in entity.roles:
                        self.holders[role.country or entity.country].append((entity, role))

    def _office(self, key: str, offices: set[str]) -> bool:
        """"the us secretary of state", "secretary of state": a title, perhaps after "the"
        and a country word, is an office, not an actor's name."""
        words = key.removeprefix("the ").split()
        for n in (0, 1, 2):
            if (n == 0 or " ".join(words[:n]) in self.country_words) and " ".join(
                    words[n:]) in offices:
                return True
        return False

    def _add_entity(self, entity: Entity) -> None:
        for alias in [entity.name, *entity.aliases]:
            self._key(alias, self.entities, entity)

    # -- lookups ---------------------------------------------------------------------------
    def country_of(self, words: str) -> str | None:
        """ISO code for a country name, adjective, demonym, capital or code."""
        key = fold(words)
        if key.upper() in self.countries and len(key) == 3 and words.isupper():
            return key.upper()
        return self.country_words.get(key) or (self.metonyms.get(key) or (None,))[0]

    def context_countries(self, context: str) -> list[str]:
        """Countries a context string speaks of, most mentioned first (codes are accepted)."""
        counts: Counter[str] = Counter()
        for token in re.findall(r"\b[A-Z]{3}\b", context):
            if token in self.countries:
                counts[token] += 1
        words = fold(context).split()
        index = self._context_words()
        for _, _, code in _spans(words, index, self._context_max_words):
            counts[code] += 1
        return [code for code, _ in counts.most_common()]

    def _context_words(self) -> dict[str, str]:
        """Words that put an article in a country: names, adjectives, capitals, metonyms and
        international bodies ("the United Nations" -> UNO)."""
        if self._context_index is None:
            index = {k: v[0] for k, v in self.metonyms.items()}
            index.update({k: es[0].country for k, es in self.entities.items()
                          if es[0].kind != "person" and es[0].country in _INTERNATIONAL
                          and not es[0].imported})
            index.update(self.country_words)
            self._context_index = index
            self._context_max_words = max(len(k.split()) for k in index)
        return self._context_index

    def office_holder(self, country: str, title: str, day: str,
                      where: str | None = None) -> tuple[Entity, Role] | None:
        """Who held ``title`` for ``country`` on ``day``; with ``where`` (a region), only
        a role whose title names it ("governor of Texas")."""
        if where is None and title in self.regional:
            return None
        wanted = self.titles.get(title, [title])
        for entity, role in self.holders.get(country, []):
            role_title = fold(role.title)
            if not role.active(day):
                continue
            if where is None:
                named = any(role_title == w or role_title.startswith(w + " ") for w in wanted)
            else:  # "governor of texas", "ontario premier": the title and the region, anywhere
                padded = f" {role_title} "
                named = f" {where} " in padded and any(f" {w} " in padded for w in wanted) and (
                    not _DEPUTY & set(role_title.split()) - set(title.split()))
            if named:
                return entity, role
        return None


def _spans(words: list[str], index: dict, max_words: int):
    """Longest non-overlapping matches of ``index`` keys in ``words``: (start, end, value)."""
    longest = _longest_from(index)
    i = 0
    while i < len(words):
        for n in range(min(max_words, longest.get(words[i], 0), len(words) - i), 0, -1):
            key = " ".join(words[i : i + n])
            if key in index:
                yield i, i + n, index[key]
                i += n
                break
        else:
            i += 1


_LONGEST: dict[int, tuple[dict, dict[str, int]]] = {}


def _longest_from(index: dict) -> dict[str, int]:
    """First word of a key -> the most words of a key it begins: most words of a mention
    begin no key, and are passed over with one lookup."""
    cached = _LONGEST.get(id(index))
    if cached is None or cached[0] is not index:  # the id of an index still alive
        longest: dict[str, int] = {}
        for key in index:
            words = key.split()
            if words:
                longest[words[0]] = max(longest.get(words[0], 0), len(words))
        cached = _LONGEST[id(index)] = (index, longest)
    return cached[1]


@cache
def actor_base() -> ActorBase:
    """The actor base, built from the data files once per knowledge version (compiled.py)."""
    return compiled("actors", ActorBase, (__name__, "newsevents.knowledge.normalize",
                                          "newsevents.model"))


_INTERNATIONAL = frozenset({"UNO", "EUR", "IGO", "NGO", "IMG", "MNC"})
_STATE_SECTORS = frozenset({"GOV", "MIL", "LEG", "JUD", "COP", "SPY"})  # offices one leaves


def entity_sector(entity: Entity, day: str,
                  words: list[str] | None = None) -> tuple[str | None, Role | None]:
    """An entity's sector on ``day``: its active role (the one whose title shares words with
    the mention, when several are), else former (ELI) or its default."""
    offices = _offices()
    active = [r for r in entity.roles if r.active(day)]
    if day == UNDATED and not active and entity.roles and entity.kind == "person" and not (
            set(words or []) & offices.former_words):
        # no date to say the term is over: the last office, not ELI by the clock's say-so
        active = [max(entity.roles, key=lambda r: _lower(r.start or "0000"))]
    if active:
        # The role the mention names ("army chief Burhan"); else the longest-held one.
        said = set(words or [])
        role = max(active, key=lambda r: (len(said & r.words),
                                          fold(r.title) in offices.heads,
                                          # an undated role is the weakest claim
                                          -int((r.start or "9999")[:4])))
        return role.sector, role
    past = [r for r in entity.roles if r.end and (day == UNDATED or _upper(r.end) < day)]
    if entity.kind == "person":
        said = set(words or [])
        named = [r for r in past if said & r.words - offices.generic_title_words]
        if named and not said & offices.former_words:
            # "senior Iranian general Qassem Soleimani": the mention itself puts him in the
            # office he held (a past event told today), unless it says "former".
            return named[-1].sector, named[-1]
        if past:
            return FORMER, past[-1]
        return ("UNK", None) if entity.roles else (None, None)
    return entity.sector, None


def _choose(candidates: list[Entity], nationality: str | None, context: list[str],
            day: str) -> Entity:
    def score(e: Entity) -> tuple:
        sector, role = entity_sector(e, day)
        return (e.country == nationality, e.country in context[:1], e.country in context,
                role is not None and sector != FORMER, e.kind == "person")
    return max(candidates, key=score)


def resolve_actor(text: str, context: str = "", date: str | None = None) -> Actor | None:
    """Resolve a mention ("US President Joe Biden", "pro-Iranian armed groups") to an Actor.

    ``context`` is any text about the article (or ISO codes); ``date`` (YYYY-MM-DD) selects
    the roles in force (with no date, each person's last role: never the clock). Returns
    None when nothing in it is an actor.
    """
    kb = actor_base()
    return resolve_actor_in(kb, text, kb.context_countries(context) if context else [], date)


def resolve_actor_in(kb: ActorBase, text: str, context: list[str],
                     date: str | None = None) -> Actor | None:
    """``resolve_actor`` with the context already read as country codes, most relevant first."""
    day = date or UNDATED
    folded = fold(text)
    if not folded:
        return None
    if folded.removeprefix("the ") in kb.discards:  # "Asian Games", "bronze medal"
        return None
    patron, folded = _strip_patron(kb, folded)
    words = folded.split()
    if ship := _ship(kb, text, context):
        return ship

    # 1. A named person or organisation anywhere in the mention.
    found = [(s, e, c) for s, e, c in _spans(words, kb.entities, kb.max_words)
             if not _case_mismatch(kb, " ".join(words[s:e]), text)]
    if found:
        # A person is the head of "Hamas political chief Ismail Haniyeh"; else the longest,
        # rightmost name (English noun phrases end with their head).
        start, end, candidates = max(found, key=lambda f: (
            any(e.kind == "person" for e in f[2]), f[1] - f[0], f[1]))
        others = words[:start] + words[end:]
        nationality = _nationality(kb, others, text)
        entity = _choose(candidates, nationality, context, day)
        return _entity_actor(kb, entity, day, others, nationality, " ".join(words[start:end]),
                             patron)

    # 2. A metonym ("the Pentagon", "Washington") or a country name on its own.
    if folded in kb.metonyms and not _case_mismatch(kb, folded, text):
        code, sector = kb.metonyms[folded]
        return Actor(code, sector, None, "metonym", folded, patron=patron)
    if folded in kb.country_words and not _case_mismatch(kb, folded, text):
        code = kb.country_words[folded]
        return Actor(code, "GOV", None, "country", folded, patron=patron)
    if folded in kb.regions and _capitalised(folded, text):
        # "Transnistria", "Catalonia": the region's government, coded as the state
        region = kb.regions[folded]
        return Actor(region.state(context), "UNK" if region.kind == "people" else "GOV", None,
                     region.kind, folded, patron=patron, other_sectors=region.other_sectors,
                     alternative=region.alternative)
    for start, end, (code, sector) in _spans(words, kb.metonyms, kb.max_words):
        if end - start > 1:  # "the White House Oval Office"; one word is too weak a cue
            return Actor(code, sector, None, "metonym", " ".join(words[start:end]),
                         patron=patron)

    # 3. A nationality with a title (the office holder on that date) or an agent noun. A
    #    region's name or adjective ("Catalan", "Texas") stands for its state's.
    nationality = _nationality(kb, words, text)
    region, where = (None, None) if nationality else _region_in(kb, words, text)
    if region:
        nationality = region.state(context)
    country_words = kb.words_of.get(nationality, frozenset()) if not region else frozenset(
        where.split())
    bare = [w for w in words if not w.isdigit() and w not in kb.ignore]
    core = " ".join(w for w in bare if w not in country_words)
    spoken = " ".join(w for w in words if w not in country_words)  # keeps "of", "the"
    for phrase, office in kb.phrases.items():
        if phrase in spoken:
            spoken = core = office
    title = _title_in(kb, spoken)
    agent = _agent_in(kb, core)
    if nationality is None and (title or agent):
        # "Borno State Governor", "the University of Nairobi", "Lagos police": a place
        # before the head noun, or after its "of", gives the country (before the article's).
        nationality, where = _place_country(text, (agent or (title, ""))[0], context)
    candidates = [nationality] if nationality else context
    extra = {"other_sectors": region.other_sectors, "alternative": region.alternative} if (
        region) else {}
    if title and not _DEPUTY & set(words):  # a deputy minister is not the minister
        for code in candidates:
            # a region's office must name the region: "Texas Governor" is not any governor
            if held := kb.office_holder(code, title, day, where):
                entity, role = held
                return Actor(entity.country, role.sector, entity.name, "office", title,
                             role.title, role.start, role.end, patron, **extra)
    # a generic agent ("police", "protesters") is a state's, never the UN's or the EU's by
    # default: only its own words ("UN peacekeepers") make it international
    code = nationality or next((c for c in context if c not in _INTERNATIONAL), None)
    if agent:
        word, sector = agent
        if sector in _STATE_SECTORS and set(words) & _offices().former_words:
            sector = FORMER  # "former ministers": former officials are ELI (PLOVER)
        return Actor(code, sector, None, "agent", word, title=title, patron=patron, **extra)
    if patron and core:  # "Iranian-backed groups"
        return Actor(code, kb.patron_sector, None, "agent", core, patron=patron, **extra)
    if nationality and not region:
        return Actor(nationality, "GOV" if len(bare) == 1 else "UNK", None, "nationality",
                     folded, patron=patron)

    # 4. A surname the aliases left out because several people bear it ("Duterte"): the
    #    one in office for the article's country on that date, if exactly one is.
    if len(words) == 1 and words[0] in kb.surnames and text[:1].isupper():
        fitting = [e for e in kb.surnames[words[0]]
                   if any(r.active(day) and (r.country or e.country) in context[:2]
                          for r in e.roles)]
        heads = [e for e in fitting if any(r.active(day) and fold(r.title) in _offices().heads
                                           for r in e.roles)]
        for group in (fitting, heads):
            if len(group) == 1:
                return _entity_actor(kb, group[0], day, [], None, words[0], patron)
    return None


def _entity_actor(kb: ActorBase, entity: Entity, day: str, others: list[str],
                  nationality: str | None, matched: str, patron: str | None) -> Actor:
    sector, role = entity_sector(entity, day, others)
    if sector in ("UNK", None) and entity.kind == "person" and (
            said := _agent_in(kb, " ".join(w for w in others if w not in kb.country_words))):
        # "Iranian Deputy Foreign Minister Abbas Araghchi" before the base's roles for him,
        # "singer Shakira": the mention itself says what he or she was that day
        sector = said[1]
    if sector == FORMER and not set(others) & _offices().former_words:
        # "senior Iranian general Qassem Soleimani": an agent noun in the mention names the
        # kind of office he held, so the mention speaks of him in it (a past event).
        implied = {kb.agents.get(w) for w in others}
        held = [r for r in entity.roles if r.sector in implied]
        if held:
            sector, role = held[-1].sector, held[-1]
    code = (role.country if role and role.country and sector != FORMER else None) or (
        entity.country)
    if entity.kind == "ship class" and nationality:
        code = nationality  # "an Iranian Kilo-class submarine" is Iran's, though built in Russia
    if entity.kind == "person" and nationality and nationality != code and (
        code in _INTERNATIONAL or role is None or sector == FORMER
    ):
        code = nationality  # "Polish Prime Minister Donald Tusk", once EU president
    return Actor(code, sector, entity.name, entity.kind, matched,
                 role.title if role else None, role.start if role else None,
                 role.end if role else None, patron or entity.patron)


def _case_mismatch(kb: ActorBase, key: str, original: str) -> bool:
    """"US" is the country; "us" is a pronoun. Short all-caps aliases must be upper case."""
    return key in kb.case_sensitive and key.upper() not in original.replace(".", "")


def _ship(kb: ActorBase, original: str, context: list[str]) -> Actor | None:
    """"USS Cole", "the Argentine submarine ARA San Juan": a navy's prefix before a
    capitalised name is that navy's ship (MIL); the name runs from the prefix."""
    tokens = original.split()
    for i, token in enumerate(tokens[:-1]):
        states = kb.ship_prefixes.get(token)
        if states and tokens[i + 1][:1].isupper():
            state = next((c for c in context if c in states), states[0])
            return Actor(state, "MIL", " ".join(tokens[i:]).rstrip(".,;:"), "ship", token)
    return None


def _capitalised(key: str, original: str) -> bool:
    """A region's name or adjective is a name only when written as one: "Shan", not "shan"."""
    first = key.split()[0]
    return any(fold(token) == first and token[:1].isupper() for token in original.split())


def _region_in(kb: ActorBase, words: list[str], original: str) -> tuple[Region | None,
                                                                        str | None]:
    for start, end, region in _spans(words, kb.regions, kb.max_words):
        key = " ".join(words[start:end])
        if _capitalised(key, original) and not _case_mismatch(kb, key, original):
            return region, fold(region.name)
    return None, None


_QUALIFIER_BREAK = frozenset({"of", "in", "the", "de", "and"})
_DEPUTY = frozenset({"deputy", "vice", "assistant"})  # "deputy chief minister" is another office
_GENERIC = re.compile(r" (?:state|province|region|city)$")  # "Borno State" -> "borno"


def _place_country(original: str, head: str,
                   context: list[str]) -> tuple[str | None, str | None]:
    """The country of a place that qualifies the head noun: the capitalised words right
    before it ("Borno State Governor", "Cairo University") or after its "of"/"in"
    ("the University of Nairobi", "police in Lagos"). The person after a title is not one.
    Returns the country and, for a place below a country, its folded name (the region an
    office must name)."""
    from .places import resolve_place  # the gazetteer needs the actor base's country names

    tokens = original.replace("'s ", " ").split()
    folded = [fold(t) for t in tokens]
    first = head.split()[0] if head else ""
    if first not in folded:
        return None, None
    at = folded.index(first)
    runs: list[list[str]] = []
    before: list[str] = []
    for token in reversed(tokens[:at]):  # the capitalised run ending at the head
        if token[:1].isupper() and fold(token) not in _QUALIFIER_BREAK:
            before.insert(0, token)
        elif before or fold(token) not in {"state", "provincial", "regional", "city",
                                           "municipal", "county", "district"}:
            break
    runs.append(before)
    rest = tokens[at + len(head.split()):]
    if rest and fold(rest[0]) in ("of", "in"):
        after = []
        for token in rest[1:]:
            if not token[:1].isupper() and after:
                break
            if token[:1].isupper():
                after.append(token.strip(",;:"))
        runs.append(after)
    for run in runs:
        for n in range(len(run), 0, -1):  # the longest name first
            for i in range(len(run) - n + 1):
                name = " ".join(run[i:i + n])
                place = resolve_place(name, context)
                if place and place.country_code:
                    below = place.feature_code != "PCLI"
                    return place.country_code, _GENERIC.sub("", fold(name)) if below else None
    return None, None


def _nationality(kb: ActorBase, words: list[str], original: str) -> str | None:
    for start, end, code in _spans(words, kb.country_words, kb.max_words):
        if not _case_mismatch(kb, " ".join(words[start:end]), original):
            return code
    return None


def _strip_patron(kb: ActorBase, folded: str) -> tuple[str | None, str]:
    for pattern in kb.patron_before + kb.patron_after:
        for m in pattern.finditer(folded):
            code = kb.country_of(m.group("country"))
            if code:
                return code, (folded[: m.start()] + folded[m.end() :]).strip()
    return None, folded


def _title_in(kb: ActorBase, core: str) -> str | None:
    m = kb.title_pattern.search(core)
    return m.group() if m else None


def _agent_in(kb: ActorBase, core: str) -> tuple[str, str] | None:
    words = core.split()
    # The head of an English noun phrase is its last word: try the longest ending first.
    for n in range(min(len(words), 4), 0, -1):
        key = " ".join(words[-n:])
        if key in kb.agents:
            if n == 1 and (key in kb.of_heads or key.removesuffix("s") in kb.of_heads):
                # "militant leaders", "student leader": a group's leader is of the group's
                # sector, as "the leader of the militants" is
                for m in range(min(len(words) - 1, 3), 0, -1):
                    group = " ".join(words[-1 - m : -1])
                    if group in kb.agents:
                        return f"{group} {key}", kb.agents[group]
            return key, kb.agents[key]
    for start, end, sector in _spans(words, kb.agents, 4):
        return " ".join(words[start:end]), sector
    return None


def known_alias_count() -> dict[str, int]:
    """Sizes of the knowledge base, for reports and benchmarks."""
    kb = actor_base()
    people = {id(e) for es in kb.entities.values() for e in es if e.kind == "person"}
    orgs = {id(e) for es in kb.entities.values() for e in es if e.kind != "person"}
    return {"countries": len(kb.countries), "people": len(people), "organizations": len(orgs),
            "aliases": len(kb.entities)}


__all__ = ["Actor", "ActorBase", "actor_base", "country_names", "resolve_actor",
           "resolve_actor_in"]
