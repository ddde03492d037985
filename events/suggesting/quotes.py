"""Find the direct quotes of an article, in every style newsrooms use.

“…” and "…" (English), « … » with or without inner spaces (French), „…“
(German and others), with '…' or ‘…’ nested inside: a nested quote is part
of the quote around it. Quotes stay within a paragraph. Very short quoted
words ("disproportionate", a title) are not proposed as statements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from events.suggesting.spans import Taken

MIN_WORDS = 4
# Opening mark -> the marks that may close it.
_CLOSERS = {
    "\u201c": ("\u201d", '"'),
    "\u201e": ("\u201c", "\u201d"),
    "\u00ab": ("\u00bb",),
    '"': ('"', "\u201d"),
}
_SPACE = " \u00a0\u202f\u2009\t"
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")


@dataclass(frozen=True)
class Quote:
    """A quoted passage: ``start``/``end`` bound the words inside the marks."""

    start: int
    end: int
    text: str
    open_at: int  # offset of the opening mark
    close_at: int  # offset just after the closing mark
    paragraph: tuple[int, int]

    @property
    def words(self) -> int:
        return len(_WORD.findall(self.text))


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty line of ``text``."""
    spans = []
    position = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if body.strip():
            spans.append((position, position + len(body)))
        position += len(line)
    return spans


def find_quotes(
    text: str, *, skip: list[tuple[int, int]] | None = None, min_words: int = MIN_WORDS
) -> list[Quote]:
    """Every top-level quote of ``text`` outside the ``skip`` spans, in order."""
    skipped = Taken(len(text), skip or [])
    quotes: list[Quote] = []
    for para_start, para_end in paragraphs(text):
        if skipped.overlaps(para_start, para_start + 1):
            continue
        quotes.extend(
            quote
            for quote in _quotes_in(text, para_start, para_end)
            if quote.words >= min_words
        )
    return quotes


def _quotes_in(text: str, start: int, end: int) -> list[Quote]:
    found: list[Quote] = []
    index = start
    while index < end:
        char = text[index]
        if char in _CLOSERS and not _is_inch_mark(text, index):
            close = _find_close(text, index, end)
            if close is not None:
                inner_start, inner_end = index + 1, close
                while inner_start < inner_end and text[inner_start] in _SPACE:
                    inner_start += 1
                while inner_end > inner_start and text[inner_end - 1] in _SPACE:
                    inner_end -= 1
                # The comma before "…," he said belongs to the sentence.
                if inner_end > inner_start and text[inner_end - 1] == ",":
                    inner_end -= 1
                found.append(
                    Quote(
                        start=inner_start,
                        end=inner_end,
                        text=text[inner_start:inner_end],
                        open_at=index,
                        close_at=close + 1,
                        paragraph=(start, end),
                    )
                )
                index = close + 1
                continue
        index += 1
    return found


def _is_inch_mark(text: str, index: int) -> bool:
    return text[index] == '"' and index > 0 and text[index - 1].isdigit()


def _find_close(text: str, open_at: int, end: int) -> int | None:
    opener = text[open_at]
    closers = _CLOSERS[opener]
    depth = 0
    index = open_at + 1
    while index < end:
        char = text[index]
        if opener == "\u00ab" and char == "\u00ab":
            depth += 1
        elif char in closers:
            if depth == 0:
                return index
            depth -= 1
        index += 1
    return None
