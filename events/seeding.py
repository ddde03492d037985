"""Load the seed fact file: the five seed articles and the records drawn from them.

The records are entered the way the newsroom enters them. A reporter creates
each one and submits it; a fact-checker verifies it, through the same
``factfile.workflow`` functions the admin uses, so the four-eyes rule and the
verification checks apply to the seed as to anything else. Sources and actors
go first, because statements and events can only be verified once their
sources, speakers and participants are.

Authors: the reporter and the fact-checker are always the demo accounts
``demo.reporter`` and ``demo.checker``, whether or not demo logins are asked
for, so the history of the seed reads the same on every machine and never
borrows a real person's name. Without demo logins those two accounts get an
unusable password: they hold their roles, which the workflow checks, but
nobody can log in as them. With demo logins all three demo accounts (the
editor-in-chief too) get the known passwords of ``DEMO_ACCOUNTS``; they are
for local use only.

Loading is idempotent. Each record has a natural key (a source's text hash,
an actor's name, an event's title, a statement's speaker and text, a
citation's source, passage and item); a record that already exists is left
exactly as it is, since an editor may have worked on it since, and nothing is
saved again. The whole load is one transaction.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, NotRequired, TypedDict

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

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
from factfile.dates import PartialDate
from factfile.editorial import EditorialRecord, Status, WorkflowError
from factfile.roles import EDITOR_IN_CHIEF, FACT_CHECKER, REPORTER, give_role
from factfile.workflow import submit, verify
from sources.models import Source

if TYPE_CHECKING:
    from django.contrib.auth.models import User

SEED_FILE = Path(__file__).resolve().parent / "seed" / "factfile.json"
CHANGE_REASON = "Entered from the seed fact file"


class CitationData(TypedDict):
    source: str
    passage: str
    stance: NotRequired[str]


class SourceData(TypedDict):
    key: str
    file: str
    title: str
    kind: str
    publisher: str
    authors: str
    published_on: str
    language: str
    status: str
    note: NotRequired[str]


class AliasData(TypedDict):
    name: str
    language: NotRequired[str]


class RoleData(TypedDict):
    title: str
    organisation: NotRequired[str]
    starts_on: str
    ends_on: str


class ActorData(TypedDict):
    name: str
    kind: str
    aliases: list[str | AliasData]
    description: str
    roles: NotRequired[list[RoleData]]
    wikidata_id: NotRequired[str]
    status: str
    note: NotRequired[str]


class ParticipantData(TypedDict):
    actor: str
    role: str


class RelationData(TypedDict):
    kind: str
    to: str


class EventData(TypedDict):
    title: str
    kind: str
    description: str
    starts_on: str
    ends_on: NotRequired[str]
    place_name: NotRequired[str]
    place_country: NotRequired[str]
    participants: list[ParticipantData]
    relations: NotRequired[list[RelationData]]
    citations: list[CitationData]
    status: str
    note: NotRequired[str]


class StatementData(TypedDict):
    speaker: str
    on_behalf_of: NotRequired[str]
    speaker_title: NotRequired[str]
    text: str
    kind: str
    said_on: str
    channel: str
    language: NotRequired[str]
    about: list[str]
    event: NotRequired[str]
    citations: list[CitationData]
    status: str
    note: NotRequired[str]


class SeedData(TypedDict):
    note: NotRequired[str]
    sources: list[SourceData]
    actors: list[ActorData]
    events: list[EventData]
    statements: list[StatementData]


class SeedError(Exception):
    """The seed data cannot be loaded as it stands; nothing was written."""


@dataclass(frozen=True)
class DemoAccount:
    role: str
    username: str
    password: str
    first_name: str
    last_name: str


# Known passwords, printed on purpose: these accounts exist for trying the
# app on one's own machine and must never be created on a shared server.
DEMO_ACCOUNTS = (
    DemoAccount(REPORTER, "demo.reporter", "demo-reporter-local", "Demo", "Reporter"),
    DemoAccount(
        FACT_CHECKER, "demo.checker", "demo-checker-local", "Demo", "Fact-checker"
    ),
    DemoAccount(EDITOR_IN_CHIEF, "demo.editor", "demo-editor-local", "Demo", "Editor"),
)


@dataclass
class SeedReport:
    """What a load created and what it found already there, per kind of record."""

    created: Counter[str] = field(default_factory=Counter)
    present: Counter[str] = field(default_factory=Counter)
    demo_logins: list[DemoAccount] = field(default_factory=list)

    KINDS: ClassVar[tuple[str, ...]] = (
        "users",
        "sources",
        "actors",
        "events",
        "statements",
        "citations",
    )

    def lines(self) -> list[str]:
        return [
            f"{kind:<11} created {self.created[kind]:>3}, already present "
            f"{self.present[kind]:>3}"
            for kind in self.KINDS
        ]


@dataclass(frozen=True)
class _Authors:
    reporter: User
    checker: User


def read_seed_file(path: Path = SEED_FILE) -> SeedData:
    """Read the curated seed data."""
    with path.open(encoding="utf-8") as handle:
        data: SeedData = json.load(handle)
    return data


def seed_articles_dir() -> Path:
    """The folder that keeps the seed articles, byte for byte as collected."""
    return Path(apps.get_app_config("sources").path) / "seed_articles"


@transaction.atomic
def seed_factfile(
    *,
    data: SeedData | None = None,
    articles: Path | None = None,
    demo_users: bool = False,
) -> SeedReport:
    """Load the seed sources and fact file; load nothing twice; all or nothing."""
    data = read_seed_file() if data is None else data
    articles = seed_articles_dir() if articles is None else articles
    report = SeedReport()
    authors = ensure_demo_users(logins=demo_users, report=report)
    sources = _seed_sources(
        data["sources"], articles=articles, authors=authors, report=report
    )
    actors = _seed_actors(data["actors"], authors=authors, report=report)
    events = _seed_events(
        data["events"], sources=sources, actors=actors, authors=authors, report=report
    )
    _seed_statements(
        data["statements"],
        sources=sources,
        actors=actors,
        events=events,
        authors=authors,
        report=report,
    )
    return report


def ensure_demo_users(*, logins: bool, report: SeedReport) -> _Authors:
    """Get or create the demo accounts; give them passwords only if ``logins``."""
    users = {}
    for account in DEMO_ACCOUNTS:
        if account.role == EDITOR_IN_CHIEF and not logins:
            continue
        users[account.role] = _ensure_user(account, login=logins, report=report)
        if logins:
            report.demo_logins.append(account)
    return _Authors(reporter=users[REPORTER], checker=users[FACT_CHECKER])


def _ensure_user(account: DemoAccount, *, login: bool, report: SeedReport) -> User:
    user, created = get_user_model().objects.get_or_create(
        username=account.username,
        defaults={
            "first_name": account.first_name,
            "last_name": account.last_name,
            "is_staff": True,
        },
    )
    (report.created if created else report.present)["users"] += 1
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    if login:
        updates = []
        if not user.check_password(account.password):
            user.set_password(account.password)
            updates.append("password")
        if not user.is_active:
            user.is_active = True
            updates.append("is_active")
        if updates:
            user.save(update_fields=updates)
    if not user.groups.filter(name=account.role).exists():
        give_role(user, account.role)
    return user


# Records --------------------------------------------------------------------


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
    authors: _Authors,
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


def _seed_sources(
    items: list[SourceData], *, articles: Path, authors: _Authors, report: SeedReport
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


def _seed_actors(
    items: list[ActorData], *, authors: _Authors, report: SeedReport
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
    authors: _Authors,
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


def _seed_events(
    items: list[EventData],
    *,
    sources: dict[str, Source],
    actors: dict[str, Actor],
    authors: _Authors,
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


def _seed_statements(
    items: list[StatementData],
    *,
    sources: dict[str, Source],
    actors: dict[str, Actor],
    events: dict[str, Event],
    authors: _Authors,
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
