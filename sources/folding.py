"""Fold names and phrases so that accents and case do not stop a match."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower-case ``text``, strip accents and squeeze white space: Prévot -> prevot."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.casefold().split())
