"""The command line: ``newsevents clean PATH...`` (later stages add their commands here)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from enum import StrEnum
from itertools import islice
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .clean import clean_document
from .clean.lang import unknown_languages
from .errors import InputError
from .model import Article
from .readers import Failure, iter_documents
from .report import render_analysis, render_article, render_events
from .settings import DEFAULT_SETTINGS, Settings

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Read news the way an analyst does and write down what happened.")


@app.callback()
def main() -> None:
    """newsevents: raw news in; clean articles (and, later, events) out."""


def _stderr(line: str) -> None:
    """One unwrapped line per message, so scripts and people can grep it."""
    print(line.replace("\n", " "), file=sys.stderr, flush=True)


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
    """Reads and cleans every input; bad ones get one stderr line and are counted."""

    def __init__(self, paths: list[str], settings: Settings) -> None:
        self.paths, self.settings = paths, settings
        self.done = self.failed = 0

    def fail(self, source: str, reason: str) -> None:
        self.failed += 1
        _stderr(f"error: {source}: {reason}")

    def articles(self) -> Iterator[Article]:
        for item in iter_documents(self.paths, self.settings):
            if isinstance(item, Failure):
                self.fail(item.source, item.reason)
                continue
            try:
                article = clean_document(item, self.settings)
            except InputError as exc:
                self.fail(item.source, str(exc))
                continue
            except RecursionError:
                self.fail(item.source, "structure too deep to parse")
                continue
            except Exception as exc:  # a bug must not cost the rest of the batch; say it
                self.fail(item.source, f"internal error ({exc.__class__.__name__}: {exc})")
                continue
            for warning in article.warnings:
                _stderr(f"warning: {item.source}: {warning}")
            yield article

    def emit(self, result, format: Format, render, console: Console) -> None:
        """One result out: a JSON line, or the readable view."""
        self.done += 1
        if format is Format.json:
            sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
        else:
            render(result, console)

    def finish(self, verb: str) -> None:
        _stderr(f"{self.done} {verb}, {self.failed} failed")
        if self.failed:
            raise typer.Exit(1)


PathsArg = Annotated[list[str], typer.Argument(help="Files, folders (recursive) or - for stdin.")]
MaxBytes = Annotated[int, typer.Option(help="Largest document accepted, in bytes.")]
Languages = Annotated[str, typer.Option(help="Comma-separated ISO 639-1 codes the language "
                                        "detector may answer with.")]
DEFAULT_LANGUAGES = ",".join(DEFAULT_SETTINGS.languages)


@app.command()
def clean(
    paths: PathsArg,
    format: Annotated[Format, typer.Option("--format", "-f", help="text: readable view; "
                                           "json: one Article object per line.")] = Format.text,
    max_bytes: MaxBytes = DEFAULT_SETTINGS.max_document_bytes,
    languages: Languages = DEFAULT_LANGUAGES,
) -> None:
    """Clean raw news pages into Articles: title, lede, paragraphs, captions, related items,
    what was removed and why, and every repair."""
    batch = _Batch(paths, _settings(max_bytes, languages))
    out = Console(highlight=False)
    for article in batch.articles():
        batch.emit(article, format, render_article, out)
    batch.finish("cleaned")


@app.command()
def analyze(
    paths: PathsArg,
    format: Annotated[Format, typer.Option("--format", "-f", help="text: readable view; "
                                           "json: one Analysis object per line.")] = Format.text,
    max_bytes: MaxBytes = DEFAULT_SETTINGS.max_document_bytes,
    languages: Languages = DEFAULT_LANGUAGES,
) -> None:
    """Clean, then find actors, places, times, quantities, quotes and coreference, each
    resolved offline (PLOVER actor codes, GeoNames-style places, normalised dates)."""
    from .analysis.batch import analyze_articles

    settings = _settings(max_bytes, languages)
    batch = _Batch(paths, settings)
    out = Console(highlight=False)
    articles = batch.articles()
    while chunk := list(islice(articles, settings.nlp_batch_size)):
        for analysis in analyze_articles(chunk, settings):
            batch.emit(analysis, format, render_analysis, out)
    batch.finish("analyzed")


class EventFormat(StrEnum):
    text = "text"
    json = "json"
    plover = "plover"
    csv = "csv"


@app.command()
def extract(
    paths: PathsArg,
    format: Annotated[EventFormat, typer.Option(
        "--format", "-f", help="text: readable report; json: the Analysis with its events; "
        "plover: one PLOVER record per event; csv: one row per event.")] = EventFormat.text,
    max_bytes: MaxBytes = DEFAULT_SETTINGS.max_document_bytes,
    languages: Languages = DEFAULT_LANGUAGES,
) -> None:
    """Code the events each article reports, in PLOVER: who did what to whom, where, when,
    how many and on whose word, with the words that support every field."""
    from .analysis.batch import analyze_articles
    from .analysis.export import csv_rows, csv_text, plover_record

    settings = _settings(max_bytes, languages)
    batch = _Batch(paths, settings)
    out = Console(highlight=False)
    articles = batch.articles()
    header = True
    while chunk := list(islice(articles, settings.nlp_batch_size)):
        for analysis in analyze_articles(chunk, settings):
            if format is EventFormat.plover:
                batch.done += 1
                for event in analysis.events:
                    sys.stdout.write(json.dumps(plover_record(event, analysis),
                                                ensure_ascii=False) + "\n")
            elif format is EventFormat.csv:
                batch.done += 1
                sys.stdout.write(csv_text(csv_rows(analysis), header))
                header = False
            else:
                batch.emit(analysis, Format(format.value), render_events, out)
    batch.finish("extracted")


@app.command()
def actor(
    text: Annotated[str, typer.Argument(help='A mention, e.g. "Armenian Prime Minister Nikol '
                                        'Pashinyan" or "pro-Iranian armed groups".')],
    date: Annotated[str | None, typer.Option(help="Date of the mention (YYYY-MM-DD): roles in "
                                             "force then. Default: today.")] = None,
    context: Annotated[str, typer.Option(help="Text or ISO codes about the article.")] = "",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Resolve an actor mention to a PLOVER code, sector and canonical name."""
    from .knowledge.actors import resolve_actor

    found = resolve_actor(text, context, date)
    if found is None:
        _stderr(f"error: {text!r}: not a known actor")
        raise typer.Exit(1)
    _print_record(found.to_dict(), as_json)


