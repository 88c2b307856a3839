"""Bad input through the real command: one clear line each, the batch goes on, exit non-zero."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from support import SAMPLES
from warcio.warcwriter import WARCWriter

GOOD = ("Rebels seize border town after two days of fighting\n\n"
        "Rebel fighters seized the border town on 3 May 2023 after two days of fighting with "
        "government troops, residents said.\n\nThe army said it had withdrawn to regroup.\n")
BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<html><body><p>&lol3;</p></body></html>"""


def _warc_without_responses(path: Path) -> None:
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=False)
        writer.write_record(writer.create_warcinfo_record("x.warc", {"software": "test"}))


def _write_inputs(d: Path) -> dict[str, str]:
    """Each bad input and a word its error line must contain."""
    (d / "good.txt").write_text(GOOD, encoding="utf-8")
    (d / "empty.txt").write_bytes(b"")
    (d / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (d / "paper.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(200))
    (d / "program").write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(200))
    (d / "cut.txt.gz").write_bytes(gzip.compress(GOOD.encode() * 50)[:-30])
    (d / "huge.html").write_bytes(b"<html><body>" + b"<p>word </p>" * (50 * 1024 * 1024 // 12))
    (d / "deep.html").write_bytes(b"<html><body>" + b"<div>" * 100_000 + b"x" + b"</div>" * 100_000)
    (d / "bomb.xml").write_text(BILLION_LAUGHS, encoding="utf-8")
    _warc_without_responses(d / "empty.warc")
    # Cut inside the second response record: the first record is kept, the second reported.
    (d / "cut.warc.gz").write_bytes((SAMPLES / "warc" / "crawl.warc.gz").read_bytes()[:2500])
    (d / "feed.jsonl").write_text(
        json.dumps({"id": "a", "text": GOOD}) + "\n{not json\n"
        + json.dumps({"id": "c", "text": GOOD.replace("Rebel", "Militia")}) + "\n",
        encoding="utf-8",
    )
    return {
        "empty.txt": "empty",
        "image.png": "PNG",
        "paper.pdf": "PDF",
        "program": "ELF",
        "cut.txt.gz": "truncated gzip",
        "huge.html": "too large",
        "deep.html": "nested deeper",
        "bomb.xml": "entity",
        "empty.warc": "no response records",
        "cut.warc.gz": "truncated WARC record",
        "feed.jsonl:2": "not JSON",
    }


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> tuple[subprocess.CompletedProcess, dict[str, str], Path]:
    d = tmp_path_factory.mktemp("bad")
    expected = _write_inputs(d)
    inputs = ["good.txt", *[k.split(":")[0] for k in expected if k != "feed.jsonl:2"],
              "feed.jsonl"]
    result = subprocess.run(
        [sys.executable, "-m", "newsevents", "clean", "--format", "json",
         *[str(d / name) for name in inputs]],
        capture_output=True, text=True, timeout=120,
    )
    return result, expected, d


def test_each_bad_input_gets_one_clear_line(batch):
    result, expected, d = batch
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == len(expected), result.stderr
    for name, reason in expected.items():
        lines = [e for e in errors if f"{d / name}:" in e]
        if name == "cut.warc.gz":
            lines = [e for e in errors if f"{d / name}#" in e]
        assert len(lines) == 1, (name, result.stderr)
        assert reason.lower() in lines[0].lower(), lines[0]


def test_batch_goes_on_and_reports(batch):
    result, expected, _ = batch
    articles = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted(a["id"] for a in articles if a["id"] in ("a", "c")) == ["a", "c"]
    assert len(articles) == 4  # good.txt, the two good feed lines, the WARC's first record
    assert result.stderr.splitlines()[-1] == f"4 cleaned, {len(expected)} failed"
    assert result.returncode == 1


def test_invalid_utf8_is_decoded_with_a_warning(tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes(GOOD.replace("residents", "r\xe9sidents").encode("latin-1"))
    result = subprocess.run([sys.executable, "-m", "newsevents", "clean", str(path), "-f", "json"],
                            capture_output=True, text=True)
    assert result.returncode == 0
    (warning,) = [line for line in result.stderr.splitlines() if line.startswith("warning")]
    assert str(path) in warning and "invalid UTF-8" in warning
    assert "résidents" in json.loads(result.stdout)["text"]


def test_stdin_is_read(tmp_path):
    result = subprocess.run([sys.executable, "-m", "newsevents", "clean", "-", "-f", "json"],
                            input=GOOD, capture_output=True, text=True)
    assert result.returncode == 0
    article = json.loads(result.stdout)
    assert article["source"] == "<stdin>"
    assert article["title"] == "Rebels seize border town after two days of fighting"


def test_gzip_bomb_is_capped(tmp_path):
    path = tmp_path / "bomb.txt.gz"
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb") as gz:
        for _ in range(12):
            gz.write(b"a" * (1024 * 1024))
    path.write_bytes(buf.getvalue())
    result = subprocess.run([sys.executable, "-m", "newsevents", "clean", str(path)],
                            capture_output=True, text=True)
    assert result.returncode == 1 and "too large" in result.stderr


def test_unknown_language_code_is_refused_before_any_work(tmp_path):
    path = tmp_path / "good.txt"
    path.write_text(GOOD, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "newsevents", "clean", str(path), "--languages", "en,xx"],
        capture_output=True, text=True)
    assert result.returncode == 2
    assert "unknown language code(s): xx" in result.stderr
    assert result.stdout == ""


def test_a_folder_given_with_dot_dot_is_read(tmp_path, monkeypatch):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "corpus" / ".hidden.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    result = subprocess.run([sys.executable, "-m", "newsevents", "clean", "../corpus", "-f",
                             "json"], capture_output=True, text=True)
    assert result.returncode == 0 and len(result.stdout.splitlines()) == 1
