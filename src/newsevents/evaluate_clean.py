"""How much of each page's article body the clean stage keeps, beside bare trafilatura:
``newsevents evaluate clean DIR`` (docs/EVALUATION.md, "Clean stage").

DIR holds pages ``NAME.html`` with their expected body ``NAME.body.txt`` (the article's
paragraphs, one per line; tests/clean/corpus/README.md). Both extractions are scored against
it by 4-word shingles: the sets of four consecutive words (lower case, split on white
space), recall = shared / expected, precision = shared / extracted. newsevents' body is
``lede`` followed by the paragraphs and section headings (README: each sentence once); the
baseline is ``trafilatura.extract`` with its defaults on the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

SHINGLE = 4


def shingles(text: str, n: int = SHINGLE) -> set[tuple[str, ...]]:
    words = text.lower().split()
    if len(words) < n:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


@dataclass(slots=True)
class Overlap:
    """Shingles shared with the expected body, extracted, expected."""

    shared: int = 0
    extracted: int = 0
    expected: int = 0

    def add(self, other: Overlap) -> None:
        self.shared += other.shared
        self.extracted += other.extracted
        self.expected += other.expected

    @property
    def recall(self) -> float:
        return self.shared / self.expected if self.expected else 0.0

    @property
    def precision(self) -> float:
        return self.shared / self.extracted if self.extracted else 0.0

    @property
    def f1(self) -> float:
        r, p = self.recall, self.precision
        return 2 * r * p / (r + p) if r + p else 0.0


def overlap(extracted: str, expected: str) -> Overlap:
    got, want = shingles(extracted), shingles(expected)
    return Overlap(len(got & want), len(got), len(want))


@dataclass(slots=True)
class PageScore:
    page: str
    ours: Overlap
    bare: Overlap
    error: str | None = None  # the clean stage refused the page


@dataclass(slots=True)
class CleanScore:
    pages: list[PageScore] = field(default_factory=list)

    def total(self, which: str) -> Overlap:
        """Shingles summed over the corpus (micro-averaged)."""
        out = Overlap()
        for page in self.pages:
            out.add(getattr(page, which))
        return out


def body_text(article) -> str:
    """The article's body as the README defines it: ``lede`` then the paragraphs and
    headings, in text order."""
    blocks = sorted(article.paragraphs + article.headings, key=lambda p: p.start)
    lede = [article.lede] if article.lede_span else []
    return "\n\n".join(lede + [b.text for b in blocks])


def evaluate_clean(folder: Path) -> CleanScore:
    """Score every NAME.html of ``folder`` that has a NAME.body.txt."""
    import trafilatura

    from .clean import clean_document
    from .errors import InputError
    from .model import Document

    score = CleanScore()
    for page in sorted(folder.glob("*.html")):
        expected_path = page.with_name(page.stem + ".body.txt")
        if not expected_path.is_file():
            continue
        expected = expected_path.read_text(encoding="utf-8")
        data = page.read_bytes()
        bare = trafilatura.extract(data.decode("utf-8", "replace")) or ""
        try:
            article = clean_document(Document(data, page.name,
                                              content_type="text/html; charset=utf-8"))
            ours, error = body_text(article), None
        except InputError as exc:
            ours, error = "", str(exc)
        score.pages.append(PageScore(page.stem, overlap(ours, expected),
                                     overlap(bare, expected), error))
    return score
