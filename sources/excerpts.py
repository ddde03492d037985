"""A cited passage with a little of the text around it, for reviewing it."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Sentences of context on each side, and at most this many characters of it.
SENTENCES = 2
CONTEXT_LIMIT = 400
# The end of a sentence: its punctuation, any closing quote, then space.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)]*\s+")


@dataclass(frozen=True)
class Excerpt:
    """The text before the passage, the passage, and the text after it."""

    before: str
    passage: str
    after: str
    cut_before: bool
    cut_after: bool


def excerpt(text: str, start: int, end: int, *, sentences: int = SENTENCES) -> Excerpt:
    """The passage ``text[start:end]`` with a few sentences on each side.

    Linear in the size of the context read, which is bounded: at most
    ``CONTEXT_LIMIT`` characters are searched on each side.
    """
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    window_start = max(0, start - CONTEXT_LIMIT)
    before_window = text[window_start:start]
    ends = [m.end() for m in _SENTENCE_END.finditer(before_window)]
    # The passage's own sentence, and ``sentences`` before it.
    cut = ends[-(sentences + 1)] if len(ends) > sentences else 0
    before = before_window[cut:]
    after_window = text[end : end + CONTEXT_LIMIT]
    found = [m.end() for m in _SENTENCE_END.finditer(after_window)]
    stop = found[sentences] if len(found) > sentences else len(after_window)
    after = after_window[:stop]
    return Excerpt(
        before=before,
        passage=text[start:end],
        after=after.rstrip(),
        cut_before=window_start + cut > 0,
        cut_after=end + stop < len(text),
    )
