"""Cost of one big document: time and peak memory of clean + extract for plain-text news
documents of 0.1, 1 and 5 MB (issue 9, "bounded cost per document").

Each measurement runs in a fresh subprocess, so peak RSS (``resource.getrusage`` in the child)
is that document's alone, model and knowledge included. Beside ours, the bare ``nlp.pipe``
time of the same blocks (also in a fresh process) gives the share spaCy itself takes.

Run: .venv/bin/python benchmarks/scale_doc.py [--sizes 0.1 1 5] [--one-paragraph] [--no-bare]
Goals: <= 2 s and <= 600 MB at 1 MB (beyond spaCy's own parse time); linear growth to 5 MB.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time

# Sentences written for this benchmark; {a}/{b} actors, {p} places, {d} dates, {n} counts.
SENTENCES = [
    "{a} forces shelled positions near {p} on {d}, killing {n} civilians, officials said.",
    "{a} and {b} agreed in {p} on {d} to hold talks on a ceasefire.",
    "Police arrested {n} protesters in {p} on {d} after a march against rising prices.",
    "The foreign minister of {a} met his counterpart from {b} in {p} on {d}.",
    "{a} accused {b} of violating the truce, according to a statement issued on {d}.",
    "\"We will not accept this,\" the spokesman said in {p}, adding that {n} troops were ready.",
    "{a} pledged {n} million dollars in aid to {b} on {d}.",
    "Militants attacked an army base in {p} on {d}, wounding {n} soldiers.",
    "He said {a} would send {n} military helmets to {b} next month.",
    "{b} rejected the proposal from {a}, and its president called for new elections.",
    "Two days later, rebels seized the airport in {p} and {n} people fled the city.",
    "The attacks have been attributed to armed groups allied with {a}.",
    "Thousands of people protested in {p} on {d}, demanding the release of {n} prisoners.",
    "{a} imposed sanctions on {b} last week over its nuclear programme.",
]
ACTORS = ["Russia", "Ukraine", "China", "the United States", "France", "Germany", "Iran",
          "Israel", "Turkey", "Nigeria", "Kenya", "Ethiopia", "India", "Pakistan", "Brazil"]
PLACES = ["Kyiv", "Moscow", "Beijing", "Paris", "Berlin", "Tehran", "Ankara", "Lagos",
          "Nairobi", "Addis Ababa", "Baghdad", "Kabul", "Cairo", "Geneva", "Doha"]
DATES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "3 May 2023",
         "12 January 2024", "Sunday", "June 4, 2023", "Saturday"]
COUNTS = ["12", "three", "2,500", "forty", "seven", "150", "nine", "1,200", "two", "31"]


def make_document(size: int, one_paragraph: bool = False, seed: int = 9) -> str:
    """About ``size`` bytes of plain-text news: a title, then paragraphs of 3-6 sentences
    (one single paragraph with ``one_paragraph``)."""
    rng = random.Random(seed)
    parts = ["Fighting and talks across the region\n\n"]
    total = len(parts[0])
    paragraph: list[str] = []
    want = rng.randint(3, 6)
    while total < size:
        a, b = rng.sample(ACTORS, 2)
        sentence = rng.choice(SENTENCES).format(a=a, b=b, p=rng.choice(PLACES),
                                                d=rng.choice(DATES), n=rng.choice(COUNTS))
        sentence = sentence[0].upper() + sentence[1:]
        paragraph.append(sentence)
        total += len(sentence.encode()) + 1
        if not one_paragraph and len(paragraph) >= want:
            parts.append(" ".join(paragraph) + "\n\n")
            total += 1
            paragraph, want = [], rng.randint(3, 6)
    if paragraph:
        parts.append(" ".join(paragraph) + "\n")
    return "".join(parts)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def child(size: int, one_paragraph: bool, bare: bool) -> dict:
    """One measurement, in this (fresh) process."""
    text = make_document(size, one_paragraph)
    from newsevents import Pipeline, clean
    from newsevents.pipeline import article_blocks

    pipeline = Pipeline()
    t = time.perf_counter()
    pipeline.load()
    loaded = time.perf_counter() - t
    rss_loaded = _peak_mb()
    if bare:
        article = clean(text)
        texts = [article.text[b.start : b.end] for b in article_blocks(article) if b.english]
        nlp = pipeline.nlp
        t = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=pipeline.settings.nlp_batch_size):
            pass
        return {"seconds": time.perf_counter() - t, "peak_mb": _peak_mb(), "blocks": len(texts)}
    t = time.perf_counter()
    article = clean(text)
    cleaned = time.perf_counter() - t
    analysis = pipeline.extract(article)
    total = time.perf_counter() - t
    return {"bytes": len(text.encode()), "words": len(text.split()), "load": loaded,
            "clean": cleaned, "seconds": total, "peak_mb": _peak_mb(),
            "loaded_mb": rss_loaded, "events": len(analysis.events),
            "mentions": len(analysis.entities)}


def run_child(size: int, one_paragraph: bool, bare: bool) -> dict:
    args = [sys.executable, __file__, "--child", str(size)]
    if one_paragraph:
        args.append("--one-paragraph")
    if bare:
        args.append("--bare")
    done = subprocess.run(args, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.1, 1, 5],
                        help="document sizes in MB")
    parser.add_argument("--one-paragraph", action="store_true",
                        help="the whole document as one paragraph (windowed parsing)")
    parser.add_argument("--no-bare", action="store_true", help="skip the bare nlp.pipe runs")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--bare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(child(args.child, args.one_paragraph, args.bare)))
        return
    print(f"{'MB':>5} {'words':>8} {'clean s':>8} {'extract s':>10} {'peak MB':>8} "
          f"{'base MB':>8} {'events':>7} {'nlp.pipe s':>10} {'ratio':>6} {'ours s':>7}")
    for mb in args.sizes:
        size = int(mb * 1_000_000)
        ours = run_child(size, args.one_paragraph, False)
        bare = None if args.no_bare else run_child(size, args.one_paragraph, True)
        extract = ours["seconds"]
        line = (f"{mb:>5g} {ours['words']:>8} {ours['clean']:>8.2f} {extract:>10.2f} "
                f"{ours['peak_mb']:>8.0f} {ours['loaded_mb']:>8.0f} {ours['events']:>7}")
        if bare:
            line += (f" {bare['seconds']:>10.2f} {extract / bare['seconds']:>6.2f}"
                     f" {extract - bare['seconds']:>7.2f}")
        print(line, flush=True)
    print("extract s: clean + extract; base MB: peak after loading the model and knowledge; "
          "ratio: extract / bare nlp.pipe of the same blocks; ours s: extract - nlp.pipe")


if __name__ == "__main__":
    main()
