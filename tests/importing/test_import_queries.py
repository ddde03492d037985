"""An import asks the database the same number of questions, short or long.

The drafts an article gives (statements, events, new actors) are saved one by
one, through the workflow and its history; everything else is read or written
in batches: the actors it names, their mentions, its dates, the suggestions.
So a longer article that names the same people and gives more dates costs no
more queries than a short one. (One INSERT holds up to 1,000 suggestions on
PostgreSQL and about 40 on SQLite, whose queries take at most 999 parameters;
past that, a batch more. An article gives at most 100 suggestions of each kind.)
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Actor
from events.suggesting.records import Suggestion
from sources.importing.importer import import_file
from tests import factories

STORY = (
    "KIGALI -- Rwanda on Monday severed its diplomatic relations with Belgium.\n"
    '"{quote}," Maxime Prevot said on Tuesday.\n'
)
# Each article its own quote: the second would otherwise be the first's
# statement again, cited, not drafted.
QUOTES = (
    "We take note of the decision and regret it",
    "Our embassy in Kigali stays open for every Belgian who needs it",
)
# A paragraph that names the known actors and gives dates, and reports
# nothing: a long article has many of them.
MORE = (
    "Traders from Goma who crossed to Rwanda on {day} March 2025 spoke of Belgium, "
    "of the DRC and of Maxime Prevot, as they had on {day} February 2025.\n"
)


def _import(text: str, name: str, user) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        outcome = import_file(
            name, text.encode(), by=user, published_on=datetime.date(2025, 3, 17)
        )
    assert outcome.result == "created", outcome.message
    return len(queries)


@pytest.mark.django_db
def test_an_import_costs_as_many_queries_for_a_long_article_as_for_a_short_one(
    reporter,
):
    for name, kind in [
        ("Rwanda", Actor.Kind.STATE),
        ("Belgium", Actor.Kind.STATE),
        ("Maxime Prevot", Actor.Kind.PERSON),
        ("DRC", Actor.Kind.STATE),
    ]:
        factories.ActorFactory(name=name, kind=kind)
    short = STORY.format(quote=QUOTES[0]) + MORE.format(day=1)
    # 12 paragraphs more: 32 suggestions, one INSERT on either database
    # (SQLite's 999 parameters hold 41 rows of a suggestion's 24 columns).
    long = STORY.format(quote=QUOTES[1]) + "".join(
        MORE.format(day=day) for day in range(2, 14)
    )

    short_queries = _import(short, "short.txt", reporter)
    long_queries = _import(long, "long.txt", reporter)

    dates = Suggestion.objects.filter(kind=Suggestion.Kind.DATE)
    assert dates.filter(import_record__file_name="short.txt").count() == 4
    assert dates.filter(import_record__file_name="long.txt").count() == 2 + 2 * 12
    mentions = Suggestion.objects.filter(kind=Suggestion.Kind.MENTION)
    assert mentions.filter(import_record__file_name="long.txt").count() == 4
    assert long_queries == short_queries
    # Pinned: a query per name, mention, date or suggestion would show here,
    # and so would one more per draft.
    assert short_queries == 33
