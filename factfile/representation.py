"""Build a record's public representation from its verified version.

The representation is always built from the record's *verified* version,
taken from its history, with its parts (aliases, participants, ...) as they
stood at that moment and every other record it mentions taken from the
published layer. So a pending edit, of the record or of anything it
mentions, never reaches the public, even when the record is rebuilt because
something it embeds was corrected.

This module knows no editorial model: each model provides
``public_representation(context)`` and ``public_columns(data)``, and a
``public_rank`` that orders rebuilds (what is embedded comes first).
``factfile.publishing`` writes what is built here into the published layer.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict

from django.apps import apps
from django.db import models

from factfile import editorial
from factfile.folding import fold
from factfile.published.models import UNKNOWN_DATE, PublishedLink, PublishedRecord
from factfile.timestamps import TimestampJSONEncoder

if TYPE_CHECKING:
    from factfile.editorial import EditorialRecord


class CorrectionDict(TypedDict):
    note: str
    date: str


class PublishingError(Exception):
    """The published layer cannot take this write."""


def resource_of(record: EditorialRecord | type[EditorialRecord]) -> str:
    return record._meta.model_name  # type: ignore[return-value]


def publishable_models() -> list[type[EditorialRecord]]:
    """The editorial models with a public representation, in rebuild order."""
    found = [
        model
        for model in apps.get_models()
        if issubclass(model, editorial.EditorialRecord)
        and hasattr(model, "public_representation")
    ]
    return sorted(found, key=lambda model: (model.public_rank, resource_of(model)))  # type: ignore[attr-defined]


def model_for(resource: str) -> type[EditorialRecord]:
    for model in publishable_models():
        if resource_of(model) == resource:
            return model
    raise LookupError(f"No publishable record type {resource!r}")


@dataclass
class PublicContext:
    """What a model may read while building its public representation.

    Everything here is verified: the record's own history at its verified
    version, its parts as of that moment, and other records as published.
    """

    history_row: Any
    as_of: datetime.datetime
    # The record's public correction notes up to its verified version, so
    # that what is rendered from the representation (its citations) can say
    # when it was corrected.
    corrections: list[CorrectionDict] = field(default_factory=list)
    # The published rows read for summaries, by resource and id (None: no
    # row). Nothing is written while a representation is built.
    rows: dict[tuple[str, int], dict[str, Any] | None] = field(
        default_factory=dict, repr=False
    )

    def read_ahead(self, *keys: tuple[str, int | None]) -> None:
        """Read, in one query, the published rows ``summary`` is to ask for."""
        wanted: dict[str, set[int]] = {}
        for resource, record_id in keys:
            if record_id is not None and (resource, record_id) not in self.rows:
                wanted.setdefault(resource, set()).add(record_id)
        if not wanted:
            return
        which = models.Q()
        for resource, ids in sorted(wanted.items()):
            which |= models.Q(resource=resource, record_id__in=sorted(ids))
        for resource, ids in wanted.items():
            for record_id in ids:
                self.rows[(resource, record_id)] = None
        for row in PublishedRecord.objects.filter(which).values(
            "resource", "record_id", "data", "retracted_at"
        ):
            self.rows[(row["resource"], row["record_id"])] = row

    def _published_row(self, resource: str, record_id: int) -> dict[str, Any] | None:
        key = (resource, record_id)
        if key not in self.rows:
            self.rows[key] = (
                PublishedRecord.objects.filter(resource=resource, record_id=record_id)
                .values("data", "retracted_at")
                .first()
            )
        return self.rows[key]

    def summary(self, resource: str, record_id: int | None, *fields: str) -> Any:
        """A short embedded copy of another record, from its published JSON."""
        if record_id is None:
            return None
        row = self._published_row(resource, record_id)
        embedded: dict[str, Any] = {"type": resource, "id": record_id}
        if row is None:
            return embedded
        moved = row["data"].get("merged_into")
        if row["retracted_at"] is not None and moved and moved["id"] != record_id:
            # A merged duplicate answers for the record it was merged into.
            return self.summary(moved["type"], moved["id"], *fields)
        if row["retracted_at"] is not None:
            # Not one word of a retracted record is public any more, not
            # even inside the records that mentioned it.
            return embedded | {"retracted": True}
        return embedded | {name: row["data"].get(name) for name in fields}

    def published(self, resource: str, **columns: Any) -> list[dict[str, Any]]:
        """The live published JSON of records of one type, by their columns."""
        rows = PublishedRecord.objects.of(resource).live().filter(**columns)
        return list(rows.order_by("record_id").values_list("data", flat=True))

    def parts(self, model: type[models.Model], **filters: Any) -> list[Any]:
        """Rows of a part model (aliases, participants, ...) as they were verified."""
        history = model.history  # type: ignore[attr-defined]
        rows = history.as_of(self.as_of).filter(**filters)
        return sorted(rows, key=lambda row: row.pk)

    def related_ids(self, name: str, target: str) -> list[int]:
        """Ids of a many-to-many field at the verified version, sorted."""
        manager = getattr(self.history_row, name)
        return sorted(manager.values_list(f"{target}_id", flat=True))

    def verified(self, model: type[EditorialRecord], pk: int | None) -> Any:
        """Another record at its verified version, or None if it never was."""
        if pk is None:
            return None
        # One query: the version is that of the record's row (none if it
        # was never verified).
        current = model._base_manager.filter(pk=pk).values("verified_version")
        row = verified_history_row(model, pk, models.Subquery(current[:1]))
        return row.instance if row is not None else None


def verified_history_row(
    model: type[EditorialRecord], pk: int, version: int | models.Subquery
) -> Any:
    history = model.history  # type: ignore[attr-defined]
    return (
        history.filter(id=pk, version=version, status=editorial.Status.VERIFIED)
        .order_by("-history_date", "-history_id")
        .first()
    )


@dataclass
class Built:
    """A record's public representation with its filter columns and links."""

    resource: str
    record_id: int
    version: int
    data: dict[str, Any]
    columns: dict[str, Any]
    links: list[tuple[str, str]] = field(default_factory=list)


