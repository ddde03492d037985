"""Find the direct quotes of an article, in every style newsrooms use.

“…” and "…" (English), « … » with or without inner spaces (French), „…“
(German and others), with '…' or ‘…’ nested inside: a nested quote is part
of the quote around it. Quotes stay within a paragraph. Very short quoted
words ("disproportionate", a title) are not proposed as statements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from events.suggesting.spans import Taken

MIN_WORDS = 4
# Opening mark -> the marks that may close it.
_CLOSERS = {
    "\u201c": ("\u201d", '"'),
    "\u201e": ("\u201c", "\u201d"),
    "\u00ab": ("\u00bb",),
    '"': ('"', "\u201d"),
}
_OPENER = re.compile("[" + "".join(_CLOSERS) + "]")
_CLOSER = {
    opener: re.compile("[" + "".join(closers) + "]")
    for opener, closers in _CLOSERS.items()
}
_GUILLEMET = re.compile("[\u00ab\u00bb]")
_SPACE = " \u00a0\u202f\u2009\t"
# A word: no word of an article is longer than this, and a bound keeps
# counting them linear however the quote is written.
_WORD = re.compile(r"[^\W_]{1,100}(?:['’\-][^\W_]{1,100}){0,20}")


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


# Quotes, events and their sentences all read the paragraphs of one text.
@lru_cache(maxsize=1)
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
    closes = _Closes(text, start, end)
    index = start
    while match := _OPENER.search(text, index, end):
        index = match.start()
        close = None if _is_inch_mark(text, index) else closes.after(index)
        if close is None:
            index += 1
            continue
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
    return found


def _is_inch_mark(text: str, index: int) -> bool:
    return text[index] == '"' and index > 0 and text[index - 1].isdigit()


class _Closes:
    """Where each opening mark of a paragraph closes, each character read once.

    A mark closes at the first of its closers after it; « at its matching
    », nested « » pairs inside. A mark with no closer after it tells that
    no later mark of its kind has one either, so that search is not redone
    for each of a thousand unclosed marks.
    """

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text, self.end = text, end
        self.start = start
        self.unclosed: set[str] = set()
        self.pairs: dict[int, int] | None = None

    def after(self, open_at: int) -> int | None:
        opener = self.text[open_at]
        if opener == "\u00ab":
            return self._guillemets().get(open_at)
        if opener in self.unclosed:
            return None
        match = _CLOSER[opener].search(self.text, open_at + 1, self.end)
        if match is None:
            self.unclosed.add(opener)
            return None
        return match.start()

    def _guillemets(self) -> dict[int, int]:
        if self.pairs is None:
            self.pairs, opened = {}, []
            for mark in _GUILLEMET.finditer(self.text, self.start, self.end):
                if mark[0] == "\u00ab":
                    opened.append(mark.start())
                elif opened:
                    self.pairs[opened.pop()] = mark.start()
        return self.pairs
