"""Fold text so that accents, case and spacing do not stop a match.

The one definition of folding: the importer matches names with it, the
published layer stores the API's ``q`` text with it, and the lookup indexes and
searches with it, so that each finds what the others wrote.
"""

from __future__ import annotations

import re
import unicodedata

# Combining marks of Latin letters; U+034F (the grapheme joiner) is not one.
_LATIN_MARKS = re.compile("[\u0300-\u034e\u0350-\u036f]")


def fold(text: str) -> str:
    """Lower-case ``text``, strip accents and squeeze white space: Prévot -> prevot."""
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        # Latin text loses its accents in one pass; anything else is checked
        # character by character.
        text = _LATIN_MARKS.sub("", decomposed)
        if not text.isascii():
            text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(text.casefold().split())
