"""The public state of records, for stories that cite them.

A story keeps the ids of the records it quotes (``statement:12``); this says,
for each, whether it is published as verified, corrected (when, with the
latest note), retracted (when, with the reason) or unknown to the public. It
reads the published layer only, in one query for any number of ids.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, TypedDict

from django.conf import settings
from django.db import models
from django.urls import reverse

from factfile.published.models import PublishedRecord

RECORD_TYPES = ("statement", "event", "actor", "source", "citation")
# ``statement:12``: a record type, a colon and an id of at most 18 digits,
# written without leading zeros.
KEY = re.compile(r"(?P<type>[a-z]+):(?P<id>[1-9][0-9]{0,17})")
# The same, as an OpenAPI pattern: the list of at most ``MAX_KEYS`` ids.
_ONE = r"(statement|event|actor|source|citation):[1-9][0-9]{0,17}"
KEYS_PATTERN = rf"^{_ONE}(,{_ONE}){{0,99}}$"
ONE_KEY_PATTERN = rf"^{_ONE}$"
MAX_KEYS = 100


class BadKeys(ValueError):
    """The ids asked for cannot be read; the message says why, on one line."""


@dataclass(frozen=True)
class Key:
    resource: str
    record_id: int

    def __str__(self) -> str:
        return f"{self.resource}:{self.record_id}"


def parse_keys(raw: str, *, limit: int = MAX_KEYS) -> list[Key]:
    """``statement:12,event:3`` as keys, in order and without repeats."""
    parts = raw.split(",")
    if len(parts) > limit:
        raise BadKeys(f"At most {limit} ids at once, not {len(parts)}.")
    keys: list[Key] = []
    for number, part in enumerate(parts, start=1):
        match = KEY.fullmatch(part)
        if match is None or match["type"] not in RECORD_TYPES:
            # What was typed is not repeated: an answer never echoes markup.
            raise BadKeys(
                f"Item {number} is not a record id: write type:id, the type one of "
                f"{', '.join(RECORD_TYPES)}, the id a whole number from 1 "
                "(statement:12)."
            )
        key = Key(match["type"], int(match["id"]))
        if key not in keys:
            keys.append(key)
    return keys


class State(TypedDict, total=False):
    id: str
    state: str
    url: str
    version: int
    corrected_on: str
    note: str
    retracted_on: str
    reason: str
    merged_into: str


def page_url(key: Key) -> str:
    """The absolute address of the record's public page."""
    path = reverse("record", args=[key.resource, key.record_id])
    return settings.FACTFILE_PUBLIC_URL + path


def _state(key: Key, row: dict[str, Any] | None) -> State:
    if row is None:
        return {"id": str(key), "state": "unknown"}
    if row["retracted_at"] is not None:
        state: State = {
            "id": str(key),
            "state": "retracted",
            "url": page_url(key),
            "retracted_on": row["retracted_at"].date().isoformat(),
            "reason": row["retraction_reason"],
        }
        moved = row["merged_into"]
        if isinstance(moved, dict) and moved.get("type") and moved.get("id"):
            state["merged_into"] = f"{moved['type']}:{moved['id']}"
        return state
    corrections = [
        c for c in row["corrections"] or [] if isinstance(c, dict) and c.get("date")
    ]
    if corrections:
        latest = max(corrections, key=lambda c: str(c["date"]))
        return {
            "id": str(key),
            "state": "corrected",
            "url": page_url(key),
            "version": row["version"],
            "corrected_on": str(latest["date"]),
            "note": str(latest.get("note") or ""),
        }
    return {
        "id": str(key),
        "state": "published",
        "url": page_url(key),
        "version": row["version"],
    }


def record_states(
    keys: list[Key], *, extra: dict[str, Any] | None = None
) -> tuple[list[State], list[dict[str, Any]]]:
    """The state of each key, in order, and the rows read (with ``extra``)."""
    if not keys:
        return [], []
    wanted = models.Q()
    for resource in {key.resource for key in keys}:
        ids = [key.record_id for key in keys if key.resource == resource]
        wanted |= models.Q(resource=resource, record_id__in=ids)
    rows = list(
        PublishedRecord.objects.filter(wanted).values(
            "resource",
            "record_id",
            "version",
            "seq",
            "retracted_at",
            "retraction_reason",
            # Only the parts of the JSON a state needs, not the whole record.
            corrections=models.F("data__corrections"),
            merged_into=models.F("data__merged_into"),
            **(extra or {}),
        )
    )
    found = {(row["resource"], row["record_id"]): row for row in rows}
    return [_state(key, found.get((key.resource, key.record_id))) for key in keys], rows
