"""Article -> Analysis, batch-first: the English blocks of many articles go through one
``nlp.pipe`` stream; everything else is rules and lookups over read-only knowledge."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..knowledge.actors import actor_base, resolve_actor_in
from ..knowledge.normalize import fold
from ..knowledge.places import CITY, gazetteer
from ..model import Analysis, Article, Mention
from ..nlp import load_nlp
from ..settings import DEFAULT_SETTINGS, Settings
from .coref import pronoun_links, title_links
from .events import code_block, finish_events
from .mentions import Context, dictionary_mentions, english_mentions
from .quantities import find_quantities
from .quotes import find_quotes
from .times import find_times

# Components the analysis never reads: skipping them is free speed.
UNUSED_COMPONENTS: tuple[str, ...] = ()


@dataclass(slots=True)
class _Block:
    start: int
    end: int
    english: bool
    caption: bool = False


def _blocks(article: Article) -> list[_Block]:
    spans = []
    if article.title_span:
        spans.append((*article.title_span, article.language))
    if article.lede_span:
        lede_language = next((p.language for p in article.paragraphs
                              if p.text == article.lede), article.language)
        spans.append((*article.lede_span, lede_language))
    spans += [(p.start, p.end, p.language) for p in article.paragraphs + article.headings]
    spans += [(c.start, c.end, c.language) for c in article.captions if c.end > c.start]
    spans.sort()
    captions = {c.start for c in article.captions}
    return [_Block(s, e, (lang or article.language) == "en", s in captions)
            for s, e, lang in spans]


_CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?\b")
CONTEXT_CITY_POPULATION = 100_000  # a city this large named in the text puts it in a country
_INTERNATIONAL = frozenset({"UNO", "EUR", "IGO", "NGO", "IMG", "MNC"})


def _context(article: Article) -> Context:
    """The article's countries, most mentioned first: country words, capitals and metonyms,
    and the countries of large cities it names ("Lagos" puts it in Nigeria). International
    bodies come after the countries: "soldiers" are a country's, not the EU's."""
    kb = actor_base()
    gaz = gazetteer()
    body = " ".join([article.title or "", article.lede or ""]
                    + [p.text for p in article.paragraphs])
    named = kb.context_countries(body)  # most mentioned first
    counts = Counter({code: len(named) - i for i, code in enumerate(named)})
    for m in _CAPITALISED.finditer(body):
        key = fold(m.group())
        if key in kb.country_words:
            continue
        cities = [p for p in gaz.index.get(key, ()) if p.resolution == CITY
                  and p.population >= CONTEXT_CITY_POPULATION]
        if cities:
            counts[max(cities, key=lambda p: p.population).country_code] += 1
    ordered = sorted(counts, key=lambda c: (c in _INTERNATIONAL, -counts[c], c))
    return Context([c for c in ordered if c], article.published.date)


def analyze_articles(articles: Iterable[Article],
                     settings: Settings = DEFAULT_SETTINGS) -> Iterator[Analysis]:
    """Analyses of ``articles``, in order. spaCy runs once over all their English blocks."""
    nlp = load_nlp(settings.spacy_model)
    articles = list(articles)
    plans = [_blocks(a) for a in articles]
    stream = ((a.text[b.start : b.end], (i, j)) for i, (a, blocks) in
              enumerate(zip(articles, plans, strict=True)) for j, b in enumerate(blocks)
              if b.english)
    docs: dict[tuple[int, int], object] = {}
    for doc, key in nlp.pipe(stream, as_tuples=True, batch_size=settings.nlp_batch_size):
        docs[key] = doc
    for i, (article, blocks) in enumerate(zip(articles, plans, strict=True)):
        yield _analyze(article, blocks, {j: d for (a, j), d in docs.items() if a == i})


def _analyze(article: Article, blocks: list[_Block], docs: dict) -> Analysis:
    kb = actor_base()
    ctx = _context(article)
    analysis = Analysis(article)
    analysis.times = find_times(article.text, article.published.date)
    pronoun_mentions: list[Mention] = []
    drafts: list = []
    subjects: set[int] = set()
    for j, block in enumerate(blocks):
        doc = docs.get(j)
        if doc is None:
            analysis.sentences.append((block.start, block.end))
            analysis.entities += dictionary_mentions(article.text[block.start : block.end],
                                                     block.start, ctx)
            continue
        analysis.sentences += [(block.start + s.start_char, block.start + s.end_char)
                               for s in doc.sents]
        subjects.update(block.start + t.idx for t in doc if t.dep_ in ("nsubj", "nsubjpass"))
        mentions = english_mentions(doc, block.start, ctx)
        analysis.entities += mentions
        for link, mention in pronoun_links(doc, block.start, analysis.entities, subjects):
            analysis.coref.append(link)
            pronoun_mentions.append(mention)
        analysis.quantities += find_quantities(doc, block.start)

        def resolve(text: str):
            return resolve_actor_in(kb, text, ctx.countries, ctx.day)

        known = sorted(mentions + pronoun_mentions, key=lambda m: m.start)
        analysis.quotes += find_quotes(doc, block.start, known, resolve)
        drafts += code_block(doc, block.start, analysis, known, block.caption)
    analysis.coref += title_links(analysis.entities)
    analysis.events = finish_events(drafts, analysis)
    analysis.coref.sort(key=lambda link: link.start)
    return analysis


def analyze(article: Article, settings: Settings = DEFAULT_SETTINGS) -> Analysis:
    return next(analyze_articles([article], settings))
