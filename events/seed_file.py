"""The seed fact file as stored: its shape, where it lives, reading it.

``seed/factfile.json`` holds the curated records; the articles they cite are
kept byte for byte in the sources app's ``seed_articles/`` folder.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import NotRequired, TypedDict

from django.apps import apps

SEED_FILE = Path(__file__).resolve().parent / "seed" / "factfile.json"


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


def read_seed_file(path: Path = SEED_FILE) -> SeedData:
    """Read the curated seed data."""
    with path.open(encoding="utf-8") as handle:
        data: SeedData = json.load(handle)
    return data


def seed_articles_dir() -> Path:
    """The folder that keeps the seed articles, byte for byte as collected."""
    return Path(apps.get_app_config("sources").path) / "seed_articles"
