"""Find a quoted passage in a source's text and pin it there.

A passage copied from an article rarely matches the stored text byte for
byte: the quotes may be curly on one side and straight on the other, a dash
may be an en dash or a hyphen, line breaks and double spaces differ, and a
quote that opens a sentence is often capitalised where the source has it in
lower case. Matching forgives exactly those differences and nothing more.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

CONTEXT_CHARS = 32

_FOLD = {
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033", '"'),
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032", "'"),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
}
_FOLD_TABLE = str.maketrans(_FOLD)
# White space as str.isspace() sees it, which is what \s means for str.
_SPACES = re.compile(r"\s+")


class PassageNotFound(Exception):
    """The passage does not occur in the text; the message says why."""


@dataclass(frozen=True)
class Anchor:
    """Where a passage stands in a text, with a little text around it."""

    start: int
    end: int
    prefix: str
    suffix: str


def fold(text: str) -> tuple[str, Sequence[int]]:
    """Fold quotes, dashes and white space; map each folded char to its origin.

    ``offsets[i]`` is the index in ``text`` of the folded character ``i``.
    """
    # A step per run of spaces rather than per character: an article of a
    # megabyte folds in a fraction of a second.
    offsets = array("q")
    position = 0
    for run in _SPACES.finditer(text):
        offsets.extend(range(position, run.start()))
        offsets.append(run.start())
        position = run.end()
    offsets.extend(range(position, len(text)))
    return _SPACES.sub(" ", text.translate(_FOLD_TABLE)), offsets


@lru_cache(maxsize=1)
def _fold_text(text: str) -> tuple[str, Sequence[int]]:
    """``fold`` of a source's text, kept while its citations are anchored one by one."""
    return fold(text)


def _occurrences(haystack: str, needle: str) -> list[int]:
    found = []
    position = haystack.find(needle)
    while position != -1:
        found.append(position)
        position = haystack.find(needle, position + 1)
    return found


def _context_score(folded: str, start: int, end: int, before: str, after: str) -> int:
    """How many characters of the folded context still surround a candidate."""
    score = 0
    if before and folded.endswith(before, 0, start):
        score += len(before)
    if after and folded.startswith(after, end):
        score += len(after)
    return score


def locate(
    text: str,
    passage: str,
    *,
    prefix: str = "",
    suffix: str = "",
    near: int | None = None,
) -> Anchor:
    """Find ``passage`` in ``text``; raise PassageNotFound if it is not there.

    When the passage occurs more than once, the stored ``prefix`` and
    ``suffix`` choose between the occurrences, then closeness to ``near``
    (the previous start), then the first one.
    """
    needle = fold(passage)[0].strip()
    if not needle:
        raise PassageNotFound("The passage is empty.")
    if not text:
        raise PassageNotFound("The source has no text.")
    folded, offsets = _fold_text(text)
    starts = _occurrences(folded, needle)
    variant = needle[0].swapcase() + needle[1:]
    if variant != needle:
        starts += _occurrences(folded, variant)
    if not starts:
        raise PassageNotFound(
            f"The passage “{passage.strip()[:80]}” does not occur in the source text."
        )
    length = len(needle)
    before, after = fold(prefix)[0].lstrip(), fold(suffix)[0].rstrip()

    def rank(candidate: int) -> tuple[int, int, int]:
        context = _context_score(folded, candidate, candidate + length, before, after)
        distance = abs(offsets[candidate] - near) if near is not None else 0
        return (-context, distance, candidate)

    best = min(starts, key=rank)
    start = offsets[best]
    end = offsets[best + length - 1] + 1
    return Anchor(
        start=start,
        end=end,
        prefix=text[max(0, start - CONTEXT_CHARS) : start],
        suffix=text[end : end + CONTEXT_CHARS],
    )
