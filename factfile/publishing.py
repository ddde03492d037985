"""Materialise verified records into the published layer.

``publish`` writes a record's public representation on verification and a
new version on correction; ``tombstone`` marks a retraction. Both append to
the change log in the same transaction as the workflow step that calls them.

The representation is always built from the record's *verified* version,
taken from its history, with its parts (aliases, participants, ...) as they
stood at that moment and every other record it mentions taken from the
published layer. So a pending edit, of the record or of anything it
mentions, never reaches the public, even when the record is rebuilt because
something it embeds was corrected.

This module knows no editorial model: each model provides
``public_representation(context)`` and ``public_columns(data)``, and a
``public_rank`` that orders rebuilds (what is embedded comes first).
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict

from django.apps import apps
from django.db import models, transaction
from django.utils import timezone

from factfile import editorial
from factfile.folding import fold
from factfile.lookup import indexing as lookup_index
from factfile.published.models import (
    UNKNOWN_DATE,
    Action,
    ChangeEntry,
    PublicationCounter,
    PublishedLink,
    PublishedRecord,
)
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


# Building ------------------------------------------------------------------


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

    def summary(self, resource: str, record_id: int | None, *fields: str) -> Any:
        """A short embedded copy of another record, from its published JSON."""
        if record_id is None:
            return None
        row = (
            PublishedRecord.objects.filter(resource=resource, record_id=record_id)
            .values("data", "retracted_at")
            .first()
        )
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
        current = model._base_manager.filter(pk=pk).values("verified_version").first()
        if current is None or current["verified_version"] is None:
            return None
        row = verified_history_row(model, pk, current["verified_version"])
        return row.instance if row is not None else None


def verified_history_row(model: type[EditorialRecord], pk: int, version: int) -> Any:
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


def build(record: EditorialRecord) -> Built:
    """The public representation of ``record`` at its verified version."""
    model = type(record)
    if record.verified_version is None:
        raise PublishingError(f"{record} has never been verified.")
    row = verified_history_row(model, record.pk, record.verified_version)
    if row is None:
        raise PublishingError(
            f"{record} has no history of version {record.verified_version}."
        )
    instance = row.instance
    corrections = corrections_of(record, record.verified_version)
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


# Writing -------------------------------------------------------------------


def _next_seq() -> int:
    # The row lock serialises publications so that sequence numbers are
    # committed in order (see PublicationCounter).
    counter, _ = PublicationCounter.objects.select_for_update().get_or_create(pk=1)
    counter.last_seq += 1
    counter.save(update_fields=["last_seq"])
    return counter.last_seq


def _log(
    *, action: str, resource: str, record_id: int, version: int, note: str, data: Any
) -> ChangeEntry:
    return ChangeEntry.objects.create(
        seq=_next_seq(),
        at=timezone.now(),
        action=action,
        resource=resource,
        record_id=record_id,
        version=version,
        note=note,
        data=data,
    )


def _write(built: Built, *, action: str, note: str = "") -> PublishedRecord:
    entry = _log(
        action=action,
        resource=built.resource,
        record_id=built.record_id,
        version=built.version,
        note=note,
        data=built.data,
    )
    row, _ = PublishedRecord.objects.update_or_create(
        resource=built.resource,
        record_id=built.record_id,
        defaults={
            "version": built.version,
            "seq": entry.seq,
            "data": built.data,
            "changed_at": entry.at,
            **built.columns,
        },
        create_defaults={
            "version": built.version,
            "seq": entry.seq,
            "data": built.data,
            "changed_at": entry.at,
            "first_published_at": entry.at,
            **built.columns,
        },
    )
    _write_links(row, built.links)
    # The citation lookup's search index follows every write of a live row;
    # it reads only live rows, so a tombstone leaves its results at once.
    lookup_index.update(row)
    return row


def _write_links(row: PublishedRecord, links: Iterable[tuple[str, str]]) -> None:
    wanted = set(links)
    current = set(row.links.values_list("relation", "value"))
    # A record once embedded stays known as such: its words are still in
    # this row's older change entries, which its retraction withdraws.
    embedded = PublishedLink.Relation.EMBEDDED
    wanted |= {
        (embedded, value)
        for relation, value in current
        if relation in (PublishedLink.Relation.EMBEDS, embedded)
        and (PublishedLink.Relation.EMBEDS, value) not in wanted
    }
    if current - wanted:
        stale = models.Q()
        for relation, value in current - wanted:
            stale |= models.Q(relation=relation, value=value)
        row.links.filter(stale).delete()
    PublishedLink.objects.bulk_create(
        PublishedLink(record=row, relation=relation, value=value)
        for relation, value in sorted(wanted - current)
    )


def live_embedders(record: EditorialRecord) -> list[PublishedRecord]:
    """The public records that show ``record`` inside their own JSON."""
    key = f"{resource_of(record)}:{record.pk}"
    rows = PublishedRecord.objects.live().linked(PublishedLink.Relation.EMBEDS, key)
    return list(rows.order_by("resource", "record_id"))


def _refresh_dependants(resource: str, record_id: int) -> None:
    """Rebuild, from their verified versions, the records that embed this one."""
    seen = {(resource, record_id)}
    queue = [(resource, record_id)]
    dependants: set[tuple[str, int]] = set()
    while queue:
        key = "{}:{}".format(*queue.pop())
        for found in (
            PublishedRecord.objects.live()
            .linked(PublishedLink.Relation.EMBEDS, key)
            .values_list("resource", "record_id")
        ):
            if found not in seen:
                seen.add(found)
                dependants.add(found)
                queue.append(found)
    ranks = {resource_of(model): model.public_rank for model in publishable_models()}  # type: ignore[attr-defined]
    for dep_resource, dep_id in sorted(dependants, key=lambda d: (ranks[d[0]], d[1])):
        model = model_for(dep_resource)
        record = model._base_manager.get(pk=dep_id)
        _rewrite_if_changed(record, action=Action.REFRESHED)


def _refresh_shown_in(record: EditorialRecord) -> None:
    """Rebuild the live records that show ``record`` without embedding it yet.

    A new relation or translation is listed by the statement it belongs to,
    which does not link to it until rebuilt; ``public_shown_in()`` names them.
    """
    shown_in = getattr(record, "public_shown_in", None)
    for resource, record_id in shown_in() if shown_in else []:
        if not (
            PublishedRecord.objects.live()
            .filter(resource=resource, record_id=record_id)
            .exists()
        ):
            continue
        target = model_for(resource)._base_manager.get(pk=record_id)
        if _rewrite_if_changed(target, action=Action.REFRESHED):
            _refresh_dependants(resource, record_id)


def _rewrite_if_changed(
    record: EditorialRecord, *, action: str, note: str = ""
) -> bool:
    built = build(record)
    current = (
        PublishedRecord.objects.filter(
            resource=built.resource, record_id=built.record_id
        )
        .values("data", "version")
        .first()
    )
    if current is not None and current["data"] == built.data:
        return False
    notice = built.data.get("notice")
    if (
        not note
        and notice
        and (current is None or current["data"].get("notice") != notice)
    ):
        # A record's public notice (e.g. its source was withdrawn) is
        # announced in the change feed as well as shown with the record.
        note = notice.get("text", "")
    _write(built, action=action, note=note)
    return True


@transaction.atomic
def publish(record: EditorialRecord) -> None:
    """Write the verified version of ``record``: a first publication or a correction."""
    resource = resource_of(record)
    existing = PublishedRecord.objects.filter(
        resource=resource, record_id=record.pk
    ).first()
    if existing is not None and existing.retracted_at is not None:
        raise PublishingError(f"{resource} {record.pk} was retracted.")
    if existing is None:
        _write(build(record), action=Action.PUBLISHED)
    else:
        note = (
            editorial.PublicNote.for_record(record)
            .filter(
                kind=editorial.PublicNote.Kind.CORRECTION,
                version=record.verified_version,
            )
            .values_list("note", flat=True)
            .last()
        )
        _rewrite_if_changed(record, action=Action.CORRECTED, note=note or "")
    _refresh_dependants(resource, record.pk)
    _refresh_shown_in(record)


@transaction.atomic
def tombstone(*records: EditorialRecord) -> None:
    """Mark ``records`` retracted in the published layer, each with its reason.

    Records retracted together (a statement and its citations) each get
    their own change entry; what embedded any of them is rebuilt once,
    without their words, and the older change entries that carried their
    words lose them.
    """
    keys = [(resource_of(r), r.pk) for r in records if _tombstone_one(r)]
    embedders = _embedders(keys)
    for resource, record_id in keys:
        _refresh_dependants(resource, record_id)
    _withdraw_words(keys, embedders)


def _tombstone_one(record: EditorialRecord) -> bool:
    resource = resource_of(record)
    reason = (
        editorial.PublicNote.for_record(record)
        .filter(kind=editorial.PublicNote.Kind.RETRACTION)
        .order_by("created_at", "id")
        .last()
    )
    if reason is None:
        raise PublishingError(
            f"{resource} {record.pk} has no public retraction reason."
        )
    row = PublishedRecord.objects.filter(resource=resource, record_id=record.pk).first()
    if row is None:
        # Not expected: a public record is always published. Rebuild it
        # from its verified version so that the tombstone has content.
        row = _write(build(record), action=Action.PUBLISHED)
    if row.retracted_at is not None:
        return False
    entry = _log(
        action=Action.RETRACTED,
        resource=resource,
        record_id=record.pk,
        version=row.version,
        note=reason.note,
        data=None,
    )
    row.seq = entry.seq
    row.changed_at = entry.at
    row.retracted_at = reason.created_at
    row.retraction_reason = reason.note
    row.save(update_fields=["seq", "changed_at", "retracted_at", "retraction_reason"])
    lookup_index.update(row)
    return True


def _embedders(keys: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Live records that embed, or once embedded, any of the records ``keys``."""
    if not keys:
        return []
    relations = [PublishedLink.Relation.EMBEDS, PublishedLink.Relation.EMBEDDED]
    values = [f"{resource}:{record_id}" for resource, record_id in keys]
    rows = (
        PublishedRecord.objects.live()
        .filter(
            models.Exists(
                PublishedLink.objects.filter(
                    record=models.OuterRef("pk"),
                    relation__in=relations,
                    value__in=values,
                )
            )
        )
        .order_by("resource", "record_id")
        .values_list("resource", "record_id")
    )
    return list(rows)


