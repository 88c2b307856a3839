"""The store's commands: ingest, events, search, show, actors, timeline, export."""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from ..readers import estimate_count
from ..settings import DEFAULT_SETTINGS, Settings
from ..store.db import StoreError, connect, describe, is_query_error
from ..store.queries import (
    EventFilter,
    find_events,
    search,
    show_event,
    timeline,
    top_actors,
    with_citations,
)
from . import app
from .render import (
    render_search,
    render_shown_event,
    render_stored_events,
    render_timeline,
    render_top_actors,
    safe,
)

DbOption = Annotated[Path, typer.Option("--db", help="The SQLite store.")]
DEFAULT_DB = Path("newsevents.db")


class Out(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    plover = "plover"


def _fail(message: str, code: int = 2) -> typer.Exit:
    print(f"error: {safe(message.replace(chr(10), ' '), newlines=False)}", file=sys.stderr)
    return typer.Exit(code)


def _open(db: Path, readonly: bool = True):
    try:
        return connect(db, readonly=readonly)
    except StoreError as exc:
        raise _fail(str(exc)) from None


def _read(db: Path, question: Callable[[sqlite3.Connection], object]):
    """``question`` asked of the store at ``db``; a store that breaks while it is read (a
    corrupt page, an I/O error) is one line, not a traceback."""
    conn = _open(db)
    try:
        return question(conn)
    except sqlite3.Error as exc:
        raise _fail(describe(db, exc)) from None
    finally:
        conn.close()


def _emit_events(db: Path, events: list[dict], fmt: Out) -> None:
    if fmt is Out.table:
        render_stored_events(events)
    elif fmt is Out.json:
        for e in events:
            print(json.dumps(e, ensure_ascii=False))
    else:
        _write(db, events, fmt.value, sys.stdout.buffer)


def _write(db: Path, events: list[dict], fmt: str, out, header: bool | None = None) -> None:
    """``events`` through the one export mapping of ``fmt``, cited from the documents."""
    from ..export import EventWriter

    writer = EventWriter(fmt, out, header)
    writer.write(_read(db, lambda conn: with_citations(conn, events)))
    writer.close()


ActorOpt = Annotated[str | None, typer.Option("--actor", help='Actor code: USA, "USA MIL".')]
RecipientOpt = Annotated[str | None, typer.Option("--recipient", help="Recipient code.")]
TypeOpt = Annotated[str | None, typer.Option("--type", help="PLOVER category: ASSAULT ...")]
ModeOpt = Annotated[str | None, typer.Option("--mode", help="PLOVER mode.")]
ContextOpt = Annotated[str | None, typer.Option("--context", help="PLOVER context.")]
SinceOpt = Annotated[str | None, typer.Option("--since", help="From date (YYYY-MM-DD).")]
UntilOpt = Annotated[str | None, typer.Option("--until", help="Until date (YYYY-MM-DD).")]
CountryOpt = Annotated[str | None, typer.Option("--country", help="Where: ISO alpha-3.")]
NearOpt = Annotated[str | None, typer.Option("--near", help="Near a place: Baghdad.")]
WithinOpt = Annotated[str, typer.Option("--within", help="Distance for --near: 100km.")]
TextOpt = Annotated[str | None, typer.Option("--text", help="Full text of the articles.")]
HistoricalOpt = Annotated[bool, typer.Option("--include-historical",
                                             help="Also historical events.")]
ConfidenceOpt = Annotated[float, typer.Option("--min-confidence", help="Lowest confidence.")]


class ExportFormat(StrEnum):
    plover = "plover"
    csv = "csv"
    parquet = "parquet"
    gdelt = "gdelt"


def _km(within: str) -> float:
    try:
        return float(within.lower().strip().removesuffix("km"))
    except ValueError:
        raise _fail(f"--within {within!r}: expected a distance like 100km") from None


def _query(db: Path, filters: EventFilter) -> list[dict]:
    try:
        return _read(db, lambda conn: find_events(conn, filters))
    except ValueError as exc:  # an unknown place
        raise _fail(str(exc)) from None


def _progress_columns() -> tuple:
    return (TextColumn("{task.description}"), BarColumn(), TextColumn(
        "{task.completed} docs · {task.fields[events]} events · {task.fields[failed]} "
        "failed · {task.fields[rate]:.1f} docs/s"), TimeElapsedColumn(),
        TextColumn("ETA"), TimeRemainingColumn())


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders or - (stdin).")],
    db: DbOption = DEFAULT_DB,
    workers: Annotated[int, typer.Option(help="Worker processes.")] = 1,
    wait: Annotated[float, typer.Option(help="Seconds to wait for another ingest into "
                                        "the same store.")] = 0.0,
) -> None:
    """Ingest a corpus: clean, analyse and code every document and store it; merge the
    reports of one event across documents. Re-running is safe and resumes."""
    from ..store.ingest import ingest as run

    settings = Settings(nlp_batch_size=DEFAULT_SETTINGS.nlp_batch_size)
    total = estimate_count(paths)
    try:
        _open(db, readonly=False).close()  # a folder, a corrupt file: refused before any work
        with Progress(*_progress_columns(), console=Console(stderr=True),
                      transient=False) as progress:
            task = progress.add_task("ingest", total=total, events=0, failed=0, rate=0.0)

            def tick(tally) -> None:
                elapsed = progress.tasks[0].elapsed or 1e-9
                progress.update(task, completed=tally.documents + tally.failed,
                                events=tally.reports, failed=tally.failed,
                                rate=(tally.added + tally.replaced) / elapsed)

            tally = run(paths, db, workers=workers, settings=settings, wait=wait,
                         progress=tick)
    except StoreError as exc:
        raise _fail(str(exc)) from None
    except sqlite3.Error as exc:  # a full disk, an unwritable or corrupt file
        raise _fail(describe(db, exc, writing=True, resumable=True)) from None
    for failure in tally.failures:
        print(f"error: {safe(failure.replace(chr(10), ' '), newlines=False)}", file=sys.stderr)
    print(f"{tally.added} added, {tally.replaced} replaced, {tally.unchanged} "
          f"unchanged, {tally.failed} failed; {tally.reports} reports merged into "
          f"{tally.events} events in {tally.seconds:.1f} s", file=sys.stderr)
    if tally.failed:
        raise typer.Exit(1)


