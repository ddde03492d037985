"""Relative dates in Dutch, and the few English and French ones added with them.

Resolved against the publication date (Thursday 10 April 2025), with the
precision the phrase gives.
"""

from __future__ import annotations

import datetime

import pytest

from events.suggesting.dating import find_dates

THURSDAY = datetime.date(2025, 4, 10)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hij zei het gisteravond.", ("gisteravond", "2025-04-09", "day")),
        ("Hij zei het gisteren.", ("gisteren", "2025-04-09", "day")),
        ("Dat gebeurde eergisteren.", ("eergisteren", "2025-04-08", "day")),
        ("Afgelopen maandag kwam hij.", ("Afgelopen maandag", "2025-04-07", "day")),
        ("Hij vertrok maandagavond.", ("maandagavond", "2025-04-07", "day")),
        ("Hij belde dinsdag.", ("dinsdag", "2025-04-08", "day")),
        ("Vorige maand was het rustig.", ("Vorige maand", "2025-03", "month")),
        ("Vorig jaar was het rustig.", ("Vorig jaar", "2024", "year")),
        ("Het begon begin maart.", ("begin maart", "2025-03", "month")),
        ("Last night he said so.", ("Last night", "2025-04-09", "day")),
        ("Il l'a dit avant-hier.", ("avant-hier", "2025-04-08", "day")),
        (
            "Ils sont partis la nuit dernière.",
            ("la nuit dernière", "2025-04-09", "day"),
        ),
    ],
)
def test_a_relative_phrase_resolves_against_the_publication_date(text, expected):
    (mention,) = find_dates(text, published_on=THURSDAY, language="nl")
    assert (mention.phrase, mention.iso, str(mention.precision)) == expected


def test_a_weekday_after_a_dutch_word_of_the_future_is_the_next_one():
    (mention,) = find_dates(
        "De minister zal zaterdag naar Goma reizen.", published_on=THURSDAY
    )
    assert mention.iso == "2025-04-12"


def test_de_morgen_is_a_newspaper_not_tomorrow():
    assert find_dates("zei hij tegen De Morgen.", published_on=THURSDAY) == []
