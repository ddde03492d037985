"""The citation lookup shows relations, notices and translations of a result."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from events.models import ActorName, Relation, Translation
from factfile import workflow
from tests import factories
from tests import verified as v

pytestmark = pytest.mark.django_db
URL = "/api/v1/lookup/"


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings):  # type: ignore[no-untyped-def]
    settings.FACTFILE_API_ANONYMOUS_RATE = "100000/min"
    cache.clear()
    yield
    cache.clear()


def verify(record, *, author, checker):  # type: ignore[no-untyped-def]
    workflow.submit(record, by=author)
    workflow.verify(record, by=checker)
    return record


@pytest.fixture
def contradicted(reporter, fact_checker):  # type: ignore[no-untyped-def]
    speaker = v.actor(reporter, fact_checker, name="Yolande Makolo")
    earlier = v.statement(
        reporter, fact_checker, speaker=speaker, text="We remain committed to dialogue."
    )
    later = v.statement(
        reporter, fact_checker, speaker=speaker, text="Talks are suspended for now."
    )
    verify(
        Relation.objects.create(
            created_by=reporter,
            updated_by=reporter,
            statement=later,
            kind="supersedes",
            to_statement=earlier,
        ),
        author=reporter,
        checker=fact_checker,
    )
    return earlier, later


def result_for(pk: int, query: str) -> dict:
    body = APIClient().get(URL, {"q": query}).json()
    return next(r for r in body["results"] if r["id"] == pk)


def test_writer_sees_superseded_by_next_to_the_result(contradicted):
    earlier, later = contradicted
    display = result_for(earlier.pk, "committed dialogue")["display"]
    assert display["relations"] == [
        "Superseded by Yolande Makolo: “Talks are suspended for now.”"
    ]
    page = APIClient().get("/lookup/", {"q": "committed dialogue"}).content.decode()
    assert "Superseded by Yolande Makolo" in page
    later_display = result_for(later.pk, "suspended")["display"]
    assert later_display["relations"][0].startswith("Supersedes Yolande Makolo")


def test_statement_is_found_by_its_translation(reporter, fact_checker):
    statement = v.statement(reporter, fact_checker, text="Nous restons engagés.")
    verify(
        Translation.objects.create(
            created_by=reporter,
            updated_by=reporter,
            statement=statement,
            language="en",
            text="We stay committed.",
            kind="newsroom",
        ),
        author=reporter,
        checker=fact_checker,
    )
    found = result_for(statement.pk, "stay committed")
    assert found["display"]["translation"] == {
        "language": "en",
        "text": "We stay committed.",
        "translated_by": "the newsroom's translation",
    }
    assert result_for(statement.pk, "restons engages")["id"] == statement.pk


def test_actor_is_found_by_a_former_name(reporter, fact_checker):
    group = factories.ActorFactory(
        created_by=reporter, name="March 23 Movement", kind="armed_group"
    )
    ActorName.objects.create(actor=group, name="Congolese Revolutionary Army")
    v.verified(group, author=reporter, checker=fact_checker)
    statement = v.statement(reporter, fact_checker, speaker=group, text="We hold.")

    results = APIClient().get(URL, {"q": "Revolutionary Army"}).json()["results"]
    assert statement.pk in {result["id"] for result in results}
