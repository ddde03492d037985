"""A quote the fact file already has, and a quote from an unnamed source.

The same words from a second outlet become another citation of the
statement already there, not a second statement; an unnamed speaker is an
anonymous-source proposal the editor names, never a made-up actor.
"""

from __future__ import annotations

import datetime

import pytest

from events.models import Actor, Citation, Statement
from events.suggesting.drafting import accept, discard
from events.suggesting.records import Suggestion
from events.suggesting.repeats import same_words, words_of
from factfile.editorial import WorkflowError
from sources.importing.importer import import_file
from tests import factories

pytestmark = pytest.mark.django_db

FIRST = (
    "GOMA -- The governor spoke to the press on Monday.\n"
    "“We will reopen the crossing to trucks as soon as the engineers say "
    "the bridge is safe,” Governor Peter Cirimwami said on Monday.\n"
)
# A second outlet: straight marks, no accents lost, an ellipsis, a comma less.
SECOND = (
    "BUKAVU -- Traders welcomed the news.\n"
    '"We will reopen the crossing to trucks ... as soon as the engineers say '
    'the bridge is safe," said Governor Peter Cirimwami.\n'
)
PUBLISHED = datetime.date(2025, 6, 2)


def quote_suggestions() -> list[Suggestion]:
    return list(Suggestion.objects.filter(kind="quote").order_by("id"))


def test_the_same_quote_from_a_second_outlet_is_another_citation(reporter):
    import_file("first.txt", FIRST.encode(), by=reporter, published_on=PUBLISHED)
    statement = Statement.objects.get()
    outcome = import_file(
        "second.txt", SECOND.encode(), by=reporter, published_on=PUBLISHED
    )

    second = quote_suggestions()[-1]
    assert second.repeats == statement
    assert second.statement is None
    assert outcome.counts["already in the fact file"] == 1
    assert Statement.objects.count() == 1

    accept(second, by=reporter)
    second.refresh_from_db()
    assert Statement.objects.count() == 1
    citation = second.citation
    assert citation.statement == statement
    assert citation.source == outcome.source
    assert statement.citations.count() == 2


def test_discarding_the_second_outlets_quote_leaves_the_statement(reporter):
    import_file("first.txt", FIRST.encode(), by=reporter, published_on=PUBLISHED)
    import_file("second.txt", SECOND.encode(), by=reporter, published_on=PUBLISHED)
    discard(quote_suggestions()[-1], by=reporter)
    assert Statement.objects.count() == 1
    assert Citation.objects.filter(statement__isnull=False).count() == 1


def test_other_words_of_the_same_speaker_are_a_new_statement(reporter):
    import_file("first.txt", FIRST.encode(), by=reporter, published_on=PUBLISHED)
    other = FIRST.replace("reopen the crossing", "close the market").replace(
        "The governor", "The mayor"
    )
    import_file("other.txt", other.encode(), by=reporter, published_on=PUBLISHED)
    assert Statement.objects.count() == 2
    assert all(s.repeats is None for s in quote_suggestions())


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("Nous ne céderons pas.", "« Nous ne cederons pas »", True),
        ("We won’t give up, ever", "We won't give up... ever", True),
        (
            "The talks were useful and we will meet again next month in Nairobi",
            "The talks were useful and we will meet again next month in Kampala",
            True,
        ),
        ("The talks were useful", "The talks were useless", False),
        ("", "", False),
    ],
)
def test_quotes_compare_after_marks_accents_and_ellipses(first, second, same):
    assert same_words(words_of(first), words_of(second)) is same


def test_an_unnamed_speaker_is_proposed_as_an_anonymous_source(reporter):
    text = (
        "UVIRA -- Boats returned to the port on Friday.\n"
        '"We lost three weeks of trade on this lake," said a trader who asked '
        "not to be named.\n"
    )
    import_file("port.txt", text.encode(), by=reporter, published_on=PUBLISHED)
    suggestion = Suggestion.objects.get(kind="quote")
    assert suggestion.anonymous
    assert suggestion.actor is None
    assert suggestion.statement is None
    assert suggestion.speaker_name == "a trader"
    assert not Actor.objects.filter(name__icontains="trader").exists()

    with pytest.raises(WorkflowError, match="unnamed"):
        accept(suggestion, by=reporter)
    # The editor names the body the source speaks for: the description stays.
    union = factories.ActorFactory(name="Uvira Traders Union", kind="organisation")
    suggestion.actor = union
    suggestion.save()
    accept(suggestion, by=reporter)
    statement = Statement.objects.get()
    assert (statement.speaker, statement.speaker_title) == (union, "a trader")


def test_a_statement_gets_the_channel_its_attribution_names(reporter):
    text = (
        "KINSHASA -- The minister answered questions on Tuesday.\n"
        '"Fuel prices will stay where they are this year," Energy Minister '
        "Aime Kalonji said in a phone interview on Tuesday.\n"
    )
    import_file("fuel.txt", text.encode(), by=reporter, published_on=PUBLISHED)
    statement = Statement.objects.get()
    assert statement.channel == Statement.Channel.PHONE_CALL
    assert statement.said_on == datetime.date(2025, 5, 27)


def test_an_official_statement_without_marks_is_a_draft_paraphrase(reporter):
    text = (
        "NAIROBI -- Traffic resumed at the border post on Monday.\n"
        "In a statement, the Ministry of Transport said that the road to Busia "
        "would reopen to lorries within a week.\n"
    )
    import_file("notice.txt", text.encode(), by=reporter, published_on=PUBLISHED)
    statement = Statement.objects.get()
    assert statement.kind == Statement.Kind.PARAPHRASE
    assert statement.speaker.name == "Ministry of Transport"
    assert statement.channel == Statement.Channel.PRESS_STATEMENT
    assert not statement.citations.get().is_broken
