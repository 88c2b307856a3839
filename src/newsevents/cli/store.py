"""The store's commands: ingest, events, export, search, show, article, actors, timeline,
failures."""

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
    MIN_PREFIX,
    EventFilter,
    count_events,
    find_events,
    ids_with_prefix,
    search,
    show_article,
    show_event,
    timeline,
    top_actors,
    with_citations,
)
from ..store.queries import failures as stored_failures
from . import app, examples, status
from .inputs import (
    DATE_HELP,
    categories,
    category,
    confidence,
    country_name,
    date_range,
    fail,
    party,
    positive,
    within_km,
)
from .inputs import context as inputs_context
from .inputs import country as inputs_country
from .inputs import limit as inputs_limit
from .inputs import mode as inputs_mode
from .inputs import offset as inputs_offset
from .render import (
    render_ambiguous,
    render_failures,
    render_search,
    render_shown_event,
    render_stored_article,
    render_stored_events,
    render_timeline,
    render_top_actors,
    safe,
)

DbOption = Annotated[Path, typer.Option("--db", metavar="FILE", help="The SQLite store.")]
DEFAULT_DB = Path("newsevents.db")


class Out(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    plover = "plover"


class Listing(StrEnum):
    """The formats of the listings (actors, timeline, failures)."""

    table = "table"
    json = "json"
    csv = "csv"


_fail = fail


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


def _emit_events(db: Path, events: list[dict], fmt: Out, evidence: bool = False,
                 title: str | None = None) -> None:
    if fmt is Out.table:
        render_stored_events(events, evidence, title)
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


def _listing(rows: list[dict], fmt: Listing, render: Callable[[], None]) -> None:
    """A listing as a table, JSON lines or CSV (the keys of the first row as the header)."""
    if fmt is Listing.table:
        render()
    elif fmt is Listing.json:
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
    else:
        import csv

        writer = csv.writer(sys.stdout, lineterminator="\n")
        if rows:
            writer.writerow(list(rows[0]))
        writer.writerows([list(row.values()) for row in rows])


def _categories_help() -> str:
    return "PLOVER category, one of: " + ", ".join(categories()) + "."


def _option(name: str, metavar: str, help: str, **kw) -> typer.models.OptionInfo:
    return typer.Option(name, metavar=metavar, help=help, **kw)


ActorOpt = Annotated[str | None, _option(
    "--actor", "CODE", 'Actor: a code (USA, IGO), a country name (Iraq), an optional sector: '
    '"USA MIL".')]
RecipientOpt = Annotated[str | None, _option("--recipient", "CODE", "Recipient, as --actor.")]
TypeOpt = Annotated[str | None, _option("--type", "CATEGORY", _categories_help())]
ModeOpt = Annotated[str | None, _option("--mode", "MODE", "PLOVER mode (of --type): aerial, "
                                        "arrest, demo ...")]
ContextOpt = Annotated[str | None, _option("--context", "CONTEXT", "PLOVER context: military, "
                                           "election, terrorism ...")]
SinceOpt = Annotated[str | None, _option("--since", "DATE", f"From this day on: {DATE_HELP}.")]
UntilOpt = Annotated[str | None, _option("--until", "DATE", "Up to this day, inclusive "
                                         "(2023-07: to its last day); as --since.")]
CountryOpt = Annotated[str | None, _option("--country", "COUNTRY", "Where: an ISO alpha-3 code "
                                           "(IRQ) or a country name (Iraq).")]
NearOpt = Annotated[str | None, _option("--near", "PLACE", "Near a place: Baghdad.")]
WithinOpt = Annotated[str | None, _option("--within", "KM", "Distance from --near: 100km (the "
                                          "default).", show_default=False)]
TextOpt = Annotated[str | None, _option("--text", "WORDS", "Words in the articles that report "
                                        "it (as search).")]
HistoricalOpt = Annotated[bool, _option("--include-historical", "", "Also historical events "
                                        "(left out by default).")]
ConfidenceOpt = Annotated[float, _option("--min-confidence", "0-1", "Lowest confidence, 0 to "
                                         "1.")]


def _filters(actor, recipient, type, mode, context, since, until, country, near, within, text,
             include_historical, min_confidence, limit=None, offset=0) -> EventFilter:
    """The filters as typed, checked one by one: a bad value is one line and exit 2."""
    low, high = date_range(since, until)
    event = category(type)
    return EventFilter(
        party(actor, "--actor"), party(recipient, "--recipient"), event, inputs_mode(mode, event),
        inputs_context(context), low, high, inputs_country(country), near,
        within_km(within, near), text, include_historical, confidence(min_confidence), limit,
        offset)


class Engine(StrEnum):
    local = "local"
    ray = "ray"


class ExportFormat(StrEnum):
    plover = "plover"
    csv = "csv"
    parquet = "parquet"
    gdelt = "gdelt"


def _query(db: Path, filters: EventFilter, count: bool = False) -> tuple[list[dict], int]:
    """The events and, with ``count``, how many the filters select in all."""
    def ask(conn: sqlite3.Connection) -> tuple[list[dict], int]:
        found = find_events(conn, filters)
        return found, count_events(conn, filters) if count else len(found)

    try:
        return _read(db, ask)
    except ValueError as exc:  # an unknown place
        raise _fail(f"--near {filters.near!r}: {exc}") from None


def _progress_columns() -> tuple:
    return (TextColumn("{task.description}"), BarColumn(), TextColumn(
        "{task.completed} docs · {task.fields[events]} events · {task.fields[failed]} "
        "failed · {task.fields[rate]:.1f} docs/s"), TimeElapsedColumn(),
        TextColumn("ETA"), TimeRemainingColumn())


@app.command(epilog=examples(
    "newsevents ingest samples --db news.db",
    "newsevents ingest corpus/ feed.jsonl crawl.warc.gz --db news.db --workers 4",
    "newsevents ingest more/ --db news.db --wait 60   # after another ingest finishes",
    "newsevents ingest corpus/ --db news.db --engine ray --address auto --actors 8"))
def ingest(
    paths: Annotated[list[str], typer.Argument(
        help="Files, folders or - (stdin); with --engine ray, files, folders or URIs that "
        "pyarrow reads (s3://…, gs://…, file://…), not stdin.")],
    db: DbOption = DEFAULT_DB,
    workers: Annotated[int, typer.Option(help="Worker processes.")] = 1,
    wait: Annotated[float, typer.Option(help="Seconds to wait for another ingest into "
                                        "the same store.")] = 0.0,
    engine: Annotated[Engine, typer.Option(help="local processes, or a Ray cluster "
                                           "(docs/SCALE.md).")] = Engine.local,
    address: Annotated[str | None, typer.Option(
        metavar="auto|HOST:PORT", help="The Ray cluster (--engine ray); default: a local "
        "Ray for this ingest.")] = None,
    actors: Annotated[int, typer.Option(help="Ray actors (--engine ray).")] = 2,
    batch_size: Annotated[int | None, typer.Option(
        help="Documents per Ray batch (--engine ray; default 64 / actors).")] = None,
) -> None:
    """Ingest a corpus: clean, analyse and code every document and store it; merge the
    reports of one event across documents. Re-running is safe and resumes."""
    from ..store.ingest import ingest as run

    positive(workers, "--workers")
    positive(actors, "--actors")
    if batch_size is not None:
        positive(batch_size, "--batch-size")
    if engine is Engine.ray:
        from ..scale import RayMissing, require_ray

        try:
            require_ray()
        except RayMissing as exc:
            raise _fail(str(exc)) from None
    if wait < 0:
        raise _fail(f"--wait {wait:g}: expected 0 or more seconds")
    settings = Settings(nlp_batch_size=DEFAULT_SETTINGS.nlp_batch_size)
    total = estimate_count(paths)
    try:
        _open(db, readonly=False).close()  # a folder, a corrupt file: refused before any work
        if engine is Engine.ray:
            status(f"starting Ray ({address or 'a local Ray'}); loading model "
                   f"{settings.spacy_model} in {actors} actor{'s' if actors > 1 else ''}…")
        else:
            status(f"loading model {settings.spacy_model} ({workers} worker"
                   f"{'s' if workers > 1 else ''})…")
        with Progress(*_progress_columns(), console=Console(stderr=True),
                      transient=False) as progress:
            task = progress.add_task("ingest", total=total, events=0, failed=0, rate=0.0)

            def tick(tally) -> None:
                elapsed = progress.tasks[0].elapsed or 1e-9
                progress.update(task, completed=tally.documents + tally.failed,
                                events=tally.reports, failed=tally.failed,
                                rate=(tally.added + tally.replaced) / elapsed)

            if engine is Engine.ray:
                from ..scale import ingest_ray, quiet_ray

                quiet_ray()  # the terminal shows our lines; Ray's logs stay in its session

                tally = ingest_ray(paths, db, actors=actors, batch_size=batch_size,
                                   address=address, settings=settings, wait=wait,
                                   progress=tick)  # after each flush is stored
            else:
                tally = run(paths, db, workers=workers, settings=settings, wait=wait,
                            progress=tick)
    except StoreError as exc:
        raise _fail(str(exc)) from None
    except sqlite3.Error as exc:  # a full disk, an unwritable or corrupt file
        raise _fail(describe(db, exc, writing=True, resumable=True)) from None
    for failure in tally.failures:
        print(f"error: {safe(failure.replace(chr(10), ' '), newlines=False)}", file=sys.stderr)
    print(f"{tally.added} added, {tally.replaced} replaced, "
          + (f"{tally.linked} linked, " if tally.linked else "")
          + f"{tally.unchanged} unchanged, {tally.failed} failed; {tally.reports} reports "
          f"merged into {tally.events} events in {tally.seconds:.1f} s", file=sys.stderr)
    if other := _read(db, other_languages):
        status(f"warning: {sum(other.values())} stored documents are not in English ("
               + ", ".join(f"{lang} {n}" for lang, n in sorted(other.items()))
               + "): events are coded in English only")
    if tally.failed:
        print(f"the failures are kept in the store: newsevents failures --db {db}",
              file=sys.stderr)
        raise typer.Exit(1)


def other_languages(conn: sqlite3.Connection) -> dict[str, int]:
    """The stored documents in a language other than English, by language."""
    return dict(conn.execute("SELECT language, COUNT(*) FROM documents WHERE language IS NOT "
                             "NULL AND language != 'en' GROUP BY language").fetchall())


def _paging(shown: int, total: int, offset: int) -> str:
    """What part of the results is shown, and how to see the rest."""
    if not total:
        return "no events match"
    if shown == 0:
        return f"no events from --offset {offset} on: {total} match"
    line = f"events {offset + 1}–{offset + shown} of {total}"
    rest = total - offset - shown
    if rest > 0:
        line += f"; {rest} more: --offset {offset + shown}, or --limit all"
    return line


@app.command(epilog=examples(
    "newsevents events --db news.db",
    "newsevents events --db news.db --type ASSAULT --country Iraq --since 2023-07",
    "newsevents events --db news.db --actor 'USA MIL' --since 30d --evidence",
    "newsevents events --db news.db --near Baghdad --within 50km --limit all -f csv",
    "newsevents events --db news.db --limit 20 --offset 20      # the second page"))
def events(
    db: DbOption = DEFAULT_DB,
    actor: ActorOpt = None, recipient: RecipientOpt = None, type: TypeOpt = None,
    mode: ModeOpt = None, context: ContextOpt = None, since: SinceOpt = None,
    until: UntilOpt = None, country: CountryOpt = None, near: NearOpt = None,
    within: WithinOpt = None, text: TextOpt = None,
    include_historical: HistoricalOpt = False, min_confidence: ConfidenceOpt = 0.0,
    limit: Annotated[str, typer.Option(metavar="N|all", help="At most this many; 0 or all: "
                                       "every one.")] = "100",
    offset: Annotated[int, typer.Option(metavar="N", help="Skip this many first (the next "
                                        "page).")] = 0,
    evidence: Annotated[bool, typer.Option("--evidence", metavar="", help="table: each "
                                           "event's sentence, its trigger in bold.")] = False,
    format: Annotated[Out, typer.Option("--format", "-f", help="table: readable; json: the "
                                        "stored records; csv, plover: as export.")
                      ] = Out.table,
) -> None:
    """Query the merged events, newest first. The last line (on stderr) says how many match
    and how to see the rest."""
    filters = _filters(actor, recipient, type, mode, context, since, until, country, near,
                       within, text, include_historical, min_confidence,
                       inputs_limit(limit), inputs_offset(offset))
    found, total = _query(db, filters, count=True)
    _emit_events(db, found, format, evidence)
    status(_paging(len(found), total, filters.offset))


@app.command(epilog=examples(
    "newsevents export --db news.db --format parquet --out events.parquet",
    "newsevents export --db news.db --format plover --type PROTEST --since 2024 > p.jsonl",
    "newsevents export --db news.db --format gdelt --header --out events.tsv"))
def export(
    format: Annotated[ExportFormat, typer.Option("--format", "-f")],
    db: DbOption = DEFAULT_DB,
    out: Annotated[Path | None, typer.Option("--out", help="File; default stdout.")] = None,
    actor: ActorOpt = None, recipient: RecipientOpt = None, type: TypeOpt = None,
    mode: ModeOpt = None, context: ContextOpt = None, since: SinceOpt = None,
    until: UntilOpt = None, country: CountryOpt = None, near: NearOpt = None,
    within: WithinOpt = None, text: TextOpt = None,
    include_historical: HistoricalOpt = False, min_confidence: ConfidenceOpt = 0.0,
    header: Annotated[bool, typer.Option("--header", metavar="", help="gdelt: a first row "
                                         "naming the columns (CSV always has one).")] = False,
) -> None:
    """Export every event the filters select (the same filters as `events`): PLOVER JSONL,
    CSV, Parquet or a GDELT-2.0-events-like TSV (column mapping in docs/STORE.md)."""
    if format is ExportFormat.parquet and out is None:
        raise _fail("--format parquet needs --out FILE")
    filters = _filters(actor, recipient, type, mode, context, since, until, country, near,
                       within, text, include_historical, min_confidence)
    found, _ = _query(db, filters)
    if out is None:
        _write(db, found, format.value, sys.stdout.buffer, header or None)
        return
    try:
        with out.open("wb") as handle:
            _write(db, found, format.value, handle, header or None)
    except OSError as exc:  # a missing folder, a full disk, no permission
        raise _fail(f"{out}: cannot write ({exc.strerror or exc})") from None
    print(f"{len(found)} events written to {out}", file=sys.stderr)


@app.command("search", epilog=examples(
    'newsevents search "rocket attack" --db news.db     # attacks, attacked ... (stems)',
    'newsevents search "al-Kazemi" --db news.db          # a hyphenated name is a phrase',
    "newsevents search 'fight*' --db news.db             # a prefix",
    "newsevents search --fts 'rocket NEAR(base, 5)' --db news.db",
    "newsevents article DOC_ID --db news.db              # open a hit"))
def search_command(query: Annotated[str, typer.Argument(help="Words to look for (each a "
                                                        "plain term; all must occur).")],
                   db: DbOption = DEFAULT_DB,
                   limit: Annotated[str, typer.Option(help="At most this many documents; "
                                                      "0 or all: every one.")] = "20",
                   raw: Annotated[bool, typer.Option("--fts", metavar="", help="The query "
                                                     "is FTS5 syntax (AND, OR, NOT, NEAR, "
                                                     "\"phrases\", x*).")] = False,
                   format: Annotated[Listing, typer.Option("--format", "-f", help="table, or "
                                                           "json/csv: doc_id, title, snippet, "
                                                           "score.")] = Listing.table) -> None:
    """Full-text search over the stored articles, with snippets. Words are matched by their
    stem (English, Porter): "attack" finds attacks, attacked, attacking. Each hit carries
    its document id, which `newsevents article` opens."""
    most = inputs_limit(limit)
    conn = _open(db)
    try:
        hits = search(conn, query, most, raw=raw)
    except sqlite3.Error as exc:  # a malformed --fts query, or the file
        raise _fail(f"search: {exc}" if is_query_error(exc) else describe(db, exc)) from None
    finally:
        conn.close()
    _listing(hits, format, lambda: render_search(query, hits))


def _resolve_id(db: Path, table: str, given: str, what: str) -> str:
    """The one id of ``table`` that starts with ``given``: a missing one is exit 1, an
    ambiguous prefix lists the ids it fits (exit 2)."""
    prefix = given.strip()
    _open(db).close()  # a bad store is the error to report, whatever the id
    if len(prefix) < MIN_PREFIX:
        raise _fail(f"{given!r}: give at least {MIN_PREFIX} characters of the {what} id")
    # As typed first (a feed's own ids keep their case), then lower case (hashes are).
    found = _read(db, lambda conn: ids_with_prefix(conn, table, prefix, 11)
                  or ids_with_prefix(conn, table, prefix.lower(), 11))
    if not found:
        raise _fail(f"{given}: no such {what}", 1)
    if len(found) > 1:
        print(f"error: {safe(given, newlines=False)}: ambiguous, {len(found)}"
              f"{'+' if len(found) > 10 else ''} {what}s start with it; give more "
              "characters:", file=sys.stderr)
        render_ambiguous(found[:10], len(found) > 10)
        raise typer.Exit(2)
    return found[0]


@app.command(epilog=examples("newsevents show 2faca74b --db news.db",
                             "newsevents show 2fac --db news.db --json"))
def show(event_id: Annotated[str, typer.Argument(help="An event id, or its first characters "
                                                 f"(at least {MIN_PREFIX}).")],
         db: DbOption = DEFAULT_DB,
         as_json: Annotated[bool, typer.Option("--json", metavar="", help="Print the event "
                                               "and its reports as JSON.")] = False) -> None:
    """One event: every field, then every report of it, with its document, figures,
    attribution and sentence, the evidence of each field highlighted."""
    full = _resolve_id(db, "events", event_id, "event")
    event = _read(db, lambda conn: show_event(conn, full))
    if event is None:  # gone between the two reads (a merge in between)
        raise _fail(f"{event_id}: no such event", 1)
    if as_json:
        print(json.dumps(event, ensure_ascii=False))
    else:
        render_shown_event(event)


@app.command(epilog=examples("newsevents article c97dc3d0 --db news.db",
                             "newsevents article c97d --db news.db --json"))
def article(doc_id: Annotated[str, typer.Argument(help="A document id (as search and show "
                                                  "print it), or its first characters.")],
            db: DbOption = DEFAULT_DB,
            as_json: Annotated[bool, typer.Option("--json", metavar="", help="Print the "
                                                  "article and its events as JSON.")] = False
            ) -> None:
    """A stored article: its title, source, URL, date and clean text, then the events it
    reports, each with its sentence."""
    full = _resolve_id(db, "documents", doc_id, "document")
    found = _read(db, lambda conn: show_article(conn, full))
    if found is None:
        raise _fail(f"{doc_id}: no such document", 1)
    if as_json:
        print(json.dumps(found, ensure_ascii=False))
    else:
        render_stored_article(found)
    if found.get("language") not in (None, "en"):
        status(f"warning: {found['id']}: language {found['language']}: events are coded in "
               "English only")


@app.command(epilog=examples("newsevents actors --db news.db",
                             "newsevents actors --db news.db --top 50 --format csv"))
def actors(db: DbOption = DEFAULT_DB,
           top: Annotated[str, typer.Option(help="How many; 0 or all: every one.")] = "20",
           format: Annotated[Listing, typer.Option("--format", "-f")] = Listing.table) -> None:
    """The most active actors (code and sector), by their number of events: the code's
    name and the name the events most often give them."""
    rows = _read(db, lambda conn: top_actors(conn, inputs_limit(top, "--top")))
    for row in rows:
        row["name"] = country_name(row["code"])
    rows = [{k: row[k] for k in ("code", "sector", "name", "named", "events", "mentions")}
            for row in rows]
    _listing(rows, format, lambda: render_top_actors(rows))


class By(StrEnum):
    day = "day"
    week = "week"
    month = "month"
    year = "year"


@app.command("timeline", epilog=examples(
    "newsevents timeline --db news.db",
    "newsevents timeline --db news.db --by week --type PROTEST --since 2023",
    "newsevents timeline --db news.db --by year --include-historical --format csv"))
def timeline_command(
    db: DbOption = DEFAULT_DB,
    by: Annotated[By, typer.Option(help="The period: day, week (ISO, 2003-W01), month or "
                                   "year.")] = By.month,
    type: TypeOpt = None, since: SinceOpt = None, until: UntilOpt = None,
    include_historical: HistoricalOpt = False,
    format: Annotated[Listing, typer.Option("--format", "-f")] = Listing.table,
) -> None:
    """Event counts per period by quad class, as a table and a terminal chart. Every period
    from the first to the last is shown, empty ones too; an event dated only to a coarser
    period (a year, when counting months) has a row of its own, marked "(year)"."""
    event = category(type)
    low, high = date_range(since, until)
    rows = _read(db, lambda conn: timeline(conn, by.value, event,
                                           include_historical=include_historical,
                                           since=low, until=high))
    _listing(rows, format, lambda: render_timeline(by.value, rows))


@app.command(epilog=examples("newsevents failures --db news.db",
                             "newsevents failures --db news.db --format json"))
def failures(db: DbOption = DEFAULT_DB,
             limit: Annotated[str, typer.Option(help="At most this many; 0 or all: every "
                                                "one.")] = "all",
             format: Annotated[Listing, typer.Option("--format", "-f")] = Listing.table
             ) -> None:
    """The inputs that failed to ingest, the latest first: the input, the reason and when it
    was last seen. A later success of the same input removes them."""
    rows = _read(db, lambda conn: stored_failures(conn, inputs_limit(limit)))
    _listing(rows, format, lambda: render_failures(rows))
