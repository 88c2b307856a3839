"""The stage commands: clean, analyze, extract, and the lookups actor, place, evaluate."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..clean.lang import unknown_languages
from ..model import Analysis, Article
from ..pipeline import Pipeline
from ..readers import estimate_count, iter_documents
from ..settings import DEFAULT_SETTINGS, Settings
from . import app, examples, status
from .inputs import parse_date
from .render import (
    render_analysis,
    render_article,
    render_event_scores,
    render_events,
    render_record,
    render_scores,
    safe,
)


def _stderr(line: str) -> None:
    """One unwrapped line per message, so scripts and people can grep it."""
    print(safe(line.replace("\n", " "), newlines=False), file=sys.stderr, flush=True)


class Format(StrEnum):
    text = "text"
    json = "json"


def _settings(max_bytes: int, languages: str) -> Settings:
    codes = tuple(c.strip().lower() for c in languages.split(",") if c.strip())
    if not codes or (unknown := unknown_languages(codes)):
        raise typer.BadParameter(f"unknown language code(s): {', '.join(unknown) or '(none)'}",
                                 param_hint="--languages")
    return Settings(max_document_bytes=max_bytes, languages=codes)


class _Batch:
    """Every input through the pipeline; bad ones get one stderr line and are counted."""

    def __init__(self, paths: list[str], settings: Settings) -> None:
        self.paths, self.settings = paths, settings
        self.done = self.failed = 0
        self.pipeline = Pipeline(settings, on_error=self.fail, on_warning=self.warn)

    def fail(self, source: str, reason: str) -> None:
        self.failed += 1
        _stderr(f"error: {source}: {reason}")

    def warn(self, source: str, message: str) -> None:
        _stderr(f"warning: {source}: {message}")

    def articles(self) -> Iterator[Article]:
        """The cleaner alone."""
        return self.pipeline.articles(iter_documents(self.paths, self.settings, self.warn))

    def analyses(self) -> Iterator[Analysis]:
        """The whole pipeline, streamed in batches; the model is loaded first, with a status
        line, so a user knows what the first seconds are spent on."""
        status(f"loading model {self.settings.spacy_model}…")
        self.pipeline.load()
        return self.pipeline.pipe(iter_documents(self.paths, self.settings, self.warn))

    def progress(self, items: Iterator, what: str) -> Iterator:
        """``items`` with a progress bar on stderr, when stderr is a terminal and there is
        more than one input (transient: it leaves nothing behind in the output)."""
        console = Console(stderr=True)
        total = estimate_count(self.paths)
        if not console.is_terminal or total == 1:
            yield from items
            return
        with Progress(TextColumn(what), BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn(), console=console, transient=True) as bar:
            task = bar.add_task(what, total=total)
            for item in items:
                yield item
                bar.advance(task)

    def emit(self, result, format: Format, render, console: Console) -> None:
        """One result out: a JSON line, or the readable view."""
        self.done += 1
        if format is Format.json:
            sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
        else:
            render(result, console)

    def emit_all(self, results, format: Format, render, verb: str) -> None:
        """Every result out, then the summary line."""
        out = Console(highlight=False)
        for result in results:
            self.emit(result, format, render, out)
        self.finish(verb)

    def finish(self, verb: str) -> None:
        _stderr(f"{self.done} {verb}, {self.failed} failed")
        if self.failed:
            raise typer.Exit(1)


PathsArg = Annotated[list[str], typer.Argument(help="Files, folders (recursive) or - for stdin.")]
MaxBytes = Annotated[int, typer.Option(help="Largest document accepted, in bytes.")]
Languages = Annotated[str, typer.Option(help="Comma-separated ISO 639-1 codes the language "
                                        "detector may answer with.")]
DEFAULT_LANGUAGES = ",".join(DEFAULT_SETTINGS.languages)


def _format(what: str):
    return Annotated[Format, typer.Option("--format", "-f", help="text: readable view; "
                                          f"json: one {what} object per line.")]


@app.command(epilog=examples(
    "newsevents clean samples/text/port-blockade.txt",
    "newsevents clean samples --format json > articles.jsonl",
    "cat page.html | newsevents clean - --format json"))
def clean(paths: PathsArg, format: _format("Article") = Format.text,
          max_bytes: MaxBytes = DEFAULT_SETTINGS.max_document_bytes,
          languages: Languages = DEFAULT_LANGUAGES) -> None:
    """Clean raw news pages into Articles: title, lede, paragraphs, captions, related items,
    what was removed and why, and every repair."""
    batch = _Batch(paths, _settings(max_bytes, languages))
    batch.emit_all(batch.articles(), format, render_article, "cleaned")


@app.command(epilog=examples(
    "newsevents analyze samples/text/port-blockade.txt",
    "newsevents analyze samples --format json > analyses.jsonl"))
def analyze(paths: PathsArg, format: _format("Analysis") = Format.text,
            max_bytes: MaxBytes = DEFAULT_SETTINGS.max_document_bytes,
            languages: Languages = DEFAULT_LANGUAGES) -> None:
    """Clean, then find actors, places, times, quantities, quotes and coreference, each
    resolved offline (PLOVER actor codes, GeoNames-style places, normalised dates)."""
    batch = _Batch(paths, _settings(max_bytes, languages))
    batch.emit_all(batch.analyses(), format, render_analysis, "analyzed")


class EventFormat(StrEnum):
    text = "text"
    json = "json"
    plover = "plover"
    csv = "csv"


@app.command(epilog=examples(
    "newsevents extract samples/text/militia-clashes.txt --evidence",
    "newsevents extract samples --format plover > events.jsonl",
    "newsevents extract samples --format csv > events.csv",
    "newsevents extract samples --candidates"))
def extract(
    paths: PathsArg,
    format: Annotated[EventFormat, typer.Option(
        "--format", "-f", help="text: readable report; json: the Analysis with its events "
        "and candidates; plover: one PLOVER record per event; csv: one row per event."
    )] = EventFormat.text,
    candidates: Annotated[bool, typer.Option(
        "--candidates", metavar="", help="Also show the candidates: records short of an event (no "
        "resolved party, nor a place with a count). text: listed after the events; plover, "
        "csv: after the events, every record with a 'candidate' field (the reason, empty for "
        "an event); json has them always, under 'candidates'.")] = False,
    evidence: Annotated[bool, typer.Option(
        "--evidence", metavar="", help="text: each event's sentence under it, its trigger in "
        "bold.")] = False,
    max_bytes: MaxBytes = DEFAULT_SETTINGS.max_document_bytes,
    languages: Languages = DEFAULT_LANGUAGES,
) -> None:
    """Code the events each article reports, in PLOVER: who did what to whom, where, when,
    how many and on whose word, with the words that support every field. Events are coded
    in English only: an article in another language gets a warning line."""
    from ..export import EventWriter, analysis_events

    batch = _Batch(paths, _settings(max_bytes, languages))
    out = Console(highlight=False)
    writer = None if format in (EventFormat.text, EventFormat.json) else EventWriter(
        format.value, sys.stdout.buffer, candidates=candidates)

    def render(analysis: Analysis, console: Console) -> None:
        render_events(analysis, console, candidates, evidence)

    for analysis in batch.progress(batch.analyses(), "extract"):
        language = analysis.article.language
        if language and language != "en":
            batch.warn(analysis.article.source, f"language {language}: events are coded in "
                       "English only")
        if writer is None:
            batch.emit(analysis, Format(format.value), render, out)
        else:
            batch.done += 1
            writer.write(analysis_events(analysis, candidates))
    if writer is not None:
        writer.close()
    batch.finish("extracted")


@app.command(epilog=examples(
    'newsevents actor "Armenian Prime Minister Nikol Pashinyan" --date 2022-05-10',
    'newsevents actor "the prime minister" --context Iraq --date 2021-07-26 --json'))
def actor(
    text: Annotated[str, typer.Argument(help='A mention, e.g. "Armenian Prime Minister Nikol '
                                        'Pashinyan" or "pro-Iranian armed groups".')],
    date: Annotated[str | None, typer.Option(
        help="Date of the mention (YYYY-MM-DD; YYYY-MM and YYYY mean their first day): roles "
             "in force then. Default: each person's last role.")] = None,
    context: Annotated[str, typer.Option(help="Text or ISO codes about the article.")] = "",
    as_json: Annotated[bool, typer.Option("--json", metavar="", help="Print JSON.")] = False,
) -> None:
    """Resolve an actor mention to a PLOVER code, sector and canonical name."""
    from ..knowledge.actors import resolve_actor

    day = parse_date(date, "--date") if date is not None else None
    found = resolve_actor(text, context, day)
    if found is None:
        _stderr(f"error: {text!r}: not a known actor")
        raise typer.Exit(1)
    _print_record(found.to_dict(), as_json)


@app.command(epilog=examples(
    'newsevents place "Ain al-Assad air base" --context IRQ',
    'newsevents place Kiev --json'))
def place(
    text: Annotated[str, typer.Argument(help='A place mention, e.g. "Ain al-Assad air base".')],
    context: Annotated[list[str] | None, typer.Option(help="ISO alpha-3 code of a country the "
                                                      "article is about (repeatable).")] = None,
    as_json: Annotated[bool, typer.Option("--json", metavar="", help="Print JSON.")] = False,
) -> None:
    """Resolve a place mention with the offline gazetteer."""
    from ..knowledge.places import resolve_place

    found = resolve_place(text, [c.upper() for c in context or []])
    if found is None:
        _stderr(f"error: {text!r}: not a known place")
        raise typer.Exit(1)
    _print_record(found.to_dict(), as_json)


class GoldKind(StrEnum):
    actors = "actors"
    places = "places"
    events = "events"
    stories = "stories"
    labelled = "labelled"
    clean = "clean"


# What every line of each kind of gold file has (tests/gold/README.md), and the type of each:
# a file of another kind is refused before scoring, not met with a TypeError halfway.
_GOLD_KEYS: dict[GoldKind, dict[str, type | tuple[type, ...]]] = {
    GoldKind.actors: {"text": str, "code": (str, type(None)), "context": str},
    GoldKind.places: {"text": str, "lat": (int, float), "lon": (int, float),
                      "country_code": str},
    GoldKind.events: {"text": str, "events": list},
    GoldKind.stories: {"row": int, "events": list},
}


def _check_gold(kind: GoldKind, path: Path) -> None:
    """Exit 2 with one line unless every line of ``path`` is a gold case of ``kind``."""
    keys = _GOLD_KEYS[kind]
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        _stderr(f"error: {path}: cannot read ({getattr(exc, 'strerror', None) or exc})")
        raise typer.Exit(2) from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            case = json.loads(line)
        except ValueError:
            case = None
        wrong = [k for k, t in keys.items() if not isinstance(case, dict)
                 or (k != "context" and k not in case)
                 or (k in case and not isinstance(case[k], t))]
        if wrong:
            article = "an" if kind.value[0] in "aeiou" else "a"
            _stderr(f"error: {path}: line {number}: not {article} {kind.value} gold file "
                    f"(each line has {', '.join(keys)}; {', '.join(wrong)} missing or of "
                    "another type)")
            raise typer.Exit(2)


@app.command(epilog=examples(
    "newsevents evaluate actors tests/gold/actors.jsonl",
    "newsevents evaluate places tests/gold/places.jsonl",
    "newsevents evaluate events tests/gold/events.jsonl --split dev",
    "newsevents evaluate stories 'tests/gold/stories_part*.jsonl' --stories-csv "
    "synthetic_events.csv",
    "newsevents evaluate labelled --limit 100 --stories-csv synthetic_events.csv",
    "newsevents evaluate clean tests/clean/corpus"))
def evaluate(
    kind: Annotated[GoldKind, typer.Argument(
        help="What to score: a gold file of actors, places, events or annotated stories, "
             "NGEC's labelled stories (labelled: no gold file), or the clean "
             "stage on a folder of NAME.html pages with their NAME.body.txt (clean).")],
    gold: Annotated[list[str] | None, typer.Argument(
        help="Gold JSONL file; stories takes several, or a glob such as "
             "'tests/gold/stories_part*.jsonl'.", show_default=False)] = None,
    split: Annotated[str | None, typer.Option(
        help="events, stories: train, dev or test (default: all); labelled: dev, test or "
             "heldout (dev + test, the default). A story's split is row % 3.")] = None,
    limit: Annotated[int | None, typer.Option(
        min=1, help="labelled: only the first N stories of the split.")] = None,
    stories_csv: Annotated[Path | None, typer.Option(
        help="NGEC's synthetic stories, synthetic_events.csv (stories and labelled read "
             "the story text from it).", dir_okay=False)] = None,
    show_misses: Annotated[int, typer.Option(help="How many misses to list.")] = 20,
) -> None:
    """Score the coder against gold: accuracy of actors and places; precision, recall and F1
    of events per field and per exact record, with the calibration of their confidence; the
    labelled category's recall on the labelled stories (docs/EVALUATION.md)."""
    import glob

    from rich.table import Table
    from rich.text import Text

    from .. import evaluate as ev

    if kind is GoldKind.clean:
        _evaluate_clean(gold or [])
        return
    files: list[Path] = []
    for name in gold or []:
        found = sorted(glob.glob(name)) if glob.has_magic(name) else [name]
        if not found:
            _stderr(f"error: {name}: no file matches")
            raise typer.Exit(2)
        files += [Path(f) for f in found]
    for path in files:
        if not path.is_file():
            _stderr(f"error: {path}: no such file")
            raise typer.Exit(2)
    if kind is GoldKind.labelled and files:
        raise typer.BadParameter("labelled takes no gold file", param_hint="GOLD")
    if kind is not GoldKind.labelled and not files:
        raise typer.BadParameter(f"{kind.value} needs a gold file", param_hint="GOLD")
    if kind in (GoldKind.actors, GoldKind.places, GoldKind.events) and len(files) > 1:
        raise typer.BadParameter(f"{kind.value} takes one gold file", param_hint="GOLD")
    allowed = {GoldKind.stories: ev.SPLITS, GoldKind.events: ev.SPLITS,
               GoldKind.labelled: tuple(ev.LABELLED_SPLITS)}
    if split is not None and split not in allowed.get(kind, ()):
        raise typer.BadParameter(
            f"{kind.value}: {', '.join(allowed[kind])}" if kind in allowed
            else f"{kind.value} has no splits", param_hint="--split")
    for path in files:
        _check_gold(kind, path)
    if kind in (GoldKind.stories, GoldKind.labelled) and stories_csv is None:
        raise typer.BadParameter(f"{kind.value} reads the story text from NGEC's "
                                 "synthetic_events.csv: name it", param_hint="--stories-csv")
    console = Console(highlight=False)

    def table(title: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
        out = Table(title=Text(safe(title, newlines=False)))
        for i, column in enumerate(columns):
            out.add_column(column, justify="left" if i == 0 else "right")
        for row in rows:
            out.add_row(*(f"{c:.3f}" if isinstance(c, float) else "-" if c is None else str(c)
                          for c in row))
        console.print(out)

    def misses(lines: list[str]) -> None:
        for miss in lines[:show_misses]:
            console.print(Text(safe(f"miss: {miss}", newlines=False)))

    try:
        if kind is GoldKind.labelled:
            labelled = ev.evaluate_labelled(split or "heldout", limit, stories_csv)
        elif kind is GoldKind.stories:
            score = ev.evaluate_stories(files, split, stories_csv)
        elif kind is GoldKind.events:
            score = ev.evaluate_events(files[0], split)
    except ev.MissingStories as exc:
        _stderr(f"error: {exc}")
        raise typer.Exit(2) from None
    if kind is GoldKind.labelled:
        rows = [(label, labelled.total[label], labelled.found[label], labelled.recall(label))
                for label in sorted(labelled.total)]
        rows.append(("all", labelled.stories, sum(labelled.found.values()), labelled.recall()))
        table(f"labelled stories: {labelled.split}" + (f", {limit} spread" if limit else ""),
              ("category", "stories", "found", "recall"), rows)
        console.print(f"recall: the story's label is among its coded events in "
                      f"{labelled.recall():.3f} of {labelled.stories} stories "
                      f"({labelled.no_events} with no event at all)")
        misses(labelled.misses)
        return
    if kind in (GoldKind.actors, GoldKind.places):
        found = (ev.evaluate_actors if kind is GoldKind.actors else ev.evaluate_places)(files[0])
        render_scores(kind.value, files[0], found, show_misses)
        return
    fields = ev.STORY_FIELDS if kind is GoldKind.stories else ev.EVENT_FIELDS
    name = " + ".join(str(f) for f in files) + (f", {split}" if split else "")
    render_event_scores(name, score, (*fields, ev.EXACT), 0)
    table(f"calibration: {len(score.scored)} predicted events (correct: category matched)",
          ("confidence", "events", "mean confidence", "precision"),
          [(f"{b.low:.1f}-{b.high:.1f}", b.count, b.confidence, b.precision)
           for b in score.reliability()])
    console.print(f"expected calibration error (ECE): {score.ece():.3f}")
    table("category at an output threshold (confidence >= t)",
          ("threshold", "events", "precision", "recall", "F1"),
          [(f"{t:.1f}", sum(c >= t - 1e-9 for c, _ in score.scored), *score.at_threshold(t))
           for t in ev.THRESHOLDS])
    for warning in score.warnings:
        _stderr(f"warning: {warning}")
    misses(score.misses)


def _evaluate_clean(folders: list[str]) -> None:
    """Body shingles of the clean stage beside bare trafilatura, page by page and in all
    (docs/EVALUATION.md, "Clean stage")."""
    from rich.table import Table
    from rich.text import Text

    from ..evaluate_clean import evaluate_clean

    if len(folders) != 1 or not Path(folders[0]).is_dir():
        _stderr("error: clean takes one folder of NAME.html pages with NAME.body.txt")
        raise typer.Exit(2)
    score = evaluate_clean(Path(folders[0]))
    if not score.pages:
        _stderr(f"error: {folders[0]}: no NAME.html with a NAME.body.txt")
        raise typer.Exit(2)
    out = Table(title=Text(safe(f"clean: {folders[0]}, 4-word shingles", newlines=False)))
    for column in ("page", "recall", "precision", "F1", "bare R", "bare P", "bare F1"):
        out.add_column(column, justify="left" if column == "page" else "right", overflow="fold")
    rows = [(p.page + (" (failed)" if p.error else ""), p.ours, p.bare) for p in score.pages]
    rows.append(("all (micro)", score.total("ours"), score.total("bare")))
    for name, ours, bare in rows:
        out.add_row(safe(name, newlines=False), *(f"{v:.3f}" for v in (
            ours.recall, ours.precision, ours.f1, bare.recall, bare.precision, bare.f1)))
    Console(highlight=False).print(out)
    for page in score.pages:
        if page.error:
            _stderr(f"warning: {page.page}: {page.error}")


def _print_record(record: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(record, ensure_ascii=False))
    else:
        render_record(record)