def _jsonable(value: Any) -> Any:
    # Stored JSON comes back with plain types only; normalising first makes
    # a rebuilt representation compare equal to the stored one.
    return json.loads(json.dumps(value, cls=TimestampJSONEncoder))


def _embedded_keys(value: Any, resources: set[str], top: bool = True) -> Iterator[str]:
    """``resource:id`` of every record embedded in a representation."""
    if isinstance(value, dict):
        if not top and value.get("type") in resources and "id" in value:
            yield f"{value['type']}:{value['id']}"
        for item in value.values():
            yield from _embedded_keys(item, resources, top=False)
    elif isinstance(value, list):
        for item in value:
            yield from _embedded_keys(item, resources, top=False)


def corrections_of(record: EditorialRecord, version: int) -> list[CorrectionDict]:
    notes = editorial.PublicNote.for_record(record).filter(
        kind=editorial.PublicNote.Kind.CORRECTION, version__lte=version
    )
    return [
        {"note": note.note, "date": note.created_at.date().isoformat()}
        for note in notes
    ]


def build(record: EditorialRecord, *, first: bool = False) -> Built:
    """The public representation of ``record`` at its verified version.

    ``first``: the record's first verified version, which no correction
    note can precede (a correction is of a version once verified).
    """
    model = type(record)
    if record.verified_version is None:
        raise PublishingError(f"{record} has never been verified.")
    row = verified_history_row(model, record.pk, record.verified_version)
    if row is None:
        raise PublishingError(
            f"{record} has no history of version {record.verified_version}."
        )
    instance = row.instance
    corrections = [] if first else corrections_of(record, record.verified_version)
    context = PublicContext(
        history_row=row, as_of=row.history_date, corrections=corrections
    )
    data: dict[str, Any] = {
        "type": resource_of(model),
        "id": record.pk,
        "version": record.verified_version,
        "verified_at": instance.verified_at,
        **instance.public_representation(context),
        "corrections": corrections,
    }
    data = _jsonable(data)
    columns = dict(instance.public_columns(data))
    links = [
        (relation, str(value))
        for relation, values in columns.pop("links", {}).items()
        for value in values
        if value not in (None, "")
    ]
    resources = {resource_of(model) for model in publishable_models()}
    links += [
        (PublishedLink.Relation.EMBEDS, key) for key in _embedded_keys(data, resources)
    ]
    columns["search_text"] = fold(columns.get("search_text", ""))
    columns["sort_date"] = columns.get("date") or UNKNOWN_DATE
    return Built(
        resource=resource_of(model),
        record_id=record.pk,
        version=record.verified_version,
        data=data,
        columns=columns,
        links=sorted(set(links)),
    )
