"""What the importer reads and proposes is bounded where no article reaches."""

from __future__ import annotations

import datetime

import pytest

from events.suggesting.analysis import analyse
from events.suggesting.dating import MAX_DATEPARSER_PHRASES, find_dates
from events.suggesting.limits import MAX_SENTENCE_CHARS, MAX_SUGGESTIONS
from events.suggesting.records import Suggestion
from sources.importing.importer import import_file

pytestmark = pytest.mark.django_db


def test_an_article_gets_at_most_a_hundred_suggestions_of_a_kind(reporter):
    text = "".join(
        f"Talks were held in Luanda on {day} March 2025.\n" for day in range(1, 29)
    )
    text += "".join(
        f"Another round was held in {year}.\n" for year in range(1950, 2050)
    )

    outcome = import_file("long.txt", text.encode(), by=reporter)

    dates = Suggestion.objects.filter(kind=Suggestion.Kind.DATE)
    assert dates.count() == MAX_SUGGESTIONS
    # The first hundred, in the order of the text.
    assert dates.order_by("start").first().passage == "1 March 2025"
    assert "100 dates" in outcome.message
    assert "1 kind over the limit of 100" in outcome.message


def test_dateparser_confirms_only_the_first_distinct_dates_of_a_text():
    text = " ".join(f"On {day} March 2025 they met." for day in range(1, 26))

    rules = [mention.rule for mention in find_dates(text, published_on=None)]

    assert rules == ["absolute date (dateparser)"] * MAX_DATEPARSER_PHRASES + [
        "absolute date"
    ] * (25 - MAX_DATEPARSER_PHRASES)


def test_a_sentence_longer_than_a_sentence_is_not_read_for_events():
    event = "Rwanda on Monday severed diplomatic relations with Belgium"
    long = event + ", " + "and the talks went on " * (MAX_SENTENCE_CHARS // 20) + "."

    assert analyse(event + ".", published_on=None).events
    assert not analyse(long, published_on=None).events


def test_a_long_paragraph_naming_a_photographer_is_still_read():
    # A caption is a line under a photo; this is a paragraph of the story.
    paragraph = (
        "President Paul Kagame said the talks would go on (Photo by Jane Doe). "
        + "The delegations met again in Luanda on Tuesday. " * 50
    )

    names = [mention.name for mention in analyse(paragraph, published_on=None).names]

    assert "Paul Kagame" in names


def test_a_word_of_more_than_forty_letters_is_not_part_of_a_name():
    word = "Nduhungirehe" * 4
    text = f"Foreign Minister Olivier {word} said on Monday that talks would go on."

    names = [
        mention.name
        for mention in analyse(text, published_on=datetime.date(2025, 3, 17)).names
    ]

    assert names == ["Olivier"]
