"""Names and titles valid at the date of a statement."""

from __future__ import annotations

import datetime

import pytest

from events.models import ActorName, Role
from factfile.dates import Precision
from factfile.published.models import PublishedRecord
from tests import factories
from tests import verified as v

pytestmark = pytest.mark.django_db


def published(resource: str, pk: int) -> dict:
    return PublishedRecord.objects.get(resource=resource, record_id=pk).data


@pytest.fixture
def renamed_group(reporter, fact_checker):  # type: ignore[no-untyped-def]
    """An armed group renamed in May 2013, which joined a coalition in 2023."""
    coalition = v.actor(
        reporter, fact_checker, name="Alliance Fleuve Congo", kind="armed_group"
    )
    group = factories.ActorFactory(
        created_by=reporter, name="March 23 Movement", kind="armed_group"
    )
    ActorName.objects.create(
        actor=group,
        name="Congolese Revolutionary Army",
        starts_on=datetime.date(2012, 5, 1),
        starts_on_precision=Precision.MONTH,
        ends_on=datetime.date(2013, 5, 1),
        ends_on_precision=Precision.MONTH,
    )
    Role.objects.create(
        actor=group,
        title="Member",
        organisation=coalition,
        starts_on=datetime.date(2023, 12, 15),
        starts_on_precision=Precision.DAY,
    )
    return v.verified(group, author=reporter, checker=fact_checker)


def said(reporter, fact_checker, speaker, day):  # type: ignore[no-untyped-def]
    return v.statement(
        reporter,
        fact_checker,
        speaker=speaker,
        said_on=day,
        said_on_precision=Precision.DAY,
        speaker_title="",
    )


def test_actor_lists_its_dated_names(renamed_group):
    data = published("actor", renamed_group.pk)
    assert data["names"] == [
        {
            "name": "Congolese Revolutionary Army",
            "starts_on": "2012-05",
            "ends_on": "2013-05",
        }
    ]


def test_statement_uses_the_name_valid_on_its_date(
    renamed_group, reporter, fact_checker
):
    before = said(reporter, fact_checker, renamed_group, datetime.date(2013, 5, 20))
    after = said(reporter, fact_checker, renamed_group, datetime.date(2013, 6, 2))

    then = published("statement", before.pk)
    assert then["speaker_as_of"] == {
        "name": "Congolese Revolutionary Army",
        "title": "",
    }
    assert then["speaker"]["name"] == "March 23 Movement"
    assert then["citation_styles"]["text"].startswith(
        "Congolese Revolutionary Army (20 May 2013):"
    )
    later = published("statement", after.pk)
    assert later["citation_styles"]["text"].startswith(
        "March 23 Movement (2 June 2013)"
    )


def test_statement_uses_the_role_valid_on_its_date(
    renamed_group, reporter, fact_checker
):
    before = said(reporter, fact_checker, renamed_group, datetime.date(2023, 12, 1))
    member = said(reporter, fact_checker, renamed_group, datetime.date(2024, 2, 1))

    assert published("statement", before.pk)["speaker_as_of"]["title"] == ""
    data = published("statement", member.pk)
    assert data["speaker_as_of"]["title"] == "Member, Alliance Fleuve Congo"
    assert data["citation_styles"]["text"].startswith(
        "March 23 Movement, Member, Alliance Fleuve Congo (1 February 2024):"
    )


def test_title_from_the_source_comes_first(renamed_group, reporter, fact_checker):
    statement = v.statement(
        reporter,
        fact_checker,
        speaker=renamed_group,
        said_on=datetime.date(2024, 2, 1),
        speaker_title="the rebel coalition's military wing",
    )
    text = published("statement", statement.pk)["citation_styles"]["text"]
    assert text.startswith("March 23 Movement, the rebel coalition's military wing")
