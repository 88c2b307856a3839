"""The Ray engine's inputs: the driver lists files (local paths and URIs pyarrow reads), a
task reads each with the local engine's readers, so the documents and failures are the
local engine's, whichever way the files are named."""

from __future__ import annotations

import gzip
import json

import pytest
from support import SAMPLES

pytest.importorskip("pyarrow", reason="the Ray engine's inputs need 'newsevents[ray]'")

from newsevents.errors import InputError  # noqa: E402
from newsevents.readers import Failure, iter_documents  # noqa: E402
from newsevents.scale.inputs import InputFile, plan, read  # noqa: E402
from newsevents.settings import DEFAULT_SETTINGS  # noqa: E402


def _documents(files: list) -> list:
    out = []
    for file in files:
        if isinstance(file, Failure):
            out.append(("fail", file.source, file.reason))
            continue
        for got in read(file, DEFAULT_SETTINGS):
            if isinstance(got, Failure):
                out.append(("fail", got.source, got.reason))
            elif not isinstance(got, tuple):  # a warning
                out.append((got.source, got.url, got.data))
    return out


def _local(paths: list[str]) -> list:
    return [("fail", d.source, d.reason) if isinstance(d, Failure) else (d.source, d.url, d.data)
            for d in iter_documents(paths)]


def test_a_folder_reads_as_the_local_engine_reads_it(tmp_path):
    missing = str(tmp_path / "missing.jsonl")
    files = plan([str(SAMPLES), missing])
    assert [f.index for f in files if isinstance(f, InputFile)] == list(range(len(files) - 1))
    assert _documents(files) == _local([str(SAMPLES), missing])
    assert files[-1] == Failure(missing, "no such file or directory")


def test_a_file_uri_reads_through_pyarrow_as_the_path_does(tmp_path):
    feed = tmp_path / "news" / "feed.jsonl.gz"
    feed.parent.mkdir()
    with gzip.open(feed, "wt", encoding="utf-8") as out:
        out.write(json.dumps({"id": "a", "text": "Police arrested ten people."}) + "\n")
        out.write("not json\n")
    (tmp_path / "news" / ".hidden.txt").write_text("skipped, as a local folder skips it")
    (tmp_path / "news" / "notes.md").write_text("not a kind of input")
    uri_files = plan([f"file://{tmp_path / 'news'}"])
    assert [f.name for f in uri_files] == [f"file://{feed}"]
    assert not uri_files[0].local and uri_files[0].suffixes == ".jsonl.gz"
    by_uri = [(doc[1], doc[2]) if doc[0] != "fail" else doc[2] for doc in _documents(uri_files)]
    by_path = [(doc[1], doc[2]) if doc[0] != "fail" else doc[2]
               for doc in _local([str(tmp_path / "news")])]
    assert by_uri == by_path and len(by_uri) == 2  # a document, then the bad line's reason


def test_a_missing_uri_is_one_failure_and_stdin_is_refused(tmp_path):
    assert plan([f"file://{tmp_path}/none"]) == [
        Failure(f"file://{tmp_path}/none", "no such file or directory")]
    (bad,) = plan(["nosuchscheme://bucket/news"])
    assert isinstance(bad, Failure) and bad.reason.startswith("cannot read: ")
    assert "\n" not in bad.reason
    with pytest.raises(InputError, match="not standard input"):
        plan(["-"])


def test_cli_ray_engine_refuses_stdin_in_one_line(tmp_path):
    import subprocess
    import sys

    db = tmp_path / "x.db"
    done = subprocess.run([sys.executable, "-m", "newsevents", "ingest", "-", "--engine", "ray",
                           "--db", str(db)], input=b"", capture_output=True, timeout=120)
    assert done.returncode == 2
    lines = done.stderr.decode().splitlines()
    assert lines[-1] == ("error: --engine ray reads files, folders and URIs, not standard "
                         "input (-)")
    assert "Traceback" not in done.stderr.decode()
