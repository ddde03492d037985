"""Attribution rules stated as grammar, each on sentences written for it.

Short texts in English, French and Dutch: the speaker is found where the
text establishes it, and left empty (never guessed) where it does not.
"""

from __future__ import annotations

import datetime

import pytest

from events.suggesting.analysis import analyse


def names(text: str, language: str, published_on: datetime.date | None = None):  # type: ignore[no-untyped-def]
    found = analyse(text, published_on=published_on, language=language).quotes
    return [
        None
        if proposal.speaker is None
        else "anonymous"
        if proposal.speaker.anonymous
        else proposal.speaker.name
        for proposal in found
    ]


def test_a_flemish_surname_keeps_its_capitalised_particle():
    text = (
        "Oud-minister Anouk Van Laere opende het centrum. "
        "„Elke gemeente krijgt een loket voor wie geen computer heeft,” zei ze."
    )
    assert names(text, "nl") == ["Anouk Van Laere"]


@pytest.mark.parametrize(
    ("text", "language", "speaker"),
    [
        (
            "Zijn woordvoerder, Koen Maes, bevestigde het bezoek. „De minister "
            "reist volgende week naar Kigali en Goma,” aldus de woordvoerder.",
            "nl",
            "Koen Maes",
        ),
        (
            'Her spokesman, David Okello, confirmed the visit. "The minister will '
            'travel to Kigali and Goma next week," the spokesman said.',
            "en",
            "David Okello",
        ),
        (
            "Son porte-parole, Didier Kasongo, a confirmé la visite. « Le ministre "
            "se rendra à Kigali la semaine prochaine », a ajouté le porte-parole.",
            "fr",
            "Didier Kasongo",
        ),
    ],
)
def test_a_role_is_the_person_named_with_it_after_a_possessive(text, language, speaker):
    assert names(text, language) == [speaker]


def test_who_follows_aldus_ends_before_when_and_where():
    text = (
        "De schepen van Gent, Wim Claeys, reageerde scherp. „De stad heeft dit "
        "nooit gevraagd en zal het ook niet betalen,” aldus Claeys op woensdag "
        "in de gemeenteraad."
    )
    assert names(text, "nl") == ["Wim Claeys"]


def said_on(text: str, language: str, published_on: datetime.date):  # type: ignore[no-untyped-def]
    found = analyse(text, published_on=published_on, language=language).quotes
    return [
        None if proposal.said_on is None else proposal.said_on.date
        for proposal in found
    ]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "La directrice de l'hôpital, Chantal Mugisha, a reçu la presse hier "
            "dans son bureau. Elle a détaillé les besoins en médicaments.\n"
            "« Nous manquons d'antibiotiques depuis trois semaines », a-t-elle "
            "déclaré.",
            "fr",
        ),
        (
            "Havenmeester Johan Claes ontving gisteren de pers op de kade. Hij "
            "toonde de nieuwe kranen.\n"
            "„Dit is de grootste investering sinds twintig jaar,” zei hij.",
            "nl",
        ),
        (
            "The head of the port, Grace Akello, met reporters yesterday at the "
            "docks. She showed them the new cranes.\n"
            '"This is the largest investment in twenty years," she said.',
            "en",
        ),
    ],
)
def test_the_occasion_two_sentences_up_dates_the_quote(text, language):
    published = datetime.date(2025, 5, 22)
    assert said_on(text, language, published) == [datetime.date(2025, 5, 21)]
