"""Without Ray installed, the Ray engine says how to install it, in one line."""

from __future__ import annotations

import subprocess
import sys


def test_without_ray_says_how_to_install_it(tmp_path):
    script = ("import sys; sys.modules['ray'] = None  # as if Ray were not installed\n"
              "from newsevents.scale import RayMissing, ingest_ray\n"
              "try:\n"
              f"    ingest_ray(['samples'], {str(tmp_path / 'x.db')!r})\n"
              "except RayMissing as exc:\n"
              "    print(exc); sys.exit(2)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stdout == "--engine ray needs Ray: pip install 'newsevents[ray]'\n"
    assert not (tmp_path / "x.db").exists()  # refused before touching the store


def test_cli_engine_ray_without_ray_is_one_line_exit_2(tmp_path):
    script = ("import sys; sys.modules['ray'] = None  # as if Ray were not installed\n"
              "from newsevents.cli import app\n"
              "app()\n")
    db = tmp_path / "x.db"
    done = subprocess.run([sys.executable, "-c", script, "ingest", "samples", "--engine",
                           "ray", "--db", str(db)], capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr == "error: --engine ray needs Ray: pip install 'newsevents[ray]'\n"
    assert not db.exists()
