"""Fuzz the readers over files written to a temporary folder: only Documents and Failures
come out (each naming its input on one printable line), never an exception; estimate_count
never raises."""

from __future__ import annotations

import gzip
import tempfile
from pathlib import Path

from fuzz.strategies import fuzz_settings, html_page, jsonl_file, page_bytes, warc_file
from hypothesis import given
from hypothesis import strategies as st

from newsevents.model import Document
from newsevents.readers import Failure, estimate_count, iter_documents

NAMES = {"jsonl": ["feed.jsonl", "feed.jsonl.gz", "feed"], "warc": ["crawl.warc",
         "crawl.warc.gz", "crawl.gz", "crawl"], "page": ["page.html", "page.txt",
         "page.txt.gz", "page.xhtml", "page"]}

a_file = st.one_of(
    st.tuples(st.just("jsonl"), jsonl_file),
    st.tuples(st.just("warc"), warc_file()),
    st.tuples(st.just("page"), st.one_of(page_bytes(), html_page().map(
        lambda p: p.encode("utf-8", "surrogatepass")))),
).flatmap(lambda kd: st.tuples(st.sampled_from(NAMES[kd[0]]), st.just(kd[1]), st.booleans()))


def _check(items, folder: Path) -> None:
    for item in items:
        assert isinstance(item, Document | Failure), item
        assert isinstance(item.source, str) and item.source.isprintable(), item.source
        item.source.encode("utf-8")
        if isinstance(item, Failure):
            assert isinstance(item.reason, str) and "\n" not in item.reason, item.reason
        else:
            assert isinstance(item.data, bytes)
            assert item.url is None or isinstance(item.url, str)
            assert item.id is None or isinstance(item.id, str)
            assert all(isinstance(v, str) for v in item.meta.values())
            for value in (item.url, item.id, *item.meta.values()):
                if value is not None:
                    value.encode("utf-8")  # no lone surrogate gets through


@fuzz_settings(deadline_s=5)
@given(files=st.lists(a_file, min_size=1, max_size=4))
def test_readers(files):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = []
        for number, (name, data, gzipped) in enumerate(files):
            path = folder / f"{number}-{name}"
            if gzipped and not name.endswith((".gz", ".warc")):
                data = gzip.compress(data, mtime=0)
            path.write_bytes(data)
            paths.append(str(path))
        warnings: list = []
        items = list(iter_documents([tmp], on_warning=lambda s, m: warnings.append((s, m))))
        _check(items, folder)
        each = list(iter_documents(paths, on_warning=lambda s, m: warnings.append((s, m))))
        _check(each, folder)
        for _source, message in warnings:
            assert isinstance(message, str) and "\n" not in message
        count = estimate_count([tmp])
        assert count is None or count >= 0
