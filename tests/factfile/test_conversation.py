"""Comments, assignment, the sent-back state and the queue."""

from __future__ import annotations

import pytest
from django.urls import reverse

from events.models import Statement
from factfile import editorial, review, workflow
from factfile.admin import status_label
from factfile.conversation import Comment
from factfile.editorial import Status
from tests import factories
from tests.factfile.test_admin_workflow import (
    change_url,
    client_for,
    form_data,
    messages_of,
)

pytestmark = pytest.mark.django_db


def submitted(author, **fields):  # type: ignore[no-untyped-def]
    statement = factories.StatementFactory(created_by=author, **fields)
    workflow.submit(statement, by=author)
    return statement


def test_a_send_back_comment_stays_in_the_thread_after_resubmission(
    reporter, fact_checker
):
    statement = submitted(reporter)
    workflow.send_back(statement, by=fact_checker, comment="Which day was it?")
    assert status_label(statement) == "Sent back"
    review.add_comment(statement, by=reporter, text="Tuesday; date fixed.")
    workflow.submit(statement, by=reporter)

    thread = list(Comment.objects.of(statement))
    assert [(c.author, c.kind, c.text) for c in thread] == [
        (fact_checker, "sent_back", "Which day was it?"),
        (reporter, "comment", "Tuesday; date fixed."),
    ]
    page = client_for(reporter).get(change_url(statement)).content.decode()
    assert "Which day was it?" in page
    assert "Tuesday; date fixed." in page
    history = client_for(reporter).get(
        reverse("admin:events_statement_history", args=[statement.pk])
    )
    assert "Which day was it?" in history.content.decode()


def test_a_comment_from_the_change_form_saves_the_edit_and_joins_the_thread(
    reporter,
):
    statement = factories.StatementFactory(created_by=reporter)
    client = client_for(reporter)
    data = form_data(
        client,
        statement,
        text="Edited words.",
        _workflow="comment",
        _workflow_text_comment="<script>alert(1)</script> see page 2",
    )

    client.post(change_url(statement), data)

    statement.refresh_from_db()
    assert statement.text == "Edited words."
    page = client.get(change_url(statement)).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; see page 2" in page
    assert "<script>alert(1)" not in page


def test_an_empty_comment_is_refused(reporter):
    statement = factories.StatementFactory(created_by=reporter)
    with pytest.raises(editorial.WorkflowError, match="needs some text"):
        review.add_comment(statement, by=reporter, text="   ")


def test_sent_back_is_a_worklist_with_a_count_on_the_index(reporter, fact_checker):
    mine = submitted(reporter)
    submitted(reporter)
    workflow.send_back(mine, by=fact_checker, comment="Source?")
    client = client_for(reporter)

    listed = client.get(
        reverse("admin:events_statement_changelist") + "?worklist=sent_back"
    )
    assert [row.pk for row in listed.context["cl"].result_list] == [mine.pk]
    assert "Sent back" in listed.content.decode()
    index = client.get(reverse("admin:index")).content.decode()
    assert "1 statements</a>" in index.split('id="sent-back-to-me"')[1][:300]


def test_assigned_records_come_first_in_the_queue(
    reporter, fact_checker, editor_in_chief
):
    older = submitted(reporter)
    assigned = submitted(reporter)
    review.assign(assigned, to=fact_checker, by=editor_in_chief)

    assert review.next_in_queue(fact_checker) == assigned
    assert review.next_in_queue(editor_in_chief) == older
    listed = client_for(fact_checker).get(
        reverse("admin:events_statement_changelist") + "?worklist=assigned"
    )
    assert [row.pk for row in listed.context["cl"].result_list] == [assigned.pk]


def test_the_queue_skips_what_four_eyes_forbids_and_says_when_empty(fact_checker):
    submitted(fact_checker)
    client = client_for(fact_checker)

    response = client.get(reverse("review_queue_next"))

    assert response.url == reverse("admin:index")
    assert any("queue is empty" in m for m in messages_of(response))


def test_next_in_my_queue_follows_a_verification(reporter, fact_checker):
    first, second = submitted(reporter), submitted(reporter)
    client = client_for(fact_checker)
    data = form_data(client, first, _workflow="send_back")
    data["_workflow_text_send_back"] = "Which source?"

    response = client.post(change_url(first), data)

    assert any("Next in my queue" in m for m in messages_of(response))
    assert client.get(reverse("review_queue_next")).url == change_url(second)


def test_only_a_checker_is_assigned(reporter, fact_checker, other_reporter):
    statement = submitted(reporter)
    with pytest.raises(editorial.WorkflowError, match="may not verify"):
        review.assign(statement, to=other_reporter, by=fact_checker)
    client = client_for(fact_checker)
    data = form_data(client, statement, _workflow="assign", _assign_to=fact_checker.pk)
    client.post(change_url(statement), data)
    assert review.next_in_queue(fact_checker).pk == statement.pk
    assert Statement.objects.get(pk=statement.pk).status == Status.IN_REVIEW
