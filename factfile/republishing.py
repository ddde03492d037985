"""Rebuild the published layer from the verified versions of every record.

``manage.py republish`` runs this after an upgrade or a repair: on a
consistent layer it writes nothing, and change entries that still carry the
words of a retracted record lose them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction

from factfile import editorial
from factfile.published.models import Action, ChangeEntry, PublishedRecord
from factfile.publishing import (
    _empty_entries,
    _rewrite_if_changed,
    _write,
    embeds_words_of,
    tombstone,
)
from factfile.representation import build, publishable_models, resource_of

if TYPE_CHECKING:
    from factfile.editorial import EditorialRecord


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
