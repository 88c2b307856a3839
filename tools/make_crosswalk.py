"""Build src/newsevents/data/plover/cameo_crosswalk.tsv from the CAMEO -> PLOVER crosswalk
(../shared/reference/CAMEO2PLOVER-2021.txt; Open Event Data Alliance, Philip Schrodt et al.;
CC BY-SA 4.0). The output keeps that licence and attribution in its header.

    .venv/bin/python tools/make_crosswalk.py
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT.parent / "shared" / "reference" / "CAMEO2PLOVER-2021.txt"
OUT = ROOT / "src/newsevents/data/plover/cameo_crosswalk.tsv"
LINE = re.compile(r"^(?P<code>\d{2,4}):\s*(?P<rest>[^#]*)#\s*(?P<desc>.*)$")


def main() -> None:
    rows = []
    for line in SOURCE.read_text(encoding="utf-8").splitlines():
        m = LINE.match(line.strip())
        if not m:
            continue
        fields = [f.strip() for f in m["rest"].split(",")]
        event = fields[0] if fields else ""
        mode = fields[1] if len(fields) > 1 else ""
        context = fields[2] if len(fields) > 2 else ""
        rows.append((m["code"], event, mode, context, m["desc"].strip()))
    header = (
        "# CAMEO -> PLOVER crosswalk, derived from CAMEO2PLOVER-2021.txt (PLOVER manual draft\n"
        "# 0.8; Open Event Data Alliance, Philip Schrodt, Andrew Halterman et al.). Licensed\n"
        "# CC BY-SA 4.0 like its source. Built by tools/make_crosswalk.py.\n"
        "# cameo\tevent\tmode\tcontext\tdescription\n"
    )
    OUT.write_text(header + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    print(f"wrote {len(rows)} rows to {OUT}")


if __name__ == "__main__":
    main()
