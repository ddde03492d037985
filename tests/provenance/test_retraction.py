"""Retracting a record retracts what only supports it; its words leave every
public response; a layer published before this is repaired by republish."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from events.models import Citation, Event, EventRelation, Statement, Translation
from events.relations import Relation
from factfile import publishing, republishing, workflow
from factfile.editorial import PublicNote, Status, WorkflowError
from factfile.published.models import ChangeEntry, PublishedRecord
from tests import factories
from tests import verified as v
from tests.provenance.public_responses import every_public_response, where_found

pytestmark = pytest.mark.django_db

REASON = "The speaker never said this."


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):  # type: ignore[no-untyped-def]
    # These tests read every public response; the counts they leave behind
    # must not throttle the tests that run after them.
    settings.FACTFILE_API_ANONYMOUS_RATE = "100000/min"
    cache.clear()
    yield
    cache.clear()


def published(record) -> PublishedRecord:  # type: ignore[no-untyped-def]
    return PublishedRecord.objects.get(
        resource=record._meta.model_name, record_id=record.pk
    )


def verify(record, *, author, checker):  # type: ignore[no-untyped-def]
    workflow.submit(record, by=author)
    workflow.verify(record, by=checker)
    record.refresh_from_db()
    return record


def made(model, author, **fields):  # type: ignore[no-untyped-def]
    return model.objects.create(created_by=author, updated_by=author, **fields)


def quoting(author, checker, words: str, **fields):  # type: ignore[no-untyped-def]
    """A verified source whose text holds ``words``, to cite them from."""
    text = f"The minister said: {words}. That was all."
    return v.source(author, checker, full_text=text, **fields)


def said(author, checker, words: str, **fields):  # type: ignore[no-untyped-def]
    """A verified statement of ``words``, cited from a source of its own."""
    source = quoting(author, checker, words)
    return v.statement(
        author, checker, cited=source, passage=words, text=words, **fields
    )


def happened(author, checker, title: str, **fields):  # type: ignore[no-untyped-def]
    source = quoting(author, checker, title)
    event = factories.EventFactory(created_by=author, title=title, **fields)
    made(Citation, author, source=source, event=event, passage=title)
    return verify(event, author=author, checker=checker)


def retracted_entries() -> list[tuple[str, int, str]]:
    entries = ChangeEntry.objects.filter(action="retracted").order_by("seq")
    return list(entries.values_list("resource", "record_id", "note"))


def test_retracting_a_statement_retracts_what_only_supports_it(
    reporter, fact_checker, editor_in_chief
):
    statement = said(reporter, fact_checker, "Zulu words of the statement")
    citation = statement.citations.get()
    other = said(reporter, fact_checker, "Yankee words of a reply")
    event = happened(reporter, fact_checker, "Summit in Goma")
    translation = verify(
        made(Translation, reporter, statement=statement, language="fr", text="Xray"),
        author=reporter,
        checker=fact_checker,
    )
    relations = [
        verify(
            made(Relation, reporter, **fields), author=reporter, checker=fact_checker
        )
        for fields in (
            {"statement": statement, "kind": "contradicts", "to_statement": other},
            {"statement": other, "kind": "responds_to", "to_statement": statement},
            {"statement": statement, "kind": "announces", "to_event": event},
        )
    ]

    workflow.retract(statement, by=editor_in_chief, reason=REASON)

    for record in (citation, translation, *relations):
        record.refresh_from_db()
        assert record.status == Status.RETRACTED
        assert PublicNote.for_record(record).get().note == REASON
        assert published(record).retraction_reason == REASON
        assert record.history.first().history_change_reason == (
            f"Retracted with statement {statement.pk}: {REASON}"
        )
    expected = {
        ("statement", statement.pk),
        ("citation", citation.pk),
        ("translation", translation.pk),
        *(("relation", relation.pk) for relation in relations),
    }
    entries = retracted_entries()
    assert {(resource, pk) for resource, pk, _ in entries} == expected
    assert len(entries) == len(expected)
    assert {note for _, _, note in entries} == {REASON}
    assert published(other).data["relations"] == []
    assert published(event).data["statement_relations"] == []
    bodies = every_public_response(APIClient(), queries=["zulu", "xray"])
    assert where_found(bodies, ["Zulu words", "Xray"]) == []
    # The reply and the event are as public as before.
    assert any("Yankee words" in body for body in bodies.values())


def test_a_retraction_that_fails_half_way_changes_nothing(
    reporter, fact_checker, editor_in_chief, monkeypatch
):
    statement = said(reporter, fact_checker, "Zulu words of the statement")
    verify(
        made(Translation, reporter, statement=statement, language="fr", text="Xray"),
        author=reporter,
        checker=fact_checker,
    )
    before = list(
        ChangeEntry.objects.order_by("seq").values_list("seq", "action", "data")
    )

    def fail(self, *, by):  # type: ignore[no-untyped-def]
        raise RuntimeError("the database went away")

    monkeypatch.setattr(Translation, "on_retracted", fail)
    with pytest.raises(RuntimeError):
        workflow.retract(statement, by=editor_in_chief, reason=REASON)

    after = ChangeEntry.objects.order_by("seq").values_list("seq", "action", "data")
    assert list(after) == before
    assert not Statement.objects.filter(status=Status.RETRACTED).exists()
    assert not Translation.objects.filter(status=Status.RETRACTED).exists()
    assert not PublicNote.objects.exists()


def test_a_retracted_citation_leaves_no_words_in_older_entries(
    reporter, fact_checker, other_fact_checker, editor_in_chief
):
    statement = said(reporter, fact_checker, "Zulu words of the statement")
    disputed = made(
        Citation,
        reporter,
        source=quoting(reporter, fact_checker, "Quebec disputed passage"),
        statement=statement,
        passage="Quebec disputed passage",
    )
    verify(disputed, author=reporter, checker=other_fact_checker)
    assert "Quebec disputed" in str(published(statement).data)

    workflow.retract(disputed, by=editor_in_chief, reason="Wrong article.")

    statement.refresh_from_db()
    assert statement.status == Status.VERIFIED  # its first citation supports it
    entries = ChangeEntry.objects.filter(resource="statement", record_id=statement.pk)
    assert all("Quebec" not in str(data) for data in entries.values_list("data"))
    assert entries.filter(data__isnull=True).exists()
    assert published(statement).data["text"] == "Zulu words of the statement"
    bodies = every_public_response(APIClient())
    assert where_found(bodies, ["Quebec"]) == []


def test_retracting_the_last_citation_sends_its_item_back_to_review(
    reporter, fact_checker, editor_in_chief
):
    statement = said(reporter, fact_checker, "Zulu words of the statement")

    workflow.retract(statement.citations.get(), by=editor_in_chief, reason="Misread.")

    statement.refresh_from_db()
    assert statement.status == Status.IN_REVIEW
    assert statement.review_comment.endswith("was retracted: Misread.")
    assert published(statement).retracted_at is None
    assert published(statement).data["citations"] == []


def test_retracting_an_event_retracts_its_citations_and_statement_relations(
    reporter, fact_checker, editor_in_chief
):
    event = happened(reporter, fact_checker, "Echo summit in Goma")
    later = factories.EventFactory(created_by=reporter, title="Talks resume")
    made(
        Citation,
        reporter,
        source=quoting(reporter, fact_checker, "Talks resume"),
        event=later,
        passage="Talks resume",
    )
    EventRelation.objects.create(from_event=later, kind="follows", to_event=event)
    later = verify(later, author=reporter, checker=fact_checker)
    belongs = said(reporter, fact_checker, "Words said at the summit", event=event)
    announces = verify(
        made(
            Relation,
            reporter,
            statement=said(reporter, fact_checker, "We will attend"),
            kind="announces",
            to_event=event,
        ),
        author=reporter,
        checker=fact_checker,
    )
    assert published(later).data["relations"][0]["event"]["title"] == (
        "Echo summit in Goma"
    )

    workflow.retract(event, by=editor_in_chief, reason="It never took place.")

    assert event.citations.get().status == Status.RETRACTED
    announces.refresh_from_db()
    assert announces.status == Status.RETRACTED
    # A relation between events is part of the event it starts from: it is
    # withdrawn from that event's public version, which stays public.
    assert published(later).data["relations"] == []
    assert published(later).retracted_at is None
    # A statement made at the event is a record of its own; it stays public
    # and shows the event by id alone.
    assert published(belongs).data["event"] == {
        "type": "event",
        "id": event.pk,
        "retracted": True,
    }
    bodies = every_public_response(APIClient(), queries=["echo summit"])
    assert where_found(bodies, ["Echo summit"]) == []


def test_a_related_event_is_listed_once_it_is_verified(reporter, fact_checker):
    first = factories.EventFactory(created_by=reporter, title="Ceasefire announced")
    made(
        Citation,
        reporter,
        source=quoting(reporter, fact_checker, "Ceasefire announced"),
        event=first,
        passage="Ceasefire announced",
    )
    workflow.submit(first, by=reporter)
    later = factories.EventFactory(created_by=reporter, title="Talks resume")
    made(
        Citation,
        reporter,
        source=quoting(reporter, fact_checker, "Talks resume"),
        event=later,
        passage="Talks resume",
    )
    EventRelation.objects.create(from_event=later, kind="follows", to_event=first)
    later = verify(later, author=reporter, checker=fact_checker)

    # Not even the id of an event in review is public.
    assert published(later).data["relations"] == []

    workflow.verify(first, by=fact_checker)

    [related] = published(later).data["relations"]
    assert related["event"]["title"] == "Ceasefire announced"
    last = ChangeEntry.objects.order_by("seq").last()
    assert (last.action, last.resource, last.record_id) == (
        "refreshed",
        "event",
        later.pk,
    )


def test_an_actor_named_in_public_records_is_not_retracted(
    reporter, fact_checker, editor_in_chief
):
    speaker = v.actor(reporter, fact_checker, name="Paul Example")
    statement = said(reporter, fact_checker, "Zulu words", speaker=speaker)
    entries = ChangeEntry.objects.count()

    with pytest.raises(WorkflowError) as refused:
        workflow.retract(speaker, by=editor_in_chief, reason="No such person.")

    assert refused.value.reasons == [
        f"Paul Example is named in public records: statement {statement.pk} “Zulu "
        "words”. Correct or retract them first, or merge this actor into the one "
        "they should name."
    ]
    speaker.refresh_from_db()
    assert speaker.status == Status.VERIFIED
    assert ChangeEntry.objects.count() == entries

    workflow.retract(statement, by=editor_in_chief, reason="Misattributed.")
    workflow.retract(speaker, by=editor_in_chief, reason="No such person.")

    assert published(speaker).retraction_reason == "No such person."


def test_an_actor_taking_part_in_an_event_is_not_retracted(
    reporter, fact_checker, editor_in_chief
):
    actor = v.actor(reporter, fact_checker, name="Kigali Ministry")
    event = v.event(reporter, fact_checker, participants=[(actor, "initiator")])

    with pytest.raises(WorkflowError, match=f"event {event.pk} “{event.title}”"):
        workflow.retract(actor, by=editor_in_chief, reason="Duplicate.")


def test_a_correction_keeps_citations_and_rewrites_what_quotes_the_old_words(
    reporter, fact_checker, other_fact_checker
):
    statement = said(reporter, fact_checker, "Alpha words as first published")
    translation = verify(
        made(Translation, reporter, statement=statement, language="fr", text="Mots"),
        author=reporter,
        checker=fact_checker,
    )
    other = said(reporter, fact_checker, "Yankee words of a reply")
    verify(
        made(
            Relation,
            reporter,
            statement=other,
            kind="responds_to",
            to_statement=statement,
        ),
        author=reporter,
        checker=fact_checker,
    )

    v.edit(statement, by=reporter, text="Bravo words as corrected")
    workflow.submit(statement, by=reporter)
    workflow.correct(statement, by=other_fact_checker, note="Misquoted.")

    citation = statement.citations.get()
    assert citation.status == Status.VERIFIED
    assert published(citation).retracted_at is None
    [listed] = published(other).data["relations"]
    assert listed["record"]["text"] == "Bravo words as corrected"
    # The translation says what the old words said: it is checked again,
    # and stays public meanwhile.
    translation.refresh_from_db()
    assert translation.status == Status.IN_REVIEW
    assert published(translation).retracted_at is None
    api = APIClient()
    found = api.get("/api/v1/lookup/", {"q": "Bravo words"}).json()["results"]
    assert [(r["kind"], r["id"]) for r in found] == [("statement", statement.pk)]
    # The old words may still find the statement through its source's text
    # (cited passages are indexed), but what is shown is the corrected text.
    old = api.get("/api/v1/lookup/", {"q": "Alpha words"}).json()
    for result in old["results"]:
        assert "Alpha" not in result["display"]["headline"]
        assert "Alpha" not in json.dumps(result["record"].get("text", ""))


def test_a_correction_that_keeps_the_words_keeps_translations_verified(
    reporter, fact_checker, other_fact_checker
):
    statement = said(reporter, fact_checker, "Alpha words as first published")
    translation = verify(
        made(Translation, reporter, statement=statement, language="fr", text="Mots"),
        author=reporter,
        checker=fact_checker,
    )
    v.edit(statement, by=reporter, speaker_title="Spokesperson")
    workflow.submit(statement, by=reporter)
    workflow.correct(statement, by=other_fact_checker, note="Title added.")

    translation.refresh_from_db()
    assert translation.status == Status.VERIFIED


def test_retracting_a_source_leaves_its_title_nowhere(
    reporter, fact_checker, editor_in_chief
):
    fabricated = quoting(
        reporter, fact_checker, "Zulu words", title="Fabricated Foxtrot story"
    )
    statement = said(reporter, fact_checker, "Zulu words")
    verify(
        made(
            Citation,
            reporter,
            source=fabricated,
            statement=statement,
            passage="Zulu words",
        ),
        author=reporter,
        checker=fact_checker,
    )
    translation = verify(
        made(
            Translation,
            reporter,
            statement=statement,
            language="fr",
            text="Mots",
            kind="official",
            translator="The ministry",
            source=fabricated,
        ),
        author=reporter,
        checker=fact_checker,
    )
    derived = v.source(reporter, fact_checker, derived_from=fabricated)

    workflow.retract(fabricated, by=editor_in_chief, reason="Fabricated.")

    gone = {"type": "source", "id": fabricated.pk, "retracted": True}
    assert published(translation).data["source"] == gone
    assert published(derived).data["derived_from"] == gone
    statement.refresh_from_db()
    assert statement.status == Status.VERIFIED  # its own source still supports it
    assert len(published(statement).data["citations"]) == 1
    bodies = every_public_response(APIClient(), queries=["foxtrot"])
    assert where_found(bodies, ["Foxtrot"]) == []


# Repairing a fact file published before retractions cascaded -----------------


@pytest.fixture
def published_before_the_fix(reporter, fact_checker, editor_in_chief, monkeypatch):
    """A retracted statement whose supports stayed public, and a citation of a
    draft statement verified alone, as the earlier code left them."""
    statement = said(reporter, fact_checker, "Zulu words of the statement")
    translation = verify(
        made(Translation, reporter, statement=statement, language="fr", text="Xray"),
        author=reporter,
        checker=fact_checker,
    )
    other = said(reporter, fact_checker, "Yankee words of a reply")
    relation = verify(
        made(
            Relation,
            reporter,
            statement=other,
            kind="responds_to",
            to_statement=statement,
        ),
        author=reporter,
        checker=fact_checker,
    )
    draft = factories.StatementFactory(created_by=reporter, text="Draft words")
    early = made(
        Citation,
        reporter,
        source=quoting(reporter, fact_checker, "Hotel early passage"),
        statement=draft,
        passage="Hotel early passage",
    )
    with monkeypatch.context() as earlier:
        earlier.setattr(Statement, "retracted_with", lambda self: [])
        earlier.setattr(publishing, "_withdraw_words", lambda *args: 0)
        earlier.setattr(Citation, "missing_for_verification", lambda self, by=None: [])
        workflow.retract(statement, by=editor_in_chief, reason=REASON)
        verify(early, author=reporter, checker=fact_checker)
    left = [statement.citations.get(), translation, relation]
    assert all(published(record).retracted_at is None for record in left)
    return statement, left, early


def test_republish_says_what_is_left_public_and_how_to_repair_it(
    published_before_the_fix,
):
    with pytest.raises(CommandError, match="Run again with --as"):
        call_command("republish", stdout=StringIO())


def test_republish_as_an_editor_retracts_what_was_left_public(
    published_before_the_fix, editor_in_chief
):
    _, left, early = published_before_the_fix
    out = StringIO()

    call_command("republish", "--as", editor_in_chief.username, stdout=out)

    assert "retracted with the records they support 4" in out.getvalue()
    for record in left:
        record.refresh_from_db()
        assert record.status == Status.RETRACTED
        assert published(record).retraction_reason == REASON
    early.refresh_from_db()
    assert early.status == Status.RETRACTED
    assert published(early).retraction_reason == workflow.PUBLISHED_TOO_EARLY.format(
        target="statement"
    )
    bodies = every_public_response(APIClient(), queries=["zulu", "hotel"])
    assert where_found(bodies, ["Zulu words", "Xray", "Hotel early"]) == []

    entries = ChangeEntry.objects.count()
    assert republishing.republish().changed == 0
    assert not workflow.left_public()
    assert ChangeEntry.objects.count() == entries


def test_republish_as_someone_who_may_not_retract_changes_nothing(
    published_before_the_fix, reporter
):
    with pytest.raises(CommandError, match="permission to retract"):
        call_command("republish", "--as", reporter.username, stdout=StringIO())
    with pytest.raises(CommandError, match="No user is called"):
        call_command("republish", "--as", "nobody", stdout=StringIO())
    assert len(workflow.left_public()) == 4


def test_a_consistent_layer_needs_no_repair(reporter, fact_checker):
    happened(reporter, fact_checker, "Summit in Goma")
    entries = ChangeEntry.objects.count()
    assert workflow.left_public() == []
    assert republishing.withdraw_retracted_words() == 0
    assert ChangeEntry.objects.count() == entries
    assert Event.objects.get().status == Status.VERIFIED
