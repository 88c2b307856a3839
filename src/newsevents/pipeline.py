"""The pipeline: one object holding the settings, the knowledge and the spaCy model, and the
named components every document goes through, each declaring what it reads and writes.

    cleaner → parser → context → mentions → coreference → times → quantities → quotes → events

``pipe(items)`` streams and batches (spaCy parses a whole batch's English blocks in one
``nlp.pipe``); ``extract(one)`` is ``pipe([one])``. A document that fails anywhere is handed
to the error handler with its input name and the reason, and the batch goes on.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice

from spacy.tokens import Doc

from .analysis.context import article_context
from .analysis.coref import Antecedents, pronoun_links, quote_speakers, title_links
from .analysis.events import code_events
from .analysis.mentions import Context, dictionary_mentions, english_mentions
from .analysis.quantities import find_quantities
from .analysis.quotes import find_quotes
from .analysis.spans import SpanIndex
from .analysis.times import find_times
from .clean import clean_document
from .errors import InputError
from .knowledge.actors import actor_base, resolve_actor_in
from .knowledge.places import gazetteer
from .model import Analysis, Article, Document, Mention
from .nlp import load_nlp
from .readers import Failure
from .settings import DEFAULT_SETTINGS, Settings

log = logging.getLogger("newsevents")

Item = str | bytes | Document | Article | Failure
ErrorHandler = Callable[[str, str], None]  # (input name, reason)


@dataclass(slots=True)
class Block:
    """One block of Article.text (title, lede, paragraph, heading or caption) and its parse."""

    start: int
    end: int
    english: bool
    caption: bool = False
    doc: Doc | None = None  # the spaCy parse, for English blocks


@dataclass(slots=True)
class Work:
    """What the components of one document read and write."""

    source: str
    article: Article
    analysis: Analysis
    blocks: list[Block] = field(default_factory=list)
    context: Context | None = None
    pronouns: list[Mention] = field(default_factory=list)  # pronouns standing for an actor
    failed: bool = False


@dataclass(frozen=True, slots=True)
class Component:
    name: str
    reads: tuple[str, ...]
    writes: tuple[str, ...]
    run: Callable[[Work], None] | None  # None: done for the whole batch (cleaner, parser)


# Where a window of a long block may end: after sentence-final punctuation (and closing
# quotes or brackets) and the spaces after it, or at a line break. Linear: no nesting.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+|\n\s*")
_SPACES = re.compile(r"\s*")


def windows(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    """``text[start:end]`` cut into windows of whole sentences of at most ``limit``
    characters; a sentence longer than that is cut at its last space within the limit, else
    anywhere. The windows are in order, and the spaces between two belong to neither."""
    if end - start <= limit:
        return [(start, end)]
    # (end of a window's text, start of the next window)
    cuts = [(m.start() + len(m.group().rstrip()), m.end())
            for m in _SENTENCE_END.finditer(text, start, end)]
    out: list[tuple[int, int]] = []
    i, here = 0, start
    while end - here > limit:
        best = None
        while i < len(cuts) and cuts[i][0] <= here + limit:
            if cuts[i][0] > here:
                best = cuts[i]
            i += 1
        if best is None:  # one sentence longer than the limit
            space = text.rfind(" ", here + 1, here + limit)
            at = space if space > here else here + limit
            best = (at, _SPACES.match(text, at, end).end())
        out.append((here, best[0]))
        here = best[1]
    if here < end:
        out.append((here, end))
    return out


def article_blocks(article: Article,
                   max_chars: int = DEFAULT_SETTINGS.max_block_chars) -> list[Block]:
    """The article's blocks in text order; captions flagged; English ones marked for spaCy.
    A block longer than ``max_chars`` comes as several, windows of whole sentences (each
    with its own offset, the caption flag kept), so one huge paragraph costs what its
    windows cost."""
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
    return [Block(a, b, (lang or article.language) == "en", s in captions)
            for s, e, lang in spans for a, b in windows(article.text, s, e, max_chars)]


def as_document(data: str | bytes, source: str, url: str | None = None,
                content_type: str | None = None) -> Document:
    """A page given as text or bytes. Text is already decoded: whatever charset the page
    declares no longer applies."""
    if isinstance(data, str):
        mime = (content_type or "").split(";")[0].strip()
        content_type = f"{mime}; charset=utf-8"
        # Lone surrogates (a truncated emoji from JSON "\\ud83d") pass through as such; the
        # decoder replaces them with U+FFFD and says so in a warning.
        data = data.encode("utf-8", "surrogatepass")
    return Document(data, source, url=url, content_type=content_type)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, InputError):
        return str(exc)
    if isinstance(exc, RecursionError):
        return "structure too deep to parse"
    return f"internal error ({exc.__class__.__name__}: {exc})"


class Pipeline:
    """``Pipeline(settings).pipe(items)`` yields one Analysis (with its ``events``) per good
    item, in order; items are raw pages (str/bytes), Documents, Articles or reader Failures.
    The spaCy model and the knowledge load once per process, on first use."""

    def __init__(self, settings: Settings = DEFAULT_SETTINGS,
                 on_error: ErrorHandler | None = None,
                 on_warning: ErrorHandler | None = None) -> None:
        self.settings = settings
        self.on_error = on_error or self._log_failure
        self.on_warning = on_warning or (lambda source, msg: log.warning("%s: %s", source, msg))
        self.failures: list[Failure] = []  # filled by the default error handler
        self.components: tuple[Component, ...] = (
            Component("cleaner", ("document",), ("article",), None),
            Component("parser", ("article",), ("blocks",), None),
            Component("context", ("article",), ("context",), self._context),
            Component("mentions", ("blocks", "context"), ("sentences", "entities"),
                      self._mentions),
            Component("coreference", ("blocks", "entities"), ("coref", "pronouns"),
                      self._coreference),
            Component("times", ("article",), ("times",), self._times),
            Component("quantities", ("blocks",), ("quantities",), self._quantities),
            Component("quotes", ("blocks", "entities", "pronouns", "context", "coref"),
                      ("quotes", "coref"), self._quotes),
            Component("events", ("blocks", "entities", "pronouns", "context", "times",
                                 "quantities", "quotes"), ("events", "candidates"),
                      self._events),
        )
        check_order(self.components)

    # -- resources, loaded once per process ------------------------------------------------

    @property
    def nlp(self):
        return load_nlp(self.settings.spacy_model)

    @property
    def actors(self):
        return actor_base()

    @property
    def places(self):
        return gazetteer()

    def load(self) -> Pipeline:
        """Load the model and the knowledge now rather than on the first document."""
        self.nlp, self.actors, self.places  # noqa: B018 - the properties load and cache
        return self

    # -- streaming -------------------------------------------------------------------------

    def _log_failure(self, source: str, reason: str) -> None:
        self.failures.append(Failure(source, reason))
        log.error("%s: %s", source, reason)

    def articles(self, items: Iterable[Item],
                 on_error: ErrorHandler | None = None) -> Iterator[Article]:
        """The cleaner alone: each item as an Article; bad ones go to the error handler."""
        on_error = on_error or self.on_error
        for item in items:
            if isinstance(item, Article):
                yield item
                continue
            if isinstance(item, Failure):
                on_error(item.source, item.reason)
                continue
            # A raw page is named "<data>", as newsevents.clean names it: same page, same id.
            doc = item if isinstance(item, Document) else as_document(item, "<data>")
            try:
                article = clean_document(doc, self.settings)
            except Exception as exc:  # a bad page or a bug: this document only
                on_error(doc.source, _reason(exc))
                continue
            for warning in article.warnings:
                self.on_warning(doc.source, warning)
            yield article

    def pipe(self, items: Iterable[Item], batch_size: int | None = None,
             on_error: ErrorHandler | None = None) -> Iterator[Analysis]:
        """Analyses of the good items, in order; each bad one goes to ``on_error`` (default:
        the pipeline's handler) with its input name and the reason."""
        on_error = on_error or self.on_error
        size = batch_size or self.settings.nlp_batch_size
        articles = self.articles(items, on_error)
        while chunk := list(islice(articles, size)):
            yield from self._analyze_batch(chunk, on_error)

    def extract(self, item: Item) -> Analysis:
        """One item through the whole pipeline (``pipe([item])``); a failure raises
        InputError with the reason."""
        errors: list[str] = []
        found = list(self.pipe([item], on_error=lambda source, reason: errors.append(reason)))
        if not found:
            raise InputError(errors[0] if errors else "no article")
        return found[0]

    # -- the batch -------------------------------------------------------------------------

    def _analyze_batch(self, articles: list[Article],
                       on_error: ErrorHandler) -> Iterator[Analysis]:
        cap = self.settings.max_block_chars
        works = [Work(a.source, a, Analysis(a), article_blocks(a, cap)) for a in articles]
        try:
            self._parse(works)
        except Exception:  # find the document that breaks the parser; parse the rest alone
            for work in works:
                try:
                    self._parse([work])
                except Exception as exc:
                    on_error(work.source, _reason(exc))
                    work.failed = True
        for work in works:
            if work.failed:
                continue  # its parse failed and was reported
            try:
                for component in self.components:
                    if component.run is not None:
                        component.run(work)
            except Exception as exc:  # a bug must not cost the rest of the batch; say it
                on_error(work.source, _reason(exc))
                continue
            yield work.analysis

    def _parse(self, works: list[Work]) -> None:
        """One nlp.pipe stream over the English blocks of every document in the batch."""
        texts = ((w.article.text[b.start : b.end], b) for w in works for b in w.blocks
                 if b.english)
        for doc, block in self.nlp.pipe(texts, as_tuples=True,
                                        batch_size=self.settings.nlp_batch_size):
            # The tok2vec tensor (96 floats a token) is read by no rule: kept, it is most of
            # a big document's memory.
            doc.tensor = doc.tensor[:0].copy()
            block.doc = doc

    # -- the per-document components -------------------------------------------------------

    def _context(self, work: Work) -> None:
        work.context = article_context(work.article, self.actors, self.places)

    def _mentions(self, work: Work) -> None:
        analysis, text = work.analysis, work.article.text
        for block in work.blocks:
            if block.doc is None:
                analysis.sentences.append((block.start, block.end))
                analysis.entities += dictionary_mentions(text[block.start : block.end],
                                                         block.start, work.context)
                continue
            analysis.sentences += [(block.start + s.start_char, block.start + s.end_char)
                                   for s in block.doc.sents]
            analysis.entities += english_mentions(block.doc, block.start, work.context)

    def _coreference(self, work: Work) -> None:
        analysis = work.analysis
        # A pronoun looks back only: the subjects of all blocks and the article's antecedents
        # are gathered once (the later blocks' words never lie inside an earlier mention).
        subjects = {block.start + t.idx for block in work.blocks if block.doc is not None
                    for t in block.doc if t.dep_ in ("nsubj", "nsubjpass")}
        known = Antecedents(analysis.entities, subjects)
        for block in work.blocks:
            if block.doc is None:
                continue
            for link, mention in pronoun_links(block.doc, block.start, known, subjects):
                analysis.coref.append(link)
                work.pronouns.append(mention)
        analysis.coref += title_links(analysis.entities)
        analysis.coref.sort(key=lambda link: link.start)

    def _times(self, work: Work) -> None:
        work.analysis.times = find_times(work.article.text, work.article.published.date)

    def _quantities(self, work: Work) -> None:
        for block in work.blocks:
            if block.doc is not None:
                work.analysis.quantities += find_quantities(block.doc, block.start)

    def _quotes(self, work: Work) -> None:
        ctx = work.context
        kb = self.actors

        def resolve(text: str):
            return resolve_actor_in(kb, text, ctx.countries, ctx.day)

        # A block's rules use its own mentions and pronouns: nothing before the block can lie
        # inside or across one of its phrases.
        index = SpanIndex(work.analysis.entities + work.pronouns)
        for block in work.blocks:
            if block.doc is not None:
                mentions = index.window(block.start, block.end)
                quotes = find_quotes(block.doc, block.start, mentions, resolve)
                work.analysis.quotes += quotes
                # "we", "our troops" inside a quote stand for its speaker: kept as coreference
                # links too, so the article view shows whom they stand for
                links, _ = quote_speakers(block.doc, block.start, quotes, mentions)
                work.analysis.coref += links
        work.analysis.coref.sort(key=lambda link: link.start)

    def _events(self, work: Work) -> None:
        mentions = sorted(work.analysis.entities + work.pronouns, key=lambda m: m.start)
        parsed = [(b.doc, b.start, b.caption) for b in work.blocks if b.doc is not None]
        # Records short of an event (no resolved party, nor a place with a count) are kept
        # apart: the JSON output shows them, the default output, ingest and exports do not.
        work.analysis.events, work.analysis.candidates = code_events(
            parsed, work.analysis, mentions, work.context.countries)


def check_order(components: Sequence[Component]) -> None:
    """Every component reads only what the input or an earlier component wrote."""
    written = {"document"}
    for component in components:
        missing = set(component.reads) - written
        if missing:
            raise ValueError(f"component {component.name!r} reads {sorted(missing)} before "
                             "any component writes it")
        written.update(component.writes)
