"""The command line: ``newsevents clean PATH...`` (later stages add their commands here)."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console

from .clean import clean_document
from .clean.lang import unknown_languages
from .errors import InputError
from .ingest import Failure, iter_documents
from .report import render_article
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


@app.command()
def clean(
    paths: Annotated[list[str], typer.Argument(help="Files, folders (recursive) or - for stdin.")],
    format: Annotated[Format, typer.Option("--format", "-f", help="text: readable view; "
                                           "json: one Article object per line.")] = Format.text,
    max_bytes: Annotated[int, typer.Option(help="Largest document accepted, in bytes.")] = (
        DEFAULT_SETTINGS.max_document_bytes
    ),
    languages: Annotated[str, typer.Option(help="Comma-separated ISO 639-1 codes the language "
                                           "detector may answer with.")] = ",".join(
        DEFAULT_SETTINGS.languages
    ),
) -> None:
    """Clean raw news pages into Articles: title, lede, paragraphs, captions, related items,
    what was removed and why, and every repair."""
    codes = tuple(c.strip().lower() for c in languages.split(",") if c.strip())
    if not codes or (unknown := unknown_languages(codes)):
        raise typer.BadParameter(f"unknown language code(s): {', '.join(unknown) or '(none)'}",
                                 param_hint="--languages")
    settings = Settings(max_document_bytes=max_bytes, languages=codes)
    out = Console(highlight=False)
    done, failed = 0, 0
    for item in iter_documents(paths, settings):
        if isinstance(item, Failure):
            failed += 1
            _stderr(f"error: {item}")
            continue
        try:
            article = clean_document(item, settings)
        except InputError as exc:
            failed += 1
            _stderr(f"error: {item.source}: {exc}")
            continue
        except RecursionError:
            failed += 1
            _stderr(f"error: {item.source}: structure too deep to parse")
            continue
        except Exception as exc:  # a bug must not cost the rest of the batch; say it plainly
            failed += 1
            _stderr(f"error: {item.source}: internal error ({exc.__class__.__name__}: {exc})")
            continue
        done += 1
        for warning in article.warnings:
            _stderr(f"warning: {item.source}: {warning}")
        if format is Format.json:
            sys.stdout.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
        else:
            render_article(article, out)
    _stderr(f"{done} cleaned, {failed} failed")
    if failed:
        raise typer.Exit(1)
