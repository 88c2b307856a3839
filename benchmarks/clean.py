"""Clean-stage throughput: documents/second on plain text and HTML, and the ratio against
bare ``trafilatura.extract`` on the same HTML, measured in the same process.

Run: .venv/bin/python benchmarks/clean.py [--seconds 5]
Goals (issue 2): >= 0.8x bare trafilatura on HTML; >= 200 plain-text documents/s on one core.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import trafilatura

from newsevents.clean import clean_document
from newsevents.model import Document

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seeds" / "000_4259137ad6a899a2.txt"


def _inputs() -> tuple[list[Document], list[Document]]:
    texts = [Document(p.read_bytes(), p.name) for p in sorted(ROOT.glob("samples/text/*.txt"))]
    if SEED.exists():
        texts.append(Document(SEED.read_bytes(), SEED.name))
    htmls = [Document(p.read_bytes(), p.name, content_type="text/html")
             for p in sorted(ROOT.glob("samples/**/*.html"))]
    return texts, htmls


def _rate(fn, docs: list, seconds: float) -> float:
    """Documents per second, over whole passes until ``seconds`` have gone by."""
    fn(docs[0])  # warm caches (detector, cues) outside the timing
    done, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds or done == 0:
        for doc in docs:
            fn(doc)
        done += len(docs)
    return done / elapsed


def _bare_with_metadata(html: str):
    """What trafilatura itself costs when asked for the metadata the Article needs."""
    return trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="per measurement and round")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    texts, htmls = _inputs()
    html_strings = [d.data.decode("utf-8", "replace") for d in htmls]
    runs: dict[str, list[float]] = {"text": [], "ours": [], "bare": [], "meta": []}
    for _ in range(args.rounds):  # interleaved, so a noisy neighbour hits all alike
        runs["text"].append(_rate(clean_document, texts, args.seconds))
        runs["ours"].append(_rate(clean_document, htmls, args.seconds))
        runs["bare"].append(_rate(trafilatura.extract, html_strings, args.seconds))
        runs["meta"].append(_rate(_bare_with_metadata, html_strings, args.seconds))
    rate = {name: statistics.median(values) for name, values in runs.items()}
    print(f"python {sys.version.split()[0]}, trafilatura {trafilatura.__version__}, "
          f"median of {args.rounds} rounds")
    print(f"plain text  newsevents clean       : {rate['text']:7.1f} docs/s "
          f"({len(texts)} distinct documents)")
    print(f"HTML        newsevents clean       : {rate['ours']:7.1f} docs/s "
          f"({len(htmls)} distinct documents)")
    print(f"HTML        trafilatura.extract    : {rate['bare']:7.1f} docs/s")
    print(f"HTML        trafilatura + metadata : {rate['meta']:7.1f} docs/s")
    print(f"ratio ours / trafilatura.extract   : {rate['ours'] / rate['bare']:.2f}x")
    print(f"ratio ours / trafilatura + metadata: {rate['ours'] / rate['meta']:.2f}x")


if __name__ == "__main__":
    main()
