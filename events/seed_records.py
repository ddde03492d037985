"""Enter the seed fact file's records, as a reporter and a fact-checker would.

Each kind of record has its loader; a record whose natural key is already
there is left as it is. Records are saved after the admin's checks and
taken to their status through ``factfile.workflow``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError

from events.models import (
    Actor,
    Alias,
    Citation,
    Event,
    EventRelation,
    Participant,
    Role,
    Statement,
)
from events.seed_accounts import Authors, SeedReport
from events.seed_file import (
    ActorData,
    CitationData,
    EventData,
    SeedError,
    SourceData,
    StatementData,
)
from factfile.dates import PartialDate
from factfile.editorial import EditorialRecord, Status, WorkflowError
from factfile.workflow import submit, verify
from sources.models import Source

if TYPE_CHECKING:
    from django.contrib.auth.models import User

CHANGE_REASON = "Entered from the seed fact file"


def _save_new(record: EditorialRecord, *, by: User) -> None:
    """Save a new record as entered by ``by``, after the checks the admin runs."""
    record.mark_changed_by(by)
    try:
        record.full_clean(exclude=["text_sha256", "folded_name"])
    except ValidationError as error:
        raise SeedError(f"{record._meta.verbose_name} “{record}”: {error}") from error
    _save_part(record, by=by)


def _save_part(
    part: EditorialRecord | Alias | Role | Participant | EventRelation, *, by: User
) -> None:
    part._history_user = by  # type: ignore[union-attr]
    part._change_reason = CHANGE_REASON  # type: ignore[union-attr]
    part.save()


def _bring_to(
    record: EditorialRecord,
    status: str,
    *,
    authors: Authors,
    parts: list[Citation] | None = None,
) -> None:
    """Take a new record to ``status``: the reporter submits, the checker verifies."""
    if status not in (Status.DRAFT, Status.IN_REVIEW, Status.VERIFIED):
        raise SeedError(
            f"“{record}”: a seed record ends as draft, in_review or verified."
        )
    if status == Status.DRAFT:
        return
    try:
        submit(record, by=authors.reporter)
        for part in parts or []:
            submit(part, by=authors.reporter)
        if status == Status.VERIFIED:
            verify(record, by=authors.checker)
    except WorkflowError as error:
        raise SeedError(f"{record._meta.verbose_name} “{record}”: {error}") from error


def seed_sources(
    items: list[SourceData], *, articles: Path, authors: Authors, report: SeedReport
) -> dict[str, Source]:
    sources = {}
    for item in items:
        path = articles / item["file"]
        try:
            # Bytes, decoded as they are: newline translation would change
            # the text that citations anchor into.
            text = path.read_bytes().decode("utf-8")
        except OSError as error:
            raise SeedError(
                f"Cannot read the seed article {path.name}: {error}"
            ) from error
        source = Source.objects.with_text_hash(text).first()
        if source is None:
            published = PartialDate.parse(item["published_on"])
            source = Source(
                title=item["title"],
                kind=item["kind"],
                publisher=item["publisher"],
                authors=item["authors"],
                published_on=published.date,
                published_on_precision=published.precision,
                language=item["language"],
                full_text=text,
                notes=item.get("note", ""),
            )
            _save_new(source, by=authors.reporter)
            _bring_to(source, item["status"], authors=authors)
            report.created["sources"] += 1
        else:
            report.present["sources"] += 1
        sources[item["key"]] = source
    return sources


def seed_actors(
    items: list[ActorData], *, authors: Authors, report: SeedReport
) -> dict[str, Actor]:
    actors: dict[str, Actor] = {}
    new: list[ActorData] = []
    for item in items:
        actor = Actor.objects.filter(name=item["name"]).first()
        if actor is None:
            actor = Actor(
                name=item["name"],
                kind=item["kind"],
                description=item["description"],
                wikidata_id=item.get("wikidata_id", ""),
            )
            _save_new(actor, by=authors.reporter)
            for alias in item["aliases"]:
                name, language = (
                    (alias, "")
                    if isinstance(alias, str)
                    else (alias["name"], alias.get("language", ""))
                )
                _save_part(
                    Alias(actor=actor, name=name, language=language),
                    by=authors.reporter,
                )
            new.append(item)
            report.created["actors"] += 1
        else:
            report.present["actors"] += 1
        actors[item["name"]] = actor
    # Roles name other actors (President, of Rwanda): all actors exist by now.
    for item in new:
        actor = actors[item["name"]]
        for role in item.get("roles", []):
            starts, ends = (
                PartialDate.parse(role["starts_on"]),
                PartialDate.parse(role["ends_on"]),
            )
            organisation = role.get("organisation")
            _save_part(
                Role(
                    actor=actor,
                    title=role["title"],
                    organisation=_actor(actors, organisation) if organisation else None,
                    starts_on=starts.date,
                    starts_on_precision=starts.precision,
                    ends_on=ends.date,
                    ends_on_precision=ends.precision,
                ),
                by=authors.reporter,
            )
    for item in new:
        _bring_to(actors[item["name"]], item["status"], authors=authors)
    return actors


def _actor(actors: dict[str, Actor], name: str) -> Actor:
    try:
        return actors[name]
    except KeyError:
        raise SeedError(
            f"The seed data names an actor it does not define: {name!r}"
        ) from None


def _seed_citations(
    items: list[CitationData],
    *,
    item: Statement | Event,
    is_new: bool,
    sources: dict[str, Source],
    authors: Authors,
    report: SeedReport,
) -> list[Citation]:
    """Cite ``item``; a citation added to an existing item follows the item's status."""
    created = []
    for data in items:
        try:
            source = sources[data["source"]]
        except KeyError:
            raise SeedError(
                f"“{item}” cites an unknown source {data['source']!r}"
            ) from None
        target = {"statement": item} if isinstance(item, Statement) else {"event": item}
        if Citation.objects.filter(
            source=source, passage=data["passage"], **target
        ).exists():
            report.present["citations"] += 1
            continue
        citation = Citation(
            source=source,
            passage=data["passage"],
            stance=data.get("stance", Citation.Stance.SUPPORTS),
            **target,
        )
        citation.anchor()
        if citation.is_broken:
            raise SeedError(
                f"A citation of “{item}” does not resolve: {citation.broken_reason}"
            )
        _save_new(citation, by=authors.reporter)
        if not is_new and item.status in (Status.IN_REVIEW, Status.VERIFIED):
            _bring_to(citation, item.status, authors=authors)
        created.append(citation)
        report.created["citations"] += 1
    return created


