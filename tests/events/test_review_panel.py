"""What a checker reads beside a record: passages, the pending diff, the retraction."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import Statement
from factfile import workflow
from factfile.editorial import PublicNote, Status
from factfile.review import word_diff
from sources.excerpts import excerpt
from tests import factories, verified
from tests.factfile.test_admin_workflow import change_url, client_for, form_data

pytestmark = pytest.mark.django_db

HOSTILE = (
    "Talks opened in Luanda. <script>alert('x')</script> Delegates met at noon. "
    '"We remain committed to dialogue," the spokesperson said. '
    "Officials gave no further details. The next round is in May."
)


def test_the_excerpt_keeps_sentences_around_the_passage():
    start = HOSTILE.index('"We remain')
    end = HOSTILE.index(" the spokesperson")
    found = excerpt(HOSTILE, start, end, sentences=1)
    assert found.before == "<script>alert('x')</script> Delegates met at noon. "
    assert found.passage == '"We remain committed to dialogue,"'
    assert found.after == " the spokesperson said. Officials gave no further details."
    assert found.cut_before
    assert found.cut_after


def test_word_diff_marks_removed_and_added_words():
    pieces = word_diff("talks resume on Monday", "talks resume on Tuesday")
    assert [(p.text, p.change) for p in pieces] == [
        ("talks resume on ", ""),
        ("Monday", "removed"),
        ("Tuesday", "added"),
    ]


def test_the_passage_is_highlighted_in_its_source_and_the_text_escaped(
    reporter, fact_checker
):
    source = factories.SourceFactory(created_by=reporter, full_text=HOSTILE)
    statement = factories.StatementFactory(created_by=reporter)
    factories.CitationFactory(
        created_by=reporter, statement=statement, source=source,
        passage="We remain committed to dialogue",
    )  # fmt: skip
    workflow.submit(statement, by=reporter)

    page = client_for(fact_checker).get(change_url(statement)).content.decode()

    panel = page.split('id="review-panel"')[1].split("</figure>")[0]
    assert '<mark class="cited">We remain committed to dialogue</mark>' in panel
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in panel
    assert "<script>alert" not in page


def test_the_pending_edit_shows_as_a_diff_and_the_draft_note_is_published(
    reporter, fact_checker, other_fact_checker
):
    statement = verified.statement(reporter, other_fact_checker, text="Talks resume.")
    client = client_for(reporter)
    data = form_data(
        client,
        statement,
        text="Talks resume on Tuesday.",
        correction_note="The day of the talks was added.",
        _workflow="submit",
    )
    client.post(change_url(statement), data)
    statement.refresh_from_db()
    assert statement.status == Status.IN_REVIEW

    checker = client_for(fact_checker)
    page = checker.get(change_url(statement)).content.decode()
    diff = page.split('id="pending-diff"')[1].split("</div>")[0]
    assert "<ins>on Tuesday.</ins>" in diff or "<ins>resume on Tuesday.</ins>" in diff
    assert "The day of the talks was added." in page  # the draft, for the checker

    data = form_data(
        checker,
        statement,
        correction_note="The day of the talks, Tuesday, was added.",
        _workflow="correct",
    )
    checker.post(change_url(statement), data)
    statement.refresh_from_db()
    assert statement.status == Status.VERIFIED
    note = PublicNote.for_record(statement).get(kind=PublicNote.Kind.CORRECTION)
    assert note.note == "The day of the talks, Tuesday, was added."
    assert statement.updated_by == reporter  # the note is no edit of the checker's


def test_the_review_panel_queries_do_not_grow_with_the_citations(
    reporter, other_fact_checker, fact_checker, rf
):
    """The workflow box, panel included, reads citations and sources in bulk.

    (The stock inline's autocomplete widgets read each row's source on
    their own; that cost is Django's, outside the panel.)
    """
    statement_admin = admin.site._registry[Statement]
    speaker = verified.actor(reporter, other_fact_checker)

    def panel_queries(citations: int) -> int:
        statement = factories.StatementFactory(created_by=reporter, speaker=speaker)
        for _ in range(citations):
            source = verified.source(reporter, other_fact_checker)
            factories.CitationFactory(
                created_by=reporter, statement=statement, source=source
            )
        workflow.submit(statement, by=reporter)
        beside = factories.StatementFactory(created_by=reporter, speaker=speaker)
        factories.CitationFactory(created_by=reporter, statement=beside, source=source)
        workflow.submit(beside, by=reporter)
        request = rf.get("/")
        request.user = fact_checker
        statement = statement_admin.get_object(request, str(statement.pk))
        statement_admin.workflow_context(request, statement)  # content types cached
        with CaptureQueriesContext(connection) as queries:
            context = statement_admin.workflow_context(request, statement)
        assert len(context["passages"]) == citations
        assert [b.record.pk for b in context["beside"]] == [beside.pk]
        return len(queries)

    assert panel_queries(1) == panel_queries(4)


def test_retract_asks_for_confirmation_listing_what_goes_with_it(
    reporter, other_fact_checker, editor_in_chief
):
    statement = verified.statement(reporter, other_fact_checker)
    citation = statement.citations.get()
    client = client_for(editor_in_chief)
    data = form_data(client, statement, _workflow="retract")

    response = client.post(change_url(statement), data)

    confirm = reverse("admin:events_statement_retract", args=[statement.pk])
    assert response.url == confirm
    page = client.get(confirm).content.decode()
    assert f"/admin/events/citation/{citation.pk}/change/" in page
    statement.refresh_from_db()
    assert statement.status == Status.VERIFIED  # nothing happens before confirming

    refused = client.post(confirm, {"reason": "  "})
    assert refused.status_code == 200
    client.post(confirm, {"reason": "The quote was misattributed."})
    statement.refresh_from_db()
    citation.refresh_from_db()
    assert (statement.status, citation.status) == (Status.RETRACTED, Status.RETRACTED)
    shown = client.get(change_url(statement)).content.decode()
    retraction = shown.split('id="retraction"')[1].split("</p>")[0]
    assert "The quote was misattributed." in retraction
    assert "by " in retraction
