"""Materialise verified records into the published layer.

``publish`` writes a record's public representation on verification and a
new version on correction; ``tombstone`` marks a retraction. Both append to
the change log in the same transaction as the workflow step that calls them.

What is written is built by ``factfile.representation`` from the record's
verified version, so a pending edit, of the record or of anything it
mentions, never reaches the public. ``factfile.republishing`` rebuilds the
whole layer from the same verified versions.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import connections, models, router, transaction
from django.utils import timezone

from factfile import editorial
from factfile.lookup import indexing as lookup_index
from factfile.published.models import (
    Action,
    ChangeEntry,
    PublicationCounter,
    PublishedLink,
    PublishedRecord,
)
from factfile.representation import (
    Built,
    PublishingError,
    build,
    model_for,
    publishable_models,
    resource_of,
)

if TYPE_CHECKING:
    from factfile.editorial import EditorialRecord


def _next_seq() -> int:
    # The row lock serialises publications so that sequence numbers are
    # committed in order (see PublicationCounter). The increment takes it:
    # one statement, which the first publication of all follows with the
    # counter's creation.
    connection = connections[router.db_for_write(PublicationCounter)]
    table = connection.ops.quote_name(PublicationCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last_seq = last_seq + 1 WHERE id = 1 "
            "RETURNING last_seq"
        )
        found = cursor.fetchone()
    if found is not None:
        return int(found[0])
    counter, _ = PublicationCounter.objects.select_for_update().get_or_create(pk=1)
    counter.last_seq += 1
    counter.save(update_fields=["last_seq"])
    return counter.last_seq


def _give_back_seq(seq: int) -> None:
    """Return the number ``_next_seq`` just handed out, still under its lock."""
    PublicationCounter.objects.filter(pk=1, last_seq=seq).update(last_seq=seq - 1)


def _log(
    *,
    action: str,
    resource: str,
    record_id: int,
    version: int,
    note: str,
    data: Any,
    seq: int | None = None,
) -> ChangeEntry:
    return ChangeEntry.objects.create(
        seq=seq if seq is not None else _next_seq(),
        at=timezone.now(),
        action=action,
        resource=resource,
        record_id=record_id,
        version=version,
        note=note,
        data=data,
    )


# ``_write``'s row when the caller has not read it.
UNREAD: Any = object()


def _write(
    built: Built,
    *,
    action: str,
    note: str = "",
    seq: int | None = None,
    row: PublishedRecord | None = UNREAD,
) -> PublishedRecord:
    """Log and write ``built``; ``seq`` and ``row``: taken and read under the lock.

    A caller that holds the publication lock already (it took ``seq``) may
    pass the row it read since (``None``: there is none).
    """
    entry = _log(
        action=action,
        resource=built.resource,
        record_id=built.record_id,
        version=built.version,
        note=note,
        data=built.data,
        seq=seq,
    )
    columns = {
        "version": built.version,
        "seq": entry.seq,
        "data": built.data,
        "changed_at": entry.at,
        **built.columns,
    }
    # The change entry above took the publication lock, which every write
    # of a row of the layer takes first: no one else inserts this row before
    # the transaction ends. (A get-or-create would add two savepoints for a
    # race that cannot happen.)
    if row is UNREAD:
        row = (
            PublishedRecord.objects.select_for_update()
            .filter(resource=built.resource, record_id=built.record_id)
            .first()
        )
    if row is None:
        row = PublishedRecord.objects.create(
            resource=built.resource,
            record_id=built.record_id,
            first_published_at=entry.at,
            **columns,
        )
        created = True
    else:
        for name, value in columns.items():
            setattr(row, name, value)
        row.save(update_fields=list(columns))
        created = False
    _write_links(row, built.links, new=created)
    # The citation lookup's search index follows every write of a live row;
    # it reads only live rows, so a tombstone leaves its results at once.
    lookup_index.update(row, new=created)
    return row


def _write_links(
    row: PublishedRecord, links: Iterable[tuple[str, str]], *, new: bool = False
) -> None:
    wanted = set(links)
    # A row just made has no links yet.
    current = set() if new else set(row.links.values_list("relation", "value"))
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
    record: EditorialRecord,
    *,
    action: str,
    note: str = "",
    seq: int | None = None,
    row: PublishedRecord | None = UNREAD,
) -> bool:
    """Write ``record`` again if its representation changed.

    ``seq`` and ``row``: as for ``_write``.
    """
    built = build(record)
    if row is UNREAD:
        current = (
            PublishedRecord.objects.filter(
                resource=built.resource, record_id=built.record_id
            )
            .values("data", "version")
            .first()
        )
    else:
        current = None if row is None else {"data": row.data, "version": row.version}
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
    _write(built, action=action, note=note, seq=seq, row=row)
    return True


@transaction.atomic
def publish(record: EditorialRecord) -> None:
    """Write the verified version of ``record``: a first publication or a correction."""
    publish_in_transaction(record)


def publish_in_transaction(record: EditorialRecord) -> None:
    """``publish``, in the caller's transaction, which any failure must undo."""
    if not transaction.get_connection().in_atomic_block:
        raise transaction.TransactionManagementError(
            "publish_in_transaction needs the caller's transaction."
        )
    resource = resource_of(record)
    # The publication lock first, with this publication's number: the row
    # is then read once, and no one else writes it before the end of the
    # transaction.
    seq = _next_seq()
    existing = (
        PublishedRecord.objects.select_for_update()
        .filter(resource=resource, record_id=record.pk)
        .first()
    )
    if existing is not None and existing.retracted_at is not None:
        raise PublishingError(f"{resource} {record.pk} was retracted.")
    if existing is None:
        # Verified for the first time (no public version before this one):
        # it has no correction notes to read.
        first = getattr(record, "verified_before", 0) is None
        _write(build(record, first=first), action=Action.PUBLISHED, seq=seq, row=None)
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
        if not _rewrite_if_changed(
            record, action=Action.CORRECTED, note=note or "", seq=seq, row=existing
        ):
            # Nothing new to publish: the number goes back unused.
            _give_back_seq(seq)
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