def seed_events(
    items: list[EventData],
    *,
    sources: dict[str, Source],
    actors: dict[str, Actor],
    authors: Authors,
    report: SeedReport,
) -> dict[str, Event]:
    events: dict[str, Event] = {}
    new: list[tuple[EventData, list[Citation]]] = []
    for item in items:
        event = Event.objects.filter(title=item["title"]).first()
        is_new = event is None
        if event is None:
            starts = PartialDate.parse(item["starts_on"])
            ends = PartialDate.parse(item.get("ends_on", ""))
            event = Event(
                title=item["title"],
                kind=item["kind"],
                description=item["description"],
                starts_on=starts.date,
                starts_on_precision=starts.precision,
                ends_on=ends.date,
                ends_on_precision=ends.precision,
                place_name=item.get("place_name", ""),
                place_country=item.get("place_country", ""),
            )
            _save_new(event, by=authors.reporter)
            for participant in item["participants"]:
                _save_part(
                    Participant(
                        event=event,
                        actor=_actor(actors, participant["actor"]),
                        role=participant["role"],
                    ),
                    by=authors.reporter,
                )
            report.created["events"] += 1
        else:
            report.present["events"] += 1
        citations = _seed_citations(
            item["citations"],
            item=event,
            is_new=is_new,
            sources=sources,
            authors=authors,
            report=report,
        )
        if is_new:
            new.append((item, citations))
        events[item["title"]] = event
    # Relations point at other events: all events exist by now.
    for item, _citations in new:
        for relation in item.get("relations", []):
            if relation["to"] not in events:
                raise SeedError(
                    f"“{item['title']}” relates to an unknown event {relation['to']!r}"
                )
            _save_part(
                EventRelation(
                    from_event=events[item["title"]],
                    kind=relation["kind"],
                    to_event=events[relation["to"]],
                ),
                by=authors.reporter,
            )
    for item, citations in new:
        _bring_to(
            events[item["title"]], item["status"], authors=authors, parts=citations
        )
    return events


def seed_statements(
    items: list[StatementData],
    *,
    sources: dict[str, Source],
    actors: dict[str, Actor],
    events: dict[str, Event],
    authors: Authors,
    report: SeedReport,
) -> None:
    for item in items:
        speaker = _actor(actors, item["speaker"])
        statement = Statement.objects.filter(speaker=speaker, text=item["text"]).first()
        is_new = statement is None
        if statement is None:
            said = PartialDate.parse(item["said_on"])
            on_behalf_of = item.get("on_behalf_of")
            event = item.get("event")
            if event and event not in events:
                raise SeedError(
                    f"A statement of {speaker} belongs to an unknown event {event!r}"
                )
            statement = Statement(
                speaker=speaker,
                on_behalf_of=_actor(actors, on_behalf_of) if on_behalf_of else None,
                speaker_title=item.get("speaker_title", ""),
                text=item["text"],
                kind=item["kind"],
                said_on=said.date,
                said_on_precision=said.precision,
                channel=item["channel"],
                language=item.get("language", "en"),
                event=events[event] if event else None,
            )
            _save_new(statement, by=authors.reporter)
            if item["about"]:
                statement.about.set([_actor(actors, name) for name in item["about"]])
            report.created["statements"] += 1
        else:
            report.present["statements"] += 1
        citations = _seed_citations(
            item["citations"],
            item=statement,
            is_new=is_new,
            sources=sources,
            authors=authors,
            report=report,
        )
        if is_new:
            _bring_to(statement, item["status"], authors=authors, parts=citations)
