"""Event-coding throughput against bare ``nlp.pipe`` (issue 4's benchmark).

Events are coded inside the same batch pass as the rest of the analysis, so this is the
analysis benchmark (benchmarks/analyze.py) under the name issue 4 gives it: the "analyze"
line of its output is clean + analysis + events. Goal: >= 0.8x bare nlp.pipe.

Run: .venv/bin/python benchmarks/extract.py [--copies 8] [--rounds 3]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from analyze import main  # noqa: E402

if __name__ == "__main__":
    main()
