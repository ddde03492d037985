"""Rules the database itself enforces, whatever path writes the row."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from events.models import Alias, Citation, Event, Role
from factfile.dates import Precision
from tests.factories import (
    ActorFactory,
    CitationFactory,
    EventFactory,
    SourceFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db


def refused(fn):
    with pytest.raises(IntegrityError), transaction.atomic():
        fn()


def test_citation_cites_exactly_one_statement_or_event(reporter):
    citation = CitationFactory(created_by=reporter)
    event = EventFactory(created_by=reporter)
    refused(lambda: Citation.objects.filter(pk=citation.pk).update(event=event))
    refused(lambda: Citation.objects.filter(pk=citation.pk).update(statement=None))


def test_resolved_citation_has_offsets(reporter):
    citation = CitationFactory(created_by=reporter)
    assert not citation.is_broken
    refused(
        lambda: Citation.objects.filter(pk=citation.pk).update(start=None, end=None)
    )
    refused(lambda: Citation.objects.filter(pk=citation.pk).update(end=0, start=5))


def test_alias_is_unique_per_actor_ignoring_case(reporter):
    drc = ActorFactory(created_by=reporter, name="Democratic Republic of the Congo")
    Alias.objects.create(actor=drc, name="DRC")
    refused(lambda: Alias.objects.create(actor=drc, name="drc"))
    Alias.objects.create(actor=ActorFactory(created_by=reporter), name="DRC")


def test_event_does_not_end_before_it_starts(reporter):
    event = EventFactory(created_by=reporter)
    refused(
        lambda: Event.objects.filter(pk=event.pk).update(
            ends_on=datetime.date(2025, 3, 1), ends_on_precision=Precision.DAY
        )
    )


def test_role_does_not_end_before_it_starts(reporter):
    actor = ActorFactory(created_by=reporter)
    refused(
        lambda: Role.objects.create(
            actor=actor,
            title="Minister",
            starts_on=datetime.date(2025, 1, 1),
            starts_on_precision=Precision.YEAR,
            ends_on=datetime.date(2024, 1, 1),
            ends_on_precision=Precision.YEAR,
        )
    )


def test_a_date_and_its_precision_agree(reporter):
    statement = StatementFactory(created_by=reporter)
    refused(
        lambda: (
            type(statement)
            .objects.filter(pk=statement.pk)
            .update(said_on=None, said_on_precision=Precision.DAY)
        )
    )
    refused(
        lambda: (
            type(statement)
            .objects.filter(pk=statement.pk)
            .update(said_on_precision=Precision.UNKNOWN)
        )
    )


def test_a_rating_needs_its_reasoning(reporter):
    statement = StatementFactory(created_by=reporter)
    refused(
        lambda: (
            type(statement).objects.filter(pk=statement.pk).update(claim_rating="false")
        )
    )


def test_a_source_is_not_derived_from_itself(reporter):
    source = SourceFactory(created_by=reporter)
    refused(
        lambda: type(source).objects.filter(pk=source.pk).update(derived_from=source)
    )


def test_an_event_relation_does_not_point_at_itself(reporter):
    event = EventFactory(created_by=reporter)
    refused(lambda: event.relations.create(kind="follows", to_event=event))


def test_editorial_records_are_protected_from_deletion_by_their_citations(reporter):
    citation = CitationFactory(created_by=reporter)
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        citation.source.delete()
    with pytest.raises(ProtectedError):
        citation.statement.delete()


def test_a_whole_date_typed_without_its_precision_is_a_day(reporter):
    # The form's precision starts at "unknown"; an editor who types a whole
    # date means that day, and is not refused for it.
    statement = StatementFactory(created_by=reporter)
    statement.said_on = datetime.date(2025, 3, 17)
    statement.said_on_precision = Precision.UNKNOWN
    statement.full_clean()
    assert statement.said_on_precision == Precision.DAY
    assert statement.said_on == datetime.date(2025, 3, 17)


def test_a_precision_without_its_date_is_still_refused(reporter):
    statement = StatementFactory(created_by=reporter)
    statement.said_on = None
    statement.said_on_precision = Precision.MONTH
    with pytest.raises(ValidationError) as refusal:
        statement.full_clean()
    assert "said_on" in refusal.value.message_dict
