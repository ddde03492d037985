"""Every relative form docs/importing.md lists resolves against the publication date.

The publication date is a Friday, 13 June 2025: "on Friday" and « vendredi »
are that day; a bare weekday is the last one before it, unless a word of the
future comes first; a habit ("every Monday") is no date.
"""

from __future__ import annotations

import datetime

import pytest

from events.suggesting.dating import find_dates

FRIDAY = datetime.date(2025, 6, 13)


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "He spoke today.", "2025-06-13"),
        ("en", "He spoke yesterday.", "2025-06-12"),
        ("en", "He spoke this morning.", "2025-06-13"),
        ("en", "He spoke last night.", "2025-06-12"),
        ("fr", "Il a parlé aujourd'hui.", "2025-06-13"),
        ("fr", "Il a parlé hier.", "2025-06-12"),
        ("fr", "Il a parlé avant-hier.", "2025-06-11"),
        ("fr", "Il a parlé ce matin.", "2025-06-13"),
        ("fr", "Il a parlé la nuit dernière.", "2025-06-12"),
        ("fr", "Le gouvernement a décidé ce jour de partir.", "2025-06-13"),
        ("nl", "Hij sprak vandaag.", "2025-06-13"),
        ("nl", "Hij sprak gisteren.", "2025-06-12"),
        ("nl", "Hij sprak gisteravond.", "2025-06-12"),
        ("nl", "Hij sprak eergisteren.", "2025-06-11"),
        ("nl", "Hij sprak vanochtend.", "2025-06-13"),
        ("nl", "Hij sprak vannacht.", "2025-06-13"),
        ("nl", "Hij sprak maandagavond.", "2025-06-09"),
        ("en", "He spoke on Tuesday.", "2025-06-10"),
        ("fr", "Il a parlé mardi.", "2025-06-10"),
        ("nl", "Hij sprak dinsdag.", "2025-06-10"),
        ("nl", "Hij sprak op dinsdag.", "2025-06-10"),
        ("en", "He spoke last Tuesday.", "2025-06-10"),
        ("fr", "Il a parlé mardi dernier.", "2025-06-10"),
        ("nl", "Hij sprak afgelopen dinsdag.", "2025-06-10"),
        ("nl", "Hij sprak vorige dinsdag.", "2025-06-10"),
        ("en", "He will speak next Tuesday.", "2025-06-17"),
        ("fr", "Il parlera mardi prochain.", "2025-06-17"),
        ("nl", "Hij spreekt komende dinsdag.", "2025-06-17"),
        ("nl", "Hij spreekt volgende dinsdag.", "2025-06-17"),
        ("en", "He spoke last week.", "2025-06"),
        ("fr", "Il a parlé la semaine dernière.", "2025-06"),
        ("nl", "Hij sprak vorige week.", "2025-06"),
        ("en", "He spoke last month.", "2025-05"),
        ("nl", "Hij sprak vorige maand.", "2025-05"),
        ("fr", "Il a parlé le mois dernier.", "2025-05"),
        ("en", "He spoke last year.", "2024"),
        ("fr", "Il a parlé l'an dernier.", "2024"),
        ("nl", "Hij sprak vorig jaar.", "2024"),
        ("en", "He spoke in March.", "2025-03"),
        ("fr", "Il a parlé en mars.", "2025-03"),
        ("nl", "Hij sprak in maart.", "2025-03"),
        ("en", "He will speak on Tuesday.", "2025-06-17"),
        ("fr", "Il va parler mardi.", "2025-06-17"),
        ("nl", "Hij zal dinsdag spreken.", "2025-06-17"),
        ("en", "He speaks every Monday.", None),
        ("fr", "Il parle chaque lundi.", None),
        ("nl", "Hij spreekt elke maandag.", None),
        ("fr", "Il a parlé lundi soir.", "2025-06-09"),
        ("en", "He spoke on Monday evening.", "2025-06-09"),
        ("fr", "Il a parlé jeudi dernier.", "2025-06-12"),
        ("en", "He spoke last Friday.", "2025-06-06"),
        ("fr", "Il a parlé vendredi.", "2025-06-13"),
        ("en", "He spoke on Friday.", "2025-06-13"),
    ],
)
def test_a_listed_relative_form_resolves(language, text, expected):
    found = find_dates(text, published_on=FRIDAY, language=language)
    assert (found[0].iso if found else None) == expected
