"""Position indexes: the things of a block or an article (mentions, times, quantities,
quotes) sorted by start once, and found by bisection, so that a rule run for every trigger,
pronoun or quote costs what its span holds, not what the whole block or article holds.

A ``SpanIndex`` keeps the order it was given (stable sort by start), so the first match of a
query is the first match a scan of the original, start-sorted sequence would give.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from typing import Generic, Protocol, TypeVar


class _Spanned(Protocol):
    start: int
    end: int


S = TypeVar("S", bound=_Spanned)


class SpanIndex(Sequence[S], Generic[S]):
    """Items with ``start``/``end`` offsets, sorted by start (stable), with range queries."""

    __slots__ = ("items", "starts", "longest")

    def __init__(self, items: Iterable[S] = ()) -> None:
        if isinstance(items, SpanIndex):
            self.items, self.starts, self.longest = items.items, items.starts, items.longest
            return
        self.items: list[S] = sorted(items, key=lambda s: s.start)
        self.starts = [s.start for s in self.items]
        self.longest = max((s.end - s.start for s in self.items), default=0)

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, i):  # type: ignore[override]
        return self.items[i]

    def __iter__(self) -> Iterator[S]:
        return iter(self.items)

    def between(self, start: int, end: int) -> list[S]:
        """Items that start in [start, end), in order."""
        return self.items[bisect_left(self.starts, start) : bisect_left(self.starts, end)]

    def inside(self, start: int, end: int) -> list[S]:
        """Items wholly inside [start, end], in order."""
        return [s for s in self.between(start, end) if s.end <= end]

    def overlapping(self, start: int, end: int) -> list[S]:
        """Items that overlap [start, end) (``s.start < end and start < s.end``), in order."""
        first = bisect_left(self.starts, start - self.longest)
        last = bisect_left(self.starts, end)
        return [s for s in self.items[first:last] if start < s.end]

    def at(self, position: int) -> list[S]:
        """Items that hold the position (``s.start <= position < s.end``), in order."""
        return self.overlapping(position, position + 1)

    def last_inside(self, start: int, end: int) -> S | None:
        """The last item (in order) wholly inside [start, end]: a walk back from ``end``
        that stops at the first fit."""
        j = bisect_left(self.starts, end) - 1
        while j >= 0 and self.starts[j] >= start:
            if self.items[j].end <= end:
                return self.items[j]
            j -= 1
        return None

    def window(self, start: int, end: int) -> SpanIndex[S]:
        """The sub-index of the items that start in [start, end)."""
        found = SpanIndex.__new__(SpanIndex)
        lo, hi = bisect_left(self.starts, start), bisect_left(self.starts, end)
        found.items, found.starts = self.items[lo:hi], self.starts[lo:hi]
        found.longest = self.longest
        return found


def indexed(items: Sequence[S]) -> SpanIndex[S]:
    """``items`` as a SpanIndex (itself when it already is one)."""
    return items if isinstance(items, SpanIndex) else SpanIndex(items)