@app.command()
def events(
    db: DbOption = DEFAULT_DB,
    actor: ActorOpt = None, recipient: RecipientOpt = None, type: TypeOpt = None,
    mode: ModeOpt = None, context: ContextOpt = None, since: SinceOpt = None,
    until: UntilOpt = None, country: CountryOpt = None, near: NearOpt = None,
    within: WithinOpt = "100km", text: TextOpt = None,
    include_historical: HistoricalOpt = False, min_confidence: ConfidenceOpt = 0.0,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 100,
    format: Annotated[Out, typer.Option("--format", "-f")] = Out.table,
) -> None:
    """Query the merged events."""
    filters = EventFilter(actor, recipient, type, mode, context, since, until, country,
                          near, _km(within), text, include_historical, min_confidence, limit)
    _emit_events(db, _query(db, filters), format)


@app.command()
def export(
    format: Annotated[ExportFormat, typer.Option("--format", "-f")],
    db: DbOption = DEFAULT_DB,
    out: Annotated[Path | None, typer.Option("--out", help="File; default stdout.")] = None,
    actor: ActorOpt = None, recipient: RecipientOpt = None, type: TypeOpt = None,
    mode: ModeOpt = None, context: ContextOpt = None, since: SinceOpt = None,
    until: UntilOpt = None, country: CountryOpt = None, near: NearOpt = None,
    within: WithinOpt = "100km", text: TextOpt = None,
    include_historical: HistoricalOpt = False, min_confidence: ConfidenceOpt = 0.0,
    header: Annotated[bool, typer.Option("--header", help="gdelt: a first row naming the "
                                         "columns (CSV always has one).")] = False,
) -> None:
    """Export events (same filters as `events`): PLOVER JSONL, CSV, Parquet or a
    GDELT-2.0-events-like TSV (column mapping in docs/STORE.md)."""
    if format is ExportFormat.parquet and out is None:
        raise _fail("--format parquet needs --out FILE")
    filters = EventFilter(actor, recipient, type, mode, context, since, until, country,
                          near, _km(within), text, include_historical, min_confidence, 10**12)
    found = _query(db, filters)
    if out is None:
        _write(db, found, format.value, sys.stdout.buffer, header or None)
        return
    try:
        with out.open("wb") as handle:
            _write(db, found, format.value, handle, header or None)
    except OSError as exc:  # a missing folder, a full disk, no permission
        raise _fail(f"{out}: cannot write ({exc.strerror or exc})") from None
    print(f"{len(found)} events written to {out}", file=sys.stderr)


@app.command("search")
def search_command(query: Annotated[str, typer.Argument(help="Words to look for (each a "
                                                        "plain term; all must occur).")],
                   db: DbOption = DEFAULT_DB, limit: int = 20,
                   raw: Annotated[bool, typer.Option("--fts", help="The query is FTS5 syntax "
                                                     "(AND, OR, NEAR, \"phrases\", x*).")
                                  ] = False) -> None:
    """Full-text search over the stored articles, with snippets."""
    conn = _open(db)
    try:
        hits = search(conn, query, limit, raw=raw)
    except sqlite3.Error as exc:  # a malformed --fts query, or the file
        raise _fail(f"search: {exc}" if is_query_error(exc) else describe(db, exc)) from None
    finally:
        conn.close()
    render_search(query, hits)


@app.command()
def show(event_id: Annotated[str, typer.Argument(help="An event id.")],
         db: DbOption = DEFAULT_DB,
         as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """One event and every report of it, evidence highlighted."""
    event = _read(db, lambda conn: show_event(conn, event_id))
    if event is None:
        raise _fail(f"{event_id}: no such event", 1)
    if as_json:
        print(json.dumps(event, ensure_ascii=False))
    else:
        render_shown_event(event)


@app.command()
def actors(db: DbOption = DEFAULT_DB, top: int = 20) -> None:
    """The most active actors."""
    render_top_actors(_read(db, lambda conn: top_actors(conn, top)))


@app.command("timeline")
def timeline_command(db: DbOption = DEFAULT_DB,
                     by: Annotated[str, typer.Option(help="day, week or month")] = "month",
                     type: Annotated[str | None, typer.Option(help="PLOVER category")
                                     ] = None) -> None:
    """Event counts per period by quad class, as a table and a terminal chart."""
    if by not in ("day", "week", "month"):
        raise _fail(f"--by {by!r}: expected day, week or month")
    render_timeline(by, _read(db, lambda conn: timeline(conn, by, type)))
