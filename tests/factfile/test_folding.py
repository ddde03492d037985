"""Folding: the one definition every matcher, filter and index shares."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from factfile.folding import fold


def by_the_definition(text: str) -> str:
    """Decompose, drop every combining mark, case-fold, squeeze white space."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.casefold().split())


def test_accents_case_and_spacing_do_not_stop_a_match():
    assert fold("Maxime  Prévot") == "maxime prevot"
    assert fold(" Félix\tTSHISEKEDI\n") == "felix tshisekedi"
    assert fold("Nduhungirehe") == "nduhungirehe"


def test_letters_outside_latin_are_folded_too():
    assert fold("Ελλάδα") == "ελλαδα"  # Greek tonos
    assert fold("Йошкар") == "иошкар"  # Cyrillic breve
    assert fold("Straße") == "strasse"  # case folding, not lower-casing
    assert fold("ﬁnance") == "finance"  # compatibility ligature


@given(st.text(max_size=60))
def test_the_fast_path_agrees_with_the_definition(text):
    assert fold(text) == by_the_definition(text)


@given(st.text(max_size=60))
def test_folding_twice_changes_nothing(text):
    assert fold(fold(text)) == fold(text)