def embeds_words_of(value: Any, keys: set[str], top: bool = True) -> bool:
    """Whether a representation embeds more than the id of a record in ``keys``."""
    if isinstance(value, dict):
        key = f"{value.get('type')}:{value.get('id')}"
        if not top and key in keys and set(value) - {"type", "id", "retracted"}:
            return True
        return any(embeds_words_of(item, keys, top=False) for item in value.values())
    if isinstance(value, list):
        return any(embeds_words_of(item, keys, top=False) for item in value)
    return False


def _withdraw_words(
    keys: list[tuple[str, int]], embedders: list[tuple[str, int]]
) -> int:
    """Empty the change entries of ``embedders`` that quote a retracted record.

    The feed already serves no content of a retracted record's own entries;
    an entry of another record written while it embedded the retracted one
    (a statement listing a citation, a relation's short text) still carried
    its words. Each embedder's current entry, rebuilt by now, is kept.
    """
    if not keys or not embedders:
        return 0
    wanted = {f"{resource}:{record_id}" for resource, record_id in keys}
    withdrawn = 0
    for resource, record_id in embedders:
        current = (
            PublishedRecord.objects.filter(resource=resource, record_id=record_id)
            .values_list("seq", flat=True)
            .first()
        )
        entries = (
            ChangeEntry.objects.filter(
                resource=resource, record_id=record_id, data__isnull=False
            )
            .exclude(seq=current)
            .values_list("seq", "data")
        )
        stale = [seq for seq, data in entries if embeds_words_of(data, wanted)]
        withdrawn += _empty_entries(stale)
    return withdrawn


