"""New draft actors: people and bodies the text names, not headline words or lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from events.suggesting.analysis import analyse, new_actor_names
from events.suggesting.records import Suggestion
from sources.importing.importer import import_file

SEED = Path(__file__).resolve().parent.parent.parent / "sources" / "seed_articles"


def names(text: str) -> list[str]:
    return [name for name, _ in new_actor_names(analyse(text, published_on=None))]


def test_a_headline_in_title_case_proposes_no_actor():
    text = (
        "The United States Calls on Rwanda and DRC for De-escalation\n"
        "The Southern African Development Community (SADC) met on Monday.\n"
    )
    assert names(text) == ["Southern African Development Community"]


def test_two_names_joined_by_and_are_two_actors():
    text = (
        "Rwanda and the Democratic Republic of Congo agreed on Friday.\n"
        "The Southern African Development Community (SADC) and the East African "
        "Community held a meeting.\n"
    )
    assert names(text) == [
        "Democratic Republic of Congo",
        "Southern African Development Community",
        "East African Community",
    ]


def test_a_generic_or_cut_name_is_not_an_actor():
    text = (
        "India is represented through its High Commission in Kigali.\n"
        "BUKAVU (République démocratique du Congo) -- Selon la Mission des "
        "Nations unies (Monusco), les écoles ferment.\n"
        "Ties with the People's Republic of China grew.\n"
    )
    assert names(text) == ["Mission des Nations unies", "People's Republic of China"]


def test_names_in_a_reference_list_are_not_proposed():
    text = (
        "Rwanda has an embassy in Brussels.\n\nReferences\n\n"
        "[3] Embassy of Belgium in Kigali (in Dutch, English and French)\n"
    )
    assert names(text) == []


@pytest.mark.django_db
def test_a_long_reference_page_proposes_only_the_actors_it_names(reporter):
    data = (SEED / "002_f992ec5f27f408d0.txt").read_bytes()
    import_file("002.txt", data, by=reporter)
    proposed = sorted(
        Suggestion.objects.filter(kind="actor").values_list("actor__name", flat=True)
    )
    assert "High Commission" not in proposed
    assert "Embassy of Belgium" not in proposed
    assert len(proposed) <= 20, proposed
