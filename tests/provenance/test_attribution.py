"""Attribution chains: who said it, through whom, and where it was read."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from events.models import AttributionStep
from factfile import workflow
from factfile.editorial import WorkflowError
from factfile.published.models import PublishedRecord
from tests import factories
from tests import verified as v
from tests.factfile.test_admin_workflow import change_url, client_for, form_data

pytestmark = pytest.mark.django_db


def published(pk: int) -> dict:
    return PublishedRecord.objects.get(resource="statement", record_id=pk).data


@pytest.fixture
def people(reporter, fact_checker):  # type: ignore[no-untyped-def]
    return {
        "kagame": v.actor(reporter, fact_checker, name="Paul Kagame"),
        "makolo": v.actor(reporter, fact_checker, name="Yolande Makolo"),
        "ministry": v.actor(
            reporter,
            fact_checker,
            name="Ministry of Foreign Affairs",
            kind="government_body",
        ),
        "wire": v.source(reporter, fact_checker, publisher="Wire Service"),
    }


def chained(reporter, fact_checker, people, *steps, **fields):  # type: ignore[no-untyped-def]
    statement = factories.StatementFactory(
        created_by=reporter, speaker=people["kagame"], **fields
    )
    for position, (via, actor) in enumerate(steps, start=1):
        AttributionStep.objects.create(
            statement=statement, position=position, via=via, actor=actor
        )
    factories.CitationFactory(
        created_by=reporter, source=people["wire"], statement=statement
    )
    return v.verified(statement, author=reporter, checker=fact_checker)


def test_chain_in_the_api_and_every_citation_style(reporter, fact_checker, people):
    statement = chained(
        reporter,
        fact_checker,
        people,
        ("spokesperson", people["makolo"]),
        speaker_title="President of Rwanda",
    )
    body = APIClient().get(f"/api/v1/statements/{statement.pk}/").json()
    assert body["attribution_chain"] == (
        "Paul Kagame, quoted by Yolande Makolo, reported by Wire Service"
    )
    assert body["attribution"] == [
        {
            "via": "spokesperson",
            "label": "quoted by",
            "actor": {
                "type": "actor",
                "id": people["makolo"].pk,
                "name": "Yolande Makolo",
                "kind": "person",
            },
        }
    ]
    styles = body["citation_styles"]
    assert styles["text"].startswith(
        "Paul Kagame, President of Rwanda, quoted by Yolande Makolo, reported by "
        "Wire Service (17 March 2025):"
    )
    assert styles["markdown"].startswith(
        "**Paul Kagame**, President of Rwanda, quoted by Yolande Makolo, reported by"
    )
    assert "quoted by Yolande Makolo" in styles["html"]


def test_longer_chain_keeps_its_order(reporter, fact_checker, people):
    outlet = v.actor(reporter, fact_checker, name="Radio Example", kind="media_outlet")
    statement = chained(
        reporter,
        fact_checker,
        people,
        ("office", people["ministry"]),
        ("outlet", outlet),
    )
    assert published(statement.pk)["attribution_chain"] == (
        "Paul Kagame, relayed by Ministry of Foreign Affairs, reported by Radio "
        "Example, reported by Wire Service"
    )


def test_statement_without_intermediaries_has_no_chain(reporter, fact_checker, people):
    statement = chained(reporter, fact_checker, people)
    data = published(statement.pk)
    assert (data["attribution"], data["attribution_chain"]) == ([], "")
    assert data["citation_styles"]["text"].startswith("Paul Kagame (17 March 2025)")


def test_every_hand_in_the_chain_must_be_verified(reporter, fact_checker, people):
    unverified = factories.ActorFactory(created_by=reporter, name="Unnamed aide")
    statement = factories.StatementFactory(
        created_by=reporter, speaker=people["kagame"]
    )
    AttributionStep.objects.create(
        statement=statement, via="spokesperson", actor=unverified
    )
    factories.CitationFactory(
        created_by=reporter, source=people["wire"], statement=statement
    )
    workflow.submit(statement, by=reporter)
    with pytest.raises(WorkflowError, match="Unnamed aide, in the attribution chain"):
        workflow.verify(statement, by=fact_checker)


def test_chain_edit_is_a_pending_edit_until_corrected(reporter, fact_checker, people):
    statement = chained(reporter, fact_checker, people)
    client = client_for(reporter)
    data = form_data(client, statement)
    data |= {
        "attribution-TOTAL_FORMS": "1",
        "attribution-0-position": "1",
        "attribution-0-via": "social_media",
        "attribution-0-actor": str(people["makolo"].pk),
    }
    response = client.post(change_url(statement), data)
    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.has_pending_edit
    assert published(statement.pk)["attribution_chain"] == ""

    workflow.submit(statement, by=reporter)
    workflow.correct(statement, by=fact_checker, note="Added how the words reached us.")
    assert published(statement.pk)["attribution_chain"] == (
        "Paul Kagame, posted by Yolande Makolo, reported by Wire Service"
    )
