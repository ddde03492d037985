"""Long correction notes, retraction reasons and review comments are kept whole.

The history's change-reason column is short; a long public note must neither
fail the transition (PostgreSQL refuses an over-long value) nor be cut in
the PublicNote the public reads.
"""

from __future__ import annotations

import pytest

from factfile import workflow
from factfile.editorial import PublicNote, Status
from tests import factories
from tests import verified as v

pytestmark = pytest.mark.django_db

LONG = "The quote was attributed to the wrong minister; " * 20


def test_a_long_correction_note_is_public_in_full(reporter, fact_checker):
    statement = v.statement(reporter, fact_checker)
    v.edit(statement, by=reporter, text="Corrected words.")
    workflow.submit(statement, by=reporter)

    workflow.correct(statement, by=fact_checker, note=LONG)

    statement.refresh_from_db()
    assert statement.status == Status.VERIFIED
    assert PublicNote.for_record(statement).get().note == LONG.strip()
    reason = statement.history.first().history_change_reason
    assert reason.startswith("Corrected: The quote")
    assert len(reason) <= 100


def test_a_long_retraction_reason_is_public_in_full(
    reporter, fact_checker, editor_in_chief
):
    statement = v.statement(reporter, fact_checker)

    workflow.retract(statement, by=editor_in_chief, reason=LONG)

    assert PublicNote.for_record(statement).get().note == LONG.strip()
    assert statement.history.first().history_change_reason.endswith("…")


def test_a_long_send_back_comment_is_kept_for_the_author(reporter, fact_checker):
    source = factories.SourceFactory(created_by=reporter)
    workflow.submit(source, by=reporter)

    workflow.send_back(source, by=fact_checker, comment=LONG)

    source.refresh_from_db()
    assert source.review_comment == LONG.strip()
