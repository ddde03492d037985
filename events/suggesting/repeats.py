"""Tell whether an imported quote is a statement the fact file already has.

The same words quoted by a second outlet differ in small ways: curly or
straight quotation marks and apostrophes, accents, case, an ellipsis where
words were left out, a comma. ``words_of`` reads a quote into the words
that remain; two quotes are the same when those words are equal, or nearly
so (``NEAR`` of them in the same order, for quotes of a sentence or more).
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from sources.folding import fold

NEAR = 0.9
# Only quotes up to this many words are compared word by word: the
# comparison grows with the product of the lengths.
_MAX_WORDS = 400
_MIN_NEAR_WORDS = 8
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_ELLIPSIS = re.compile(r"\[?(?:…|\.\.\.)\]?")


def words_of(text: str) -> tuple[str, ...]:
    """The folded words of a quote, without its marks, ellipses and punctuation."""
    folded = fold(_ELLIPSIS.sub(" ", text)).replace("’", "'")
    return tuple(_WORD.findall(folded))


def same_words(first: tuple[str, ...], second: tuple[str, ...]) -> bool:
    """Whether two quotes read as the same words, or nearly."""
    if first == second:
        return bool(first)
    shorter, longer = sorted((len(first), len(second)))
    if shorter < _MIN_NEAR_WORDS or longer > _MAX_WORDS or shorter < NEAR * longer:
        return False
    return SequenceMatcher(None, first, second, autojunk=False).ratio() >= NEAR
