"""Which characters of a text are already taken, checked in constant time per span.

The suggesters skip what overlaps a caption, a quote or a phrase already
read; with a list of spans that check grows with the text, and a long page
becomes quadratic. A mark per character keeps it linear.
"""

from __future__ import annotations

from collections.abc import Iterable


class Taken:
    """The characters of a text of ``size`` characters that are taken."""

    def __init__(self, size: int, spans: Iterable[tuple[int, int]] = ()) -> None:
        self.marks = bytearray(size + 1)
        for start, end in spans:
            self.add(start, end)

    def add(self, start: int, end: int) -> None:
        start, end = max(start, 0), min(end, len(self.marks))
        if end > start:
            self.marks[start:end] = b"\x01" * (end - start)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether any character of ``[start, end)`` is taken."""
        return end > start and self.marks.find(1, max(start, 0), end) != -1
