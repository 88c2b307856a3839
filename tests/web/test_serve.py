"""`newsevents serve` as a user runs it: a real uvicorn server in a subprocess on 127.0.0.1,
its token printed once; and the explorer in a real headless Chromium."""

from __future__ import annotations

import os
import shutil
import subprocess

import httpx
import pytest
from typer.testing import CliRunner

import newsevents.cli.serve  # noqa: F401  (registers `serve` on the app)
from newsevents.cli import app


def test_serve_binds_loopback_prints_a_token_and_guards_writes(server):
    assert server.token and len(server.token) >= 30
    events = httpx.get(server.url + "/api/events?limit=1").json()
    assert events["total"] > 50
    event_id = events["events"][0]["id"]
    url = f"{server.url}/api/events/{event_id}/review"
    assert httpx.post(url, json={"action": "confirm"}).status_code == 401
    done = httpx.post(url, json={"action": "confirm", "note": "checked"},
                      headers={"Authorization": f"Bearer {server.token}"})
    assert done.status_code == 201
    assert done.json()["record"]["review"]["note"] == "checked"
    page = httpx.get(server.url + "/")
    assert page.status_code == 200 and page.headers["content-security-policy"]
    assert httpx.get(server.url + "/static/vendor/leaflet-1.9.4/leaflet.js").status_code == 200


def test_serve_refuses_a_missing_or_foreign_store(tmp_path):
    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    assert "no such database" in result.output
    junk = tmp_path / "junk.db"
    junk.write_text("not sqlite")
    result = CliRunner().invoke(app, ["serve", "--db", str(junk)])
    assert result.exit_code == 2 and "not an SQLite file" in result.output


# -- the browser ----------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _chromium(*args: str) -> str:
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing in CI (.ci/run installs it)")
        pytest.skip("chromium is not installed (apt-get install chromium); CI runs this")
    result = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-dev-shm-usage", "--virtual-time-budget=10000", *args],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_explorer_renders_its_table_and_map_in_a_browser(server, tmp_path):
    dom = _chromium("--dump-dom", server.url + "/")
    assert '<table id="events"' in dom
    assert dom.count('<a href="/events/') >= 50  # the first page of rows, each linked
    # The map container was filled by Leaflet (its class), with the basemap's countries and
    # the located events drawn (the script sets data-loaded to their number).
    assert 'id="map"' in dom and "leaflet-container" in dom
    loaded = dom.split('data-loaded="', 1)[1].split('"', 1)[0]
    assert int(loaded) > 10
    assert dom.count('class="leaflet-interactive"') >= int(loaded)
    shot = tmp_path / "explorer.png"
    _chromium("--window-size=1280,1600", f"--screenshot={shot}", server.url + "/")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 50_000  # a blank page is a few kB


def test_hostile_article_runs_nothing_in_a_browser(server, hostile_doc):
    dom = _chromium("--dump-dom", f"{server.url}/documents/{hostile_doc}")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom  # shown as text
    assert "<script>alert" not in dom and '<img src="x"' not in dom
    assert 'href="javascript:' not in dom
    scripts = [part.split(">", 1)[0] for part in dom.split("<script")[1:]]
    assert all('src="/static/' in tag for tag in scripts), scripts
