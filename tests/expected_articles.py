"""Golden files: the expected Articles for every bundled sample, one JSON file per input.

Regenerate after a deliberate change with ``.venv/bin/python tests/expected_articles.py`` from
the repo root, then read the diff: every changed line must be an improvement.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from support import EXPECTED, ROOT, articles_for, expected_path, sample_inputs  # noqa: E402


def main() -> None:
    EXPECTED.mkdir(exist_ok=True)
    for sample in sample_inputs():
        path = expected_path(sample)
        text = json.dumps(articles_for(sample), ensure_ascii=False, indent=1) + "\n"
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
