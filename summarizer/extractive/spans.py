"""Spans of an article: those a quotation's candidate has claimed, and the paragraph around a
position, each found by binary search so a long article is not scanned again per cue."""

from __future__ import annotations

import bisect
import re


class Spans:
    """Non-overlapping spans already claimed by a candidate, kept sorted so each check is a
    binary search, not a scan of every earlier candidate."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def free(self, start: int, end: int) -> bool:
        k = bisect.bisect_right(self.starts, start)
        if k > 0 and self.ends[k - 1] > start:  # the span starting before overlaps
            return False
        return not (k < len(self.starts) and self.starts[k] < end)

    def add(self, span: tuple[int, int]) -> None:
        start, end = span
        k = bisect.bisect_right(self.starts, start)
        if k > 0 and self.ends[k - 1] >= start:  # merge with what it touches: the union is what counts
            k -= 1
            start = self.starts[k]
        j = k
        while j < len(self.starts) and self.starts[j] <= end:
            end = max(end, self.ends[j])
            j += 1
        self.starts[k:j] = [start]
        self.ends[k:j] = [end]


def paragraph_index(text: str):
    """`bounds(pos)`: (start, end) of the paragraph around `pos`, found by bisecting the
    newlines once listed, not by scanning a long paragraph again for every cue in it."""
    breaks = [m.start() for m in re.finditer("\n", text)]

    def bounds(pos: int) -> tuple[int, int]:
        i = bisect.bisect_left(breaks, pos)
        start = breaks[i - 1] + 1 if i > 0 else 0
        return start, breaks[i] if i < len(breaks) else len(text)

    return bounds
