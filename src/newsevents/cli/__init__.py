"""The command line: ``newsevents COMMAND``. One typer app; the stage commands (clean, analyze,
extract, actor, place, evaluate) live in ``stages.py``, the store's (ingest, events, search,
show, actors, timeline, export) in ``store.py``, and every terminal view in ``render.py``."""

from __future__ import annotations

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Read news the way an analyst does and write down what happened.")


@app.callback()
def main() -> None:
    """newsevents: raw news in; clean articles (and, later, events) out."""


# The commands register themselves on the one app.
from . import stages, store  # noqa: E402,F401
