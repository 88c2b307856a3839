"""The command line: ``newsevents COMMAND``. One typer app; the stage commands (clean, analyze,
extract, actor, place, evaluate) live in ``stages.py``, the store's (ingest, events, search,
show, actors, timeline, export) in ``store.py``, and every terminal view in ``render.py``.

The app is guarded at its entry: whatever a command does not handle itself becomes one line
on stderr (``error: stdout: ...`` when the output cannot be written, ``error: internal error
(...)`` for anything else) and a non-zero exit; no traceback reaches a user. A usage error,
click's (an unknown option, a value not among the choices) or a command's own check, is one
line too, ``error: ...``, exit status 2."""

from __future__ import annotations

import errno
import os
import sys
from contextlib import suppress
from typing import Annotated, Any

import typer
from typer import Abort

from .render import safe

try:  # typer vendors click (0.29 and later); older releases use click itself
    from typer._click.exceptions import ClickException
except ImportError:  # pragma: no cover
    from click.exceptions import ClickException

# An OSError without a file name and with one of these is the standard output failing
# (``clean > /dev/full``); the commands that write files name the file themselves.
_STDOUT_ERRNOS = {errno.ENOSPC, errno.EIO, errno.EFBIG, errno.EDQUOT, errno.EPIPE}


def _line(message: str) -> None:
    """One line on stderr (sanitised: an input's name may hold escape sequences)."""
    with suppress(OSError, ValueError):  # stderr is gone as well: the exit status says it
        print(safe(message.replace("\n", " "), newlines=False), file=sys.stderr, flush=True)


def _silence_stdout() -> None:
    """Point fd 1 at /dev/null, so the interpreter's last flush of what is still buffered
    does not fail again at exit (and print "Exception ignored ...")."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):
        pass


def _stdout_failed(exc: OSError) -> int:
    _silence_stdout()
    if exc.errno != errno.EPIPE:  # a closed pipe (`| head`) is the reader's choice: no line
        _line(f"error: stdout: {exc.strerror or exc}")
    return 1


def _usage(exc: ClickException) -> int:
    """A usage error (a bad option, a missing argument, a value click refuses) as one line,
    with where to read more, like the commands' own checks."""
    if type(exc).__name__ == "NoArgsIsHelpError":  # `newsevents` alone: the help
        exc.show()
        return exc.exit_code
    context = getattr(exc, "ctx", None)
    where = f" (see: {context.command_path} -h)" if context is not None else ""
    _line(f"error: {exc.format_message()}{where}")
    return exc.exit_code


class _GuardedTyper(typer.Typer):
    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        code: Any = 0
        try:
            # Not standalone: click's exceptions come here, to be one line each.
            returned = super().__call__(*args, standalone_mode=False, **kwargs)
            code = returned if isinstance(returned, int) else 0
        except SystemExit as exc:
            code = exc.code
        except ClickException as exc:
            code = _usage(exc)
        except Abort:
            _line("error: interrupted")
            code = 130
        except KeyboardInterrupt:
            _line("error: interrupted")
            code = 130
        except OSError as exc:
            if exc.filename is None and exc.errno in _STDOUT_ERRNOS:
                code = _stdout_failed(exc)
            elif exc.filename is not None:  # a file a command did not guard: still one line
                _line(f"error: {exc.filename}: {exc.strerror or exc}")
                code = 2
            else:
                _line(f"error: internal error ({type(exc).__name__}: {exc})")
                code = 70
        except Exception as exc:  # noqa: BLE001 - the one place that catches everything
            _line(f"error: internal error ({type(exc).__name__}: {exc})")
            code = 70  # EX_SOFTWARE
        try:
            sys.stdout.flush()
        except OSError as exc:
            failed = _stdout_failed(exc)
            code = code or failed
        except ValueError:
            pass  # stdout closed
        raise SystemExit(code)


def examples(*lines: str) -> str:
    """A command's help epilog: its example command lines, kept as written (``\\b`` stops
    click from re-wrapping them)."""
    return "Examples:\n\n\b\n" + "\n".join(f"  {line}" for line in lines)


def status(message: str) -> None:
    """A status line on stderr (what is happening, how many there are): never on stdout,
    which holds the data."""
    _line(message)


# Plain click help (rich_markup_mode=None): flags read as flags (`--evidence`, not
# `--evidence <bool>`), descriptions wrap at the terminal's width, examples stay as written.
app = _GuardedTyper(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                    rich_markup_mode=None,
                    context_settings={"help_option_names": ["-h", "--help"]},
                    help="Read news the way an analyst does and write down what happened: "
                         "who did what to whom, where, when, how many and on whose word.")


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        print(f"newsevents {__version__}")
        raise typer.Exit()


@app.callback(epilog=examples(
    "newsevents extract samples/text/militia-clashes.txt",
    "newsevents ingest samples --db news.db",
    "newsevents events --db news.db --type ASSAULT --since 2023",
    "newsevents COMMAND -h                  # a command's options and examples"))
def main(version: Annotated[bool, typer.Option(
        "--version", "-V", metavar="", callback=_version, is_eager=True,
        help="Print the version and exit.")] = False) -> None:
    """newsevents: raw news in; clean articles, PLOVER events and a queryable store out."""


# The commands register themselves on the one app.
from . import serve, stages, store  # noqa: E402,F401
