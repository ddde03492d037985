"""Statement dates: relative to the publication, never after it, and the day's
own for a live blog's entries and a press release's quotes.

Short texts written for these tests.
"""

from __future__ import annotations

import datetime

import pytest

from events.suggesting.analysis import analyse, is_same_day

# A Wednesday.
PUBLISHED = datetime.date(2025, 4, 16)


def dates(text: str, language: str) -> list[str | None]:
    found = analyse(text, published_on=PUBLISHED, language=language).quotes
    return [p.said_on.iso if p.said_on else None for p in found]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        pytest.param(
            "en",
            "Live: floods in Uvira\n09:10 — The mayor, Jean Habimana, spoke to "
            'residents. "We are still counting the houses that fell," he said.\n'
            "09:40 — Rain has stopped.\n10:05 — Roads are closed.\n",
            ["2025-04-16"],
            id="en-live-blog-entry",
        ),
        pytest.param(
            "fr",
            "COMMUNIQUÉ DE PRESSE\nKinshasa, le 16 avril 2025\nLe ministère ouvre "
            "un centre. « Ce centre servira toute la province », a déclaré la "
            "ministre Alice Mukamana.",
            ["2025-04-16"],
            id="fr-press-release",
        ),
        pytest.param(
            "nl",
            "PERSBERICHT\nBrussel, 16 april 2025\nHet agentschap opent een "
            "waterpunt. „Dit water is voor iedereen”, zei directeur Karin Peeters.",
            ["2025-04-16"],
            id="nl-press-release",
        ),
    ],
)
def test_the_days_own_quotes_take_the_publication_day(language, text, expected):
    assert is_same_day(text)
    assert dates(text, language) == expected


@pytest.mark.parametrize(
    ("language", "text"),
    [
        pytest.param(
            "en",
            "GOMA, April 16 (Lakes Wire) — The spokesman, Jean Habimana, said "
            'engineers would reach the site on Saturday. "We have asked for a '
            'metal bridge," he said.',
            id="en-wire-a-future-day-is-not-the-statements",
        ),
        pytest.param(
            "en",
            "Traders crossed the river in canoes on Tuesday morning. "
            '"The canoes are dangerous for the children," said trader Aline '
            "Uwase.",
            id="en-feature-the-sentence-before-is-about-others",
        ),
        pytest.param(
            "fr",
            "Le porte-parole, Jean Habimana, a dit que les ingénieurs viendraient "
            "samedi prochain. « Nous avons demandé un pont », a-t-il ajouté.",
            id="fr-a-future-day-is-not-the-statements",
        ),
    ],
)
def test_an_undated_quote_of_a_story_stays_undated(language, text):
    assert not is_same_day(text)
    assert dates(text, language) == [None]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        pytest.param(
            "en",
            "Minister Olivier Nduhungirehe spoke after the talks. He told "
            'reporters on Friday that talks had failed. "We will try '
            'again next month," he said.',
            "2025-04-11",
            id="en-on-friday-is-the-last-friday-before",
        ),
        pytest.param(
            "fr",
            "« Nous ne partirons pas d'ici », a déclaré hier le maire Jean Habimana.",
            "2025-04-15",
            id="fr-hier",
        ),
        pytest.param(
            "nl",
            "„We blijven hier tot het water zakt”, zei burgemeester Jan Peeters "
            "gisteren.",
            "2025-04-15",
            id="nl-gisteren",
        ),
    ],
)
def test_relative_days_in_the_attribution(language, text, expected):
    assert dates(text, language)[-1] == expected
