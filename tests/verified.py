"""Build verified records through the real workflow, for published-layer tests."""

from __future__ import annotations

from typing import Any

from events.models import Actor, Citation, Event, Participant, Statement
from factfile import workflow
from sources.models import Source
from tests import factories


def verified(record: Any, *, author: Any, checker: Any) -> Any:
    """Submit ``record`` as ``author`` and verify it as ``checker``."""
    workflow.submit(record, by=author)
    workflow.verify(record, by=checker)
    record.refresh_from_db()
    return record


def source(author: Any, checker: Any, **fields: Any) -> Source:
    return verified(
        factories.SourceFactory(created_by=author, **fields),
        author=author,
        checker=checker,
    )


def actor(author: Any, checker: Any, **fields: Any) -> Actor:
    return verified(
        factories.ActorFactory(created_by=author, **fields),
        author=author,
        checker=checker,
    )


def statement(
    author: Any,
    checker: Any,
    *,
    speaker: Actor | None = None,
    cited: Source | None = None,
    about: list[Actor] = (),  # type: ignore[assignment]
    passage: str = "We remain committed to dialogue",
    **fields: Any,
) -> Statement:
    """A verified statement with one verified citation into a verified source."""
    speaker = speaker or actor(author, checker)
    cited = cited or source(author, checker)
    item = factories.StatementFactory(created_by=author, speaker=speaker, **fields)
    if about:
        item.about.set(about)
    factories.CitationFactory(
        created_by=author,
        source=cited,
        statement=item,
        passage=passage,
    )
    return verified(item, author=author, checker=checker)


def event(
    author: Any,
    checker: Any,
    *,
    participants: list[tuple[Actor, str]] = (),  # type: ignore[assignment]
    cited: Source | None = None,
    **fields: Any,
) -> Event:
    cited = cited or source(author, checker)
    item = factories.EventFactory(created_by=author, **fields)
    for participant, role in participants:
        Participant.objects.create(event=item, actor=participant, role=role)
    Citation.objects.create(
        created_by=author,
        updated_by=author,
        source=cited,
        event=item,
        passage="talks would resume",
    )
    return verified(item, author=author, checker=checker)


def edit(record: Any, *, by: Any, **fields: Any) -> Any:
    """Change a record as an editor would: a pending edit if it was verified."""
    record.refresh_from_db()
    for name, value in fields.items():
        setattr(record, name, value)
    record.mark_changed_by(by)
    record._history_user = by
    record.save()
    return record
