"""The lookup's ranking SQL finds what the querysets that state its rules allow.

The ranking is written in SQL for speed, around the compiled SQL of
``findable()`` (which published rows the lookup shows); this compares what a
search returns with what that queryset says, record for record, with and
without a filter, so that the two cannot drift apart.
"""

from __future__ import annotations

import pytest

from factfile import workflow
from factfile.lookup.search import Filters, findable, search
from tests import factories
from tests import verified as v

pytestmark = pytest.mark.django_db

WORD = "zanzibar"


def found(filters: Filters | None = None) -> set[tuple[str, int]]:
    page = search(WORD, filters=filters, limit=100)
    assert not page.has_next
    return {(hit.kind, hit.record_id) for hit in page.hits}


def allowed(**narrowed: object) -> set[tuple[str, int]]:
    rows = findable().filter(**narrowed)
    return {
        (row.resource, row.record_id)
        for row in rows
        if WORD in str(row.data).lower() and row.resource != "citation"
    }


def test_the_search_and_the_queryset_agree(reporter, fact_checker, editor_in_chief):
    kagame = v.actor(reporter, fact_checker, name="Paul Kagame")
    prevot = v.actor(reporter, fact_checker, name="Maxime Prévot")
    kept = [
        v.statement(reporter, fact_checker, speaker=kagame, text=f"Zanzibar talk {n}.")
        for n in range(3)
    ]
    v.statement(reporter, fact_checker, speaker=prevot, text="Zanzibar accord.")
    gone = v.statement(reporter, fact_checker, speaker=kagame, text="Zanzibar lie.")
    workflow.retract(gone, by=editor_in_chief, reason="Never said.")
    v.event(reporter, fact_checker, title="Zanzibar summit held")
    # Not verified: in no published row, so in neither answer.
    factories.StatementFactory(created_by=reporter, text="Zanzibar draft.")

    everything = allowed()
    assert len(everything) == 6  # the retracted statement is findable, as withdrawn
    assert found() == everything

    by_kagame = Filters(speakers=[kagame.pk])
    assert found(by_kagame) == allowed(speaker_id=kagame.pk)
    assert {("statement", s.pk) for s in kept} <= found(by_kagame)

    events_only = Filters(kinds=["event"])
    assert found(events_only) == allowed(resource="event")