def _empty_entries(seqs: list[int]) -> int:
    if not seqs:
        return 0
    entries = ChangeEntry.objects.filter(seq__in=seqs)
    # A refreshed entry's note is the notice it announced, which may name
    # the retracted record (a withdrawn source's title).
    entries.filter(action=Action.REFRESHED).update(note="")
    return entries.update(data=None)


@transaction.atomic
def redirect(record: EditorialRecord, *, to: int, note: str) -> None:
    """Replace a merged duplicate's public version by a pointer to the survivor.

    The row stays (its id answers a permanent redirect to record ``to`` of
    the same type), leaves every list, and the records that embedded it are
    rebuilt, embedding the survivor instead. The change feed announces it as
    a retraction whose note names the survivor.
    """
    resource = resource_of(record)
    row = PublishedRecord.objects.filter(resource=resource, record_id=record.pk).first()
    if row is None:
        return
    entry = _log(
        action=Action.RETRACTED,
        resource=resource,
        record_id=record.pk,
        version=row.version,
        note=note,
        data=None,
    )
    row.seq, row.changed_at = entry.seq, entry.at
    row.retracted_at = entry.at
    row.retraction_reason = note
    row.data = {**row.data, "merged_into": {"type": resource, "id": to}}
    row.save(
        update_fields=["seq", "changed_at", "retracted_at", "retraction_reason", "data"]
    )
    # A pointer to the survivor is nothing a writer looks up.
    lookup_index.update(row)
    _refresh_dependants(resource, record.pk)


