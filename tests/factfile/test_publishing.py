from io import StringIO

import pytest
from django.core.management import call_command

from factfile import editorial, republishing, workflow
from factfile.published.models import ChangeEntry, PublishedRecord
from tests import verified as v

pytestmark = pytest.mark.django_db


def published(record):
    return PublishedRecord.objects.get(
        resource=record._meta.model_name, record_id=record.pk
    )


def snapshot():
    return {
        (row.resource, row.record_id): (
            row.data,
            row.version,
            row.seq,
            row.retracted_at,
            row.retraction_reason,
            sorted(row.links.values_list("relation", "value")),
        )
        for row in PublishedRecord.objects.all()
    }


def test_verifying_a_statement_publishes_it_and_everything_it_needs(
    reporter, fact_checker
):
    statement = v.statement(reporter, fact_checker, text="We remain committed.")

    row = published(statement)
    assert row.data["text"] == "We remain committed."
    assert row.data["speaker"]["name"] == statement.speaker.name
    assert row.data["citations"][0]["quote"] == "We remain committed to dialogue"
    assert row.version == statement.verified_version
    actions = list(
        ChangeEntry.objects.order_by("seq").values_list("action", "resource")
    )
    assert actions == [
        ("published", "actor"),
        ("published", "source"),
        ("published", "citation"),
        ("published", "statement"),
    ]


def test_a_draft_and_a_record_in_review_are_not_published(reporter):
    item = v.factories.StatementFactory(created_by=reporter)
    workflow.submit(item.speaker, by=reporter)

    assert not PublishedRecord.objects.exists()
    assert not ChangeEntry.objects.exists()


def test_a_pending_edit_leaves_the_published_version_unchanged(reporter, fact_checker):
    statement = v.statement(reporter, fact_checker, text="Original words.")
    before = snapshot()

    v.edit(statement, by=reporter, text="Edited words, not yet verified.")
    workflow.submit(statement, by=reporter)

    assert snapshot() == before


def test_correcting_writes_a_new_version_with_its_public_note(reporter, fact_checker):
    statement = v.statement(reporter, fact_checker, text="Original words.")
    v.edit(statement, by=reporter, text="Corrected words.")
    workflow.submit(statement, by=reporter)

    workflow.correct(statement, by=fact_checker, note="The quote was misspelled.")

    row = published(statement)
    assert row.data["text"] == "Corrected words."
    assert row.version == statement.verified_version
    assert [c["note"] for c in row.data["corrections"]] == ["The quote was misspelled."]
    last = ChangeEntry.objects.order_by("seq").last()
    assert (last.action, last.note) == ("corrected", "The quote was misspelled.")


def test_retracting_leaves_a_tombstone_with_the_reason(
    reporter, fact_checker, editor_in_chief
):
    statement = v.statement(reporter, fact_checker)

    workflow.retract(statement, by=editor_in_chief, reason="Wrongly attributed.")

    row = published(statement)
    assert row.retracted_at is not None
    assert row.retraction_reason == "Wrongly attributed."
    last = ChangeEntry.objects.order_by("seq").last()
    assert (last.action, last.note, last.data) == (
        "retracted",
        "Wrongly attributed.",
        None,
    )


def test_a_corrected_speaker_is_re_embedded_without_the_statements_pending_edit(
    reporter, fact_checker
):
    speaker = v.actor(reporter, fact_checker, name="Paul Kagme")
    statement = v.statement(reporter, fact_checker, speaker=speaker, text="Old.")
    v.edit(statement, by=reporter, text="Pending, unverified words.")

    v.edit(speaker, by=reporter, name="Paul Kagame")
    workflow.submit(speaker, by=reporter)
    workflow.correct(speaker, by=fact_checker, note="Name misspelled.")

    row = published(statement)
    assert row.data["speaker"]["name"] == "Paul Kagame"
    assert row.data["text"] == "Old."
    assert "Paul Kagame" in row.data["citation_styles"]["text"]
    assert ChangeEntry.objects.order_by("seq").last().action == "refreshed"


def test_a_pending_edit_of_a_speaker_never_reaches_the_statement(
    reporter, fact_checker
):
    speaker = v.actor(reporter, fact_checker, name="Right Name")
    statement = v.statement(reporter, fact_checker, speaker=speaker)
    v.edit(speaker, by=reporter, name="Unverified Name")
    workflow.submit(speaker, by=reporter)

    v.edit(statement, by=reporter, speaker_title="Spokesperson")
    workflow.submit(statement, by=reporter)
    speaker.status = editorial.Status.VERIFIED  # as the check sees it, not saved
    statement.speaker = speaker
    workflow.correct(statement, by=fact_checker, note="Title added.")

    assert published(statement).data["speaker"]["name"] == "Right Name"


def test_retracting_a_source_retracts_the_citations_quoting_it(
    reporter, fact_checker, editor_in_chief
):
    statement = v.statement(reporter, fact_checker)
    citation = statement.citations.get()
    source = citation.source

    workflow.retract(source, by=editor_in_chief, reason="Fabricated article.")

    row = published(citation)
    assert row.retracted_at is not None
    assert row.retraction_reason == "Fabricated article."
    assert published(statement).data["citations"] == []
    assert source.title not in str(published(statement).data)
    entries = ChangeEntry.objects.filter(action="retracted").order_by("seq")
    assert [(e.resource, e.note) for e in entries] == [
        ("source", "Fabricated article."),
        ("citation", "Fabricated article."),
    ]
    # Its only support gone, the statement goes back to review; its public
    # version stays, without the citation.
    statement.refresh_from_db()
    assert statement.status == editorial.Status.IN_REVIEW
    assert "Fabricated article." in statement.review_comment
    assert published(statement).retracted_at is None


def test_republish_on_a_consistent_layer_changes_nothing(
    reporter, fact_checker, editor_in_chief
):
    kept = v.statement(reporter, fact_checker)
    v.edit(kept, by=reporter, text="A pending edit.")
    corrected = v.statement(reporter, fact_checker)
    v.edit(corrected, by=reporter, text="Fixed.")
    workflow.submit(corrected, by=reporter)
    workflow.correct(corrected, by=fact_checker, note="Typo.")
    workflow.retract(
        v.statement(reporter, fact_checker), by=editor_in_chief, reason="No."
    )
    before, entries = snapshot(), ChangeEntry.objects.count()

    report = republishing.republish()

    assert report.changed == 0
    assert snapshot() == before
    assert ChangeEntry.objects.count() == entries


def test_republish_rebuilds_a_lost_layer_from_verified_versions(reporter, fact_checker):
    statement = v.statement(reporter, fact_checker, text="Verified words.")
    expected = published(statement).data
    v.edit(statement, by=reporter, text="Pending words.")
    PublishedRecord.objects.all().delete()

    out = StringIO()
    call_command("republish", stdout=out)

    assert published(statement).data == expected
    assert "published 4" in out.getvalue()