@app.command()
def place(
    text: Annotated[str, typer.Argument(help='A place mention, e.g. "Ain al-Assad air base".')],
    context: Annotated[list[str] | None, typer.Option(help="ISO alpha-3 code of a country the "
                                                      "article is about (repeatable).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Resolve a place mention with the offline gazetteer."""
    from .knowledge.places import resolve_place

    found = resolve_place(text, [c.upper() for c in context or []])
    if found is None:
        _stderr(f"error: {text!r}: not a known place")
        raise typer.Exit(1)
    _print_record(found.to_dict(), as_json)


class GoldKind(StrEnum):
    actors = "actors"
    places = "places"
    events = "events"


@app.command()
def evaluate(
    kind: Annotated[GoldKind, typer.Argument(help="What the gold file scores.")],
    gold: Annotated[Path, typer.Argument(help="Gold JSONL file.", exists=True, dir_okay=False)],
    show_misses: Annotated[int, typer.Option(help="How many misses to list.")] = 20,
) -> None:
    """Score resolution against a gold file: accuracy overall, per field and per category."""
    from .evaluate import EVENT_FIELDS, evaluate_actors, evaluate_events, evaluate_places

    out = Console(highlight=False)
    if kind is GoldKind.events:
        events = evaluate_events(gold)
        table = Table(title=f"events: {gold} ({events.records} records)")
        for column in ("field", "precision", "recall", "F1", "gold"):
            table.add_column(column, justify="right" if column != "field" else "left")
        for key in EVENT_FIELDS:
            p, r, f = events.prf(key)
            table.add_row(key, f"{p:.3f}", f"{r:.3f}", f"{f:.3f}", str(events.gold[key]))
        out.print(table)
        for miss in events.misses[:show_misses]:
            out.print(Text(f"miss: {miss}"))
        return
    score = (evaluate_actors if kind is GoldKind.actors else evaluate_places)(gold)
    table = Table(title=f"{kind.value}: {gold} ({score.total} cases)")
    table.add_column("measure")
    table.add_column("accuracy", justify="right")
    for key in sorted(score.correct, key=lambda k: (k != "all", k)):
        table.add_row(key, f"{score.accuracy(key):.3f}")
    for note, (good, total) in sorted(score.by_note.items()):
        table.add_row(f"  {note}", f"{good / total:.3f} ({good}/{total})")
    out.print(table)
    for miss in score.misses[:show_misses]:
        out.print(Text(f"miss: {miss}"))


def _print_record(record: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(record, ensure_ascii=False))
        return
    table = Table(show_header=False, box=None)
    for key, value in record.items():
        table.add_row(Text(key, style="bold"), Text("" if value is None else str(value)))
    Console(highlight=False).print(table)


# The store's commands (ingest, events, search, show, actors, timeline) live with the store.
from .store.commands import register  # noqa: E402

register(app)