@transaction.atomic
def restore(record: EditorialRecord, *, was_at: int) -> None:
    """Undo ``redirect``: publish the record again and rebuild what moved back."""
    resource = resource_of(record)
    row = PublishedRecord.objects.filter(resource=resource, record_id=record.pk).first()
    if row is None or not row.data.get("merged_into"):
        return
    row.retracted_at = None
    row.retraction_reason = ""
    row.save(update_fields=["retracted_at", "retraction_reason"])
    _write(build(record), action=Action.PUBLISHED)
    # Records rebuilt from verified versions that name the duplicate embed
    # it again; the others are unchanged and not rewritten.
    _refresh_dependants(resource, was_at)


# Rebuilding ----------------------------------------------------------------

CHUNK_SIZE = 500


@dataclass
class RepublishReport:
    published: int = 0
    refreshed: int = 0
    retracted: int = 0
    unchanged: int = 0
    withdrawn: int = 0

    @property
    def changed(self) -> int:
        return self.published + self.refreshed + self.retracted + self.withdrawn


def republish() -> RepublishReport:
    """Rebuild the published layer from the verified versions of every record.

    On a consistent layer this writes nothing. A record with a pending edit
    is rebuilt from its last verified version, never from the edit. Last,
    change entries that still carry words of a retracted record lose them.
    """
    report = RepublishReport()
    for model in publishable_models():
        ids = (
            model._base_manager.filter(verified_version__isnull=False)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for pk in ids.iterator(chunk_size=CHUNK_SIZE):
            with transaction.atomic():
                record = model._base_manager.select_for_update().get(pk=pk)
                _republish_one(record, report)
    report.withdrawn = withdraw_retracted_words()
    return report


def _republish_one(record: EditorialRecord, report: RepublishReport) -> None:
    resource = resource_of(record)
    row = PublishedRecord.objects.filter(resource=resource, record_id=record.pk).first()
    if row is None:
        _write(build(record), action=Action.PUBLISHED)
        report.published += 1
        row = PublishedRecord.objects.get(resource=resource, record_id=record.pk)
    elif row.retracted_at is None and _rewrite_if_changed(
        record, action=Action.REFRESHED
    ):
        report.refreshed += 1
    else:
        report.unchanged += 1
    if record.status == editorial.Status.RETRACTED and row.retracted_at is None:
        tombstone(record)
        report.retracted += 1


def withdraw_retracted_words() -> int:
    """Empty every change entry of a live record that quotes a retracted one.

    The whole feed is read once, in chunks, for a layer written before a
    retraction reached older entries; return how many entries were emptied.
    """
    tombstones = PublishedRecord.objects.filter(retracted_at__isnull=False)
    gone: set[str] = set()
    retracted: set[str] = set()
    for resource, record_id, data in tombstones.values_list(
        "resource", "record_id", "data"
    ).iterator(chunk_size=CHUNK_SIZE):
        key = f"{resource}:{record_id}"
        gone.add(key)
        # A merged duplicate's words live on under its survivor.
        if not (data or {}).get("merged_into"):
            retracted.add(key)
    if not retracted:
        return 0
    entries = (
        ChangeEntry.objects.filter(data__isnull=False)
        .order_by("seq")
        .values_list("seq", "resource", "record_id", "data")
    )
    stale = [
        seq
        for seq, resource, record_id, data in entries.iterator(chunk_size=CHUNK_SIZE)
        # The feed already serves nothing of a retracted record's own entries.
        if f"{resource}:{record_id}" not in gone and embeds_words_of(data, retracted)
    ]
    # A live record's current entry is rebuilt without those words by now;
    # it is kept whatever happens, so that the feed still rebuilds the layer.
    withdrawn = 0
    for start in range(0, len(stale), CHUNK_SIZE):
        chunk = stale[start : start + CHUNK_SIZE]
        current = set(
            PublishedRecord.objects.filter(seq__in=chunk).values_list("seq", flat=True)
        )
        withdrawn += _empty_entries([seq for seq in chunk if seq not in current])
    return withdrawn
