"""A small published fact file with a correction and a retraction."""

from __future__ import annotations

import pytest

from events.models import Participant
from factfile import workflow
from tests import verified as v


def correct(record, *, author, checker, note, **fields):  # type: ignore[no-untyped-def]
    """Edit a public record and verify the edit as a correction with ``note``."""
    v.edit(record, by=author, **fields)
    workflow.submit(record, by=author)
    workflow.correct(record, by=checker, note=note)
    record.refresh_from_db()
    return record


@pytest.fixture
def newsroom(reporter, fact_checker, editor_in_chief):  # type: ignore[no-untyped-def]
    kagame = v.actor(reporter, fact_checker, name="Paul Kagame")
    belgium = v.actor(reporter, fact_checker, name="Belgium", kind="state")
    wire = v.source(reporter, fact_checker, title="Talks in Luanda", publisher="Wire")
    quote = v.statement(
        reporter,
        fact_checker,
        speaker=kagame,
        cited=wire,
        text="We remain committed to dialogue.",
        said_on="2025-03-17",
    )
    talks = v.event(
        reporter,
        fact_checker,
        participants=[(kagame, Participant.Role.PARTICIPANT)],
        cited=wire,
        title="Talks resume in Luanda",
        starts_on="2025-03-20",
    )
    withdrawn = v.statement(
        reporter,
        fact_checker,
        speaker=belgium,
        cited=wire,
        text="Belgium will recall its ambassador.",
        said_on="2025-03-18",
    )
    correct(
        quote,
        author=reporter,
        checker=fact_checker,
        note="The quote was said on 17 March, not 16 March.",
        speaker_title="President of Rwanda",
    )
    workflow.retract(
        withdrawn, by=editor_in_chief, reason="The speaker was misidentified."
    )
    return {"quote": quote, "talks": talks, "withdrawn": withdrawn, "wire": wire}
