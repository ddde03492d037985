"""Events only from sentences reporting what happened, titled as an editor would."""

from __future__ import annotations

import pytest

from events.suggesting.analysis import analyse


def events(text: str, language: str = "en") -> list[str]:
    return [e.title for e in analyse(text, published_on=None, language=language).events]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Goods traffic through the border post will remain suspended.", "en"),
        ("The rebels could have captured the town by Friday.", "en"),
        ("Kenya is expected to deploy troops to the border next month.", "en"),
        ("The army threatened to attack the camp if talks failed.", "en"),
        (
            "If the rebels captured Uvira, thousands would flee across the lake.",
            "en",
        ),
        ("Once they have seized the airport, they will control the region.", "en"),
        ("Rwanda has not severed its relations with Belgium.", "en"),
        ("Le gouvernement pourrait suspendre la coopération avec Kigali.", "fr"),
        ("Les rebelles auraient attaqué le camp dans la nuit.", "fr"),
        ("Si l'armée avait attaqué le camp, la ville serait tombée.", "fr"),
        ("Le Burundi n'a pas fermé sa frontière avec la RDC.", "fr"),
        ("De regering zal de grens met Congo sluiten.", "nl"),
        ("Als de rebellen de stad innemen, zouden duizenden mensen vluchten.", "nl"),
    ],
)
def test_no_event_from_a_future_conditional_hypothetical_or_negated_sentence(
    text, language
):
    assert events(text, language) == []


def test_a_reported_event_keeps_its_headline_title():
    text = "Rwanda on Monday severed its diplomatic relations with Belgium."
    assert events(text) == ["Rwanda severed its diplomatic relations with Belgium"]


@pytest.mark.parametrize(
    "text",
    [
        "Aline, who fled with her family from Minova in January, comes every day.",
        "The talks were held in Kampala, which hosted the summit for the third time.",
        "They captured the town of Kiwanja on Monday after two days of fighting.",
    ],
)
def test_a_clause_fragment_is_never_a_title(text):
    for title in filter(None, events(text)):
        first = title.split()[0].lower()
        assert first not in {"who", "which", "once", "they"}, title


def test_an_event_without_an_editor_title_still_shows_its_sentence():
    text = "They captured the town of Kiwanja on Monday after two days of fighting."
    found = analyse(text, published_on=None).events
    assert [(e.title, e.kind) for e in found] == [("", "military")]
