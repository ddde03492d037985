"""Merging an actor entered twice: everything moves, the old id redirects, revert."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from events.models import ActorMerge, Alias, Participant, Statement
from factfile import workflow
from factfile.editorial import WorkflowError
from factfile.published.models import ChangeEntry, PublishedRecord
from tests import factories
from tests import verified as v

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings):  # type: ignore[no-untyped-def]
    settings.FACTFILE_API_ANONYMOUS_RATE = "100000/min"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def twice(reporter, fact_checker):  # type: ignore[no-untyped-def]
    """Paul Kagame entered twice, each with a statement, an alias and an event."""
    survivor = v.actor(reporter, fact_checker, name="Paul Kagame")
    duplicate = v.actor(reporter, fact_checker, name="Paul Kagame (2)")
    Alias.objects.create(actor=survivor, name="Kagame")
    Alias.objects.create(actor=duplicate, name="Kagame")
    Alias.objects.create(actor=duplicate, name="P. Kagame")
    kept = v.statement(reporter, fact_checker, speaker=survivor, text="First words.")
    moved = v.statement(reporter, fact_checker, speaker=duplicate, text="Second words.")
    talks = v.event(
        reporter,
        fact_checker,
        participants=[(survivor, "participant"), (duplicate, "participant")],
    )
    return {
        "survivor": survivor,
        "duplicate": duplicate,
        "kept": kept,
        "moved": moved,
        "talks": talks,
    }


def merged(twice, reporter, fact_checker):  # type: ignore[no-untyped-def]
    merge = ActorMerge.objects.create(
        created_by=reporter,
        updated_by=reporter,
        duplicate=twice["duplicate"],
        survivor=twice["survivor"],
        reason="The same person, entered twice by the importer.",
    )
    workflow.submit(merge, by=reporter)
    workflow.verify(merge, by=fact_checker)
    merge.refresh_from_db()
    return merge


def published(resource: str, pk: int) -> dict:
    return PublishedRecord.objects.get(resource=resource, record_id=pk).data


def test_everything_that_pointed_to_the_duplicate_points_to_the_survivor(
    twice, reporter, fact_checker
):
    survivor, duplicate = twice["survivor"], twice["duplicate"]
    merge = merged(twice, reporter, fact_checker)

    assert Statement.objects.get(pk=twice["moved"].pk).speaker_id == survivor.pk
    assert not Statement.objects.filter(speaker=duplicate).exists()
    assert sorted(a.name for a in survivor.aliases.all()) == ["Kagame", "P. Kagame"]
    assert not duplicate.aliases.exists()
    assert list(
        Participant.objects.filter(event=twice["talks"]).values_list("actor", flat=True)
    ) == [survivor.pk]
    assert merge.merged_at is not None
    assert len(merge.moved["relinked"]) >= 2
    assert {row["model"] for row in merge.moved["removed"]} == {
        "events.Alias",
        "events.Participant",
    }


def test_public_records_embed_the_survivor(twice, reporter, fact_checker):
    survivor = twice["survivor"]
    merged(twice, reporter, fact_checker)

    speaker = published("statement", twice["moved"].pk)["speaker"]
    assert (speaker["id"], speaker["name"]) == (survivor.pk, "Paul Kagame")
    participants = published("event", twice["talks"].pk)["participants"]
    assert {p["actor"]["id"] for p in participants} == {survivor.pk}
    api = APIClient()
    listed = api.get("/api/v1/statements/", {"speaker": survivor.pk}).json()
    assert {s["id"] for s in listed["results"]} == {
        twice["kept"].pk,
        twice["moved"].pk,
    }
    actors = api.get("/api/v1/actors/").json()["results"]
    assert twice["duplicate"].pk not in {a["id"] for a in actors}


def test_duplicate_id_answers_a_permanent_redirect(twice, reporter, fact_checker):
    duplicate, survivor = twice["duplicate"], twice["survivor"]
    merged(twice, reporter, fact_checker)

    response = APIClient().get(f"/api/v1/actors/{duplicate.pk}/")
    assert response.status_code == 301
    assert response["Location"] == f"/api/v1/actors/{survivor.pk}/"
    assert response.json()["id"] == survivor.pk
    entry = (
        ChangeEntry.objects.filter(resource="actor", record_id=duplicate.pk)
        .order_by("seq")
        .last()
    )
    assert entry.action == "retracted"
    assert entry.note.startswith(f"Merged into Paul Kagame (actor {survivor.pk})")


def test_the_merge_needs_four_eyes(twice, reporter):
    merge = ActorMerge.objects.create(
        created_by=reporter,
        updated_by=reporter,
        duplicate=twice["duplicate"],
        survivor=twice["survivor"],
        reason="Same person.",
    )
    workflow.submit(merge, by=reporter)
    with pytest.raises(WorkflowError):
        workflow.verify(merge, by=reporter)
    assert Statement.objects.filter(speaker=twice["duplicate"]).exists()


def test_retracting_the_merge_reverts_it(
    twice, reporter, fact_checker, editor_in_chief
):
    duplicate, survivor = twice["duplicate"], twice["survivor"]
    merge = merged(twice, reporter, fact_checker)
    workflow.retract(
        merge, by=editor_in_chief, reason="Two different people after all."
    )

    assert Statement.objects.get(pk=twice["moved"].pk).speaker_id == duplicate.pk
    assert sorted(a.name for a in duplicate.aliases.all()) == ["Kagame", "P. Kagame"]
    assert sorted(a.name for a in survivor.aliases.all()) == ["Kagame"]
    assert set(
        Participant.objects.filter(event=twice["talks"]).values_list("actor", flat=True)
    ) == {survivor.pk, duplicate.pk}
    merge.refresh_from_db()
    assert merge.reverted_at is not None

    api = APIClient()
    response = api.get(f"/api/v1/actors/{duplicate.pk}/")
    assert response.status_code == 200
    assert response.json()["name"] == "Paul Kagame (2)"
    speaker = published("statement", twice["moved"].pk)["speaker"]
    assert speaker["id"] == duplicate.pk
    participants = published("event", twice["talks"].pk)["participants"]
    assert {p["actor"]["id"] for p in participants} == {survivor.pk, duplicate.pk}


def test_an_actor_merged_away_cannot_be_merged_again(twice, reporter, fact_checker):
    merged(twice, reporter, fact_checker)
    third = v.actor(reporter, fact_checker, name="Kagame, Paul")
    again = ActorMerge.objects.create(
        created_by=reporter,
        updated_by=reporter,
        duplicate=twice["duplicate"],
        survivor=third,
        reason="Again.",
    )
    workflow.submit(again, by=reporter)
    with pytest.raises(WorkflowError, match="already merged"):
        workflow.verify(again, by=fact_checker)


def test_draft_statements_of_the_duplicate_move_too(twice, reporter, fact_checker):
    draft = factories.StatementFactory(created_by=reporter, speaker=twice["duplicate"])
    merged(twice, reporter, fact_checker)
    draft.refresh_from_db()
    assert draft.speaker_id == twice["survivor"].pk
