"""The article's context: its countries, most mentioned first, and its date. Computed once
per article, before any mention is resolved; every later component reads this one list."""

from __future__ import annotations

import re
from collections import Counter

from ..knowledge.actors import ActorBase
from ..knowledge.normalize import fold
from ..knowledge.places import CITY, Gazetteer
from ..model import Article
from .mentions import Context

_CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?\b")
CONTEXT_CITY_POPULATION = 100_000  # a city this large named in the text puts it in a country
_INTERNATIONAL = frozenset({"UNO", "EUR", "IGO", "NGO", "IMG", "MNC"})


def article_context(article: Article, kb: ActorBase, gaz: Gazetteer) -> Context:
    """Country words, capitals and metonyms, and the countries of large cities the article
    names ("Lagos" puts it in Nigeria), not names that are common words (docs/KNOWLEDGE.md,
    "Words that are not places"). International bodies come after the countries:
    "soldiers" are a country's, not the EU's."""
    # The lead (the standfirst, else the first paragraph) counts twice: it names the story's
    # main country.
    lead = article.lede or (article.paragraphs[0].text if article.paragraphs else "")
    body = " ".join([article.title or "", lead] + [p.text for p in article.paragraphs])
    named = kb.context_countries(body)  # most mentioned first
    counts = Counter({code: len(named) - i for i, code in enumerate(named)})
    for m in _CAPITALISED.finditer(body):
        key = fold(m.group())
        if key in kb.country_words or key in gaz.common or key in kb.entities:
            # a common word ("Nice", "Police") or an actor's name ("Hamas", a GeoNames
            # alternate name of Hamm) is no evidence of a country
            continue
        cities = [p for p in gaz.index.get(key, ()) if p.resolution == CITY
                  and p.population >= CONTEXT_CITY_POPULATION]
        if cities:
            counts[max(cities, key=lambda p: p.population).country_code] += 1
    ordered = sorted(counts, key=lambda c: (c in _INTERNATIONAL, -counts[c], c))
    return Context([c for c in ordered if c], article.published.date)
