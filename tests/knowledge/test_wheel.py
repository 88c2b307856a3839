"""The built wheel carries every knowledge file and works from a fresh venv, outside the repo."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from newsevents.knowledge.loader import MANIFEST, Loader

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "text" / "militia-clashes.txt"
PREFIX = "newsevents/data/"


def _run(*args: str | Path, cwd: Path) -> str:
    done = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, f"{args}: {done.stdout[-2000:]}\n{done.stderr[-4000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build from a copy of the project, so build/ and *.egg-info never land in the tree."""
    tmp = tmp_path_factory.mktemp("wheel")
    project = tmp / "project"
    project.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, project / name)
    shutil.copytree(ROOT / "src", project / "src",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    out = tmp / "dist"
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
         "-q", "-w", out, project, cwd=tmp)
    (found,) = out.glob("newsevents-*.whl")
    return found


def test_wheel_has_every_data_file_and_only_listed_ones(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        packed = {n[len(PREFIX):] for n in zf.namelist()
                  if n.startswith(PREFIX) and not n.endswith((".py", ".pyc", "/"))}
    listed = set(Loader().names())
    source = {p.relative_to(ROOT / "src" / "newsevents" / "data").as_posix()
              for p in (ROOT / "src" / "newsevents" / "data").rglob("*")
              if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".py"}
    assert packed == listed | {MANIFEST}
    assert source == packed


def test_installed_wheel_extracts_events_outside_the_repo(wheel: Path, tmp_path: Path) -> None:
    env = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env)
    site = next((env / "lib").glob("python3*/site-packages"))
    # Dependencies resolve from the project's venv; newsevents itself only from the wheel (a
    # path line in a .pth does not run that directory's own .pth files, the editable hook).
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    _run(sys.executable, "-m", "pip", "--python", env / "bin" / "python", "install", "-q",
         "--no-deps", "--no-index", wheel, cwd=tmp_path)
    where = _run(env / "bin" / "python", "-c", "import newsevents; print(newsevents.__file__)",
                 cwd=tmp_path)
    assert where.startswith(str(env)), where
    out = _run(env / "bin" / "newsevents", "extract", SAMPLE, "--format", "plover",
               cwd=tmp_path)
    events = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    assert events and all(e.get("event") for e in events)
