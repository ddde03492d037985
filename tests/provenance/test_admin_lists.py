"""Admin lists of relations, translations and merges: queries do not grow."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import ActorMerge, Relation, Translation
from tests import factories
from tests.factfile.test_admin_workflow import client_for

pytestmark = pytest.mark.django_db


def make_rows(model_name: str, count: int, user) -> None:  # type: ignore[no-untyped-def]
    for _ in range(count):
        first = factories.StatementFactory(created_by=user)
        if model_name == "relation":
            second = factories.StatementFactory(created_by=user, speaker=first.speaker)
            Relation.objects.create(
                created_by=user,
                updated_by=user,
                statement=second,
                kind="contradicts",
                to_statement=first,
            )
        elif model_name == "translation":
            Translation.objects.create(
                created_by=user,
                updated_by=user,
                statement=first,
                language="fr",
                text="Nous restons engagés.",
            )
        else:
            ActorMerge.objects.create(
                created_by=user,
                updated_by=user,
                duplicate=factories.ActorFactory(created_by=user),
                survivor=first.speaker,
                reason="Entered twice.",
            )


def list_queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("model_name", ["relation", "translation", "actormerge"])
@pytest.mark.parametrize("query", ["", "?status__exact=draft", "?q=a"])
def test_changelist_queries_do_not_grow_with_rows(reporter, model_name, query):
    client = client_for(reporter)
    url = reverse(f"admin:events_{model_name}_changelist") + query
    make_rows(model_name, 1, reporter)
    client.get(url)
    with_one = list_queries(client, url)
    make_rows(model_name, 11, reporter)
    assert list_queries(client, url) == with_one


@pytest.mark.parametrize("query", ["?source_changes=review", "?source_changes=flagged"])
def test_source_changes_filter_queries_do_not_grow(reporter, query):
    client = client_for(reporter)
    url = reverse("admin:events_statement_changelist") + query
    factories.CitationFactory(created_by=reporter)
    client.get(url)
    with_one = list_queries(client, url)
    for _ in range(11):
        factories.CitationFactory(created_by=reporter)
    assert list_queries(client, url) == with_one


def test_reporter_sees_the_relation_list(reporter):
    make_rows("relation", 1, reporter)
    response = client_for(reporter).get(reverse("admin:events_relation_changelist"))
    assert response.status_code == 200
    assert "contradicts" in response.content.decode()
