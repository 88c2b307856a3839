"""The README's commands run: every line of a ```sh block of README.md that calls
`newsevents` is executed, in README order, in a temp dir that holds the bundled samples and
the gold files (links to the repo's), with every `--db` in that dir, and must exit 0.
`EVENT_ID` and `DOC_ID` stand for an event and a document of the store the README's own
`ingest` wrote. A command that cannot run offline or needs files the README does not make
(`page.html`) is not a `newsevents` line and is left out."""

from __future__ import annotations

import os
import re
import shlex
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from support import ROOT

README = ROOT / "README.md"
NEWSEVENTS = Path(sys.executable).parent / "newsevents"
_BLOCK = re.compile(r"^```(?:sh|bash|shell)\n(.*?)^```", re.MULTILINE | re.DOTALL)
_CALL = re.compile(r"^(?:\.venv/bin/)?newsevents\b")


def readme_commands(text: str) -> list[str]:
    """The `newsevents` command lines of the shell blocks (continued lines joined)."""
    commands = []
    for block in _BLOCK.findall(text):
        for line in block.replace("\\\n", " ").splitlines():
            line = line.strip()
            if _CALL.match(line):
                commands.append(line)
    return commands


COMMANDS = readme_commands(README.read_text(encoding="utf-8"))


def test_the_readme_has_commands_of_every_stage():
    for stage in ("clean", "analyze", "extract", "ingest", "events", "search", "show",
                  "article", "timeline", "export"):
        assert any(re.match(rf"\S*newsevents {stage}\b", c) for c in COMMANDS), stage


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    """A temp dir with the samples and tests/gold (links), where outputs and stores go."""
    root = tmp_path_factory.mktemp("readme")
    (root / "samples").symlink_to(ROOT / "samples", target_is_directory=True)
    (root / "tests").mkdir()
    (root / "tests" / "gold").symlink_to(ROOT / "tests" / "gold", target_is_directory=True)
    return root


def _placeholders(command: str, workdir: Path) -> str:
    """EVENT_ID and DOC_ID as ids from the store the command names."""
    if "EVENT_ID" not in command and "DOC_ID" not in command:
        return command
    db = workdir / shlex.split(command)[shlex.split(command).index("--db") + 1]
    conn = sqlite3.connect(db)
    event_id = conn.execute("SELECT id FROM events ORDER BY id LIMIT 1").fetchone()[0]
    doc_id = conn.execute("SELECT id FROM documents ORDER BY id LIMIT 1").fetchone()[0]
    conn.close()
    return command.replace("EVENT_ID", event_id[:8]).replace("DOC_ID", shlex.quote(doc_id))


@pytest.mark.parametrize("command", COMMANDS)
def test_a_readme_command_exits_0(workdir, command):
    line = _placeholders(command, workdir)
    line = _CALL.sub(shlex.quote(str(NEWSEVENTS)), line)
    result = subprocess.run(["bash", "-c", line], cwd=workdir, capture_output=True,
                            text=True, timeout=600, env={**os.environ, "COLUMNS": "100"})
    assert result.returncode == 0, f"{command}\n{result.stderr[-3000:]}"
    assert "Traceback" not in result.stderr
