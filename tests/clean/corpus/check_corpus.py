#!/usr/bin/env python3
"""Sanity check for the clean-stage regression corpus.

Runs bare trafilatura (``trafilatura.extract(html, favor_recall=False)``) on every
``NAME.html`` in this folder and compares its output with ``NAME.body.txt`` using
4-word shingles (lowercased, split on whitespace, shingles as a set).
Prints recall / precision / F1 per page and the mean over the corpus.

Usage: python tests/clean/corpus/check_corpus.py [NAME ...]
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
N = 4


def shingles(text, n=N):
    words = text.lower().split()
    if len(words) < n:
        return {tuple(words)} if words else set()
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def score(pred, gold):
    p, g = shingles(pred or ""), shingles(gold)
    if not p or not g:
        return 0.0, 0.0, 0.0
    inter = len(p & g)
    r, pr = inter / len(g), inter / len(p)
    f = 2 * r * pr / (r + pr) if inter else 0.0
    return r, pr, f


def pages(names=None):
    found = sorted(f[:-5] for f in os.listdir(HERE) if f.endswith(".html"))
    return [n for n in found if not names or n in names]


def main(argv):
    import trafilatura

    rows = []
    for name in pages(argv[1:]):
        with open(os.path.join(HERE, name + ".html"), encoding="utf-8") as f:
            html = f.read()
        with open(os.path.join(HERE, name + ".body.txt"), encoding="utf-8") as f:
            gold = f.read()
        out = trafilatura.extract(html, favor_recall=False)
        r, p, f1 = score(out, gold)
        rows.append((name, r, p, f1))
        print("%-40s R=%.3f P=%.3f F1=%.3f" % (name, r, p, f1))
    if rows:
        k = len(rows)
        print("%-40s R=%.3f P=%.3f F1=%.3f  (%d pages)" % (
            "MEAN", sum(x[1] for x in rows) / k, sum(x[2] for x in rows) / k, sum(x[3] for x in rows) / k, k))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
