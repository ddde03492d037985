"""The published layer: the public representation of every verified record.

Verifying a record writes its JSON here; correcting it writes a new version;
retracting it leaves a tombstone. The public API reads nothing else, so a
draft or an unverified edit cannot reach it. ``ChangeEntry`` is the ordered
log of the layer: replaying it from the start rebuilds the layer exactly.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models.functions import Cast


class Action(models.TextChoices):
    PUBLISHED = "published", "Published"
    CORRECTED = "corrected", "Corrected"
    REFRESHED = "refreshed", "Refreshed"
    RETRACTED = "retracted", "Retracted"


# The day stored for items whose date is unknown, so that every row has a
# sort key: unknown dates sort before every known one.
UNKNOWN_DATE = datetime.date(1, 1, 1)


def stored_text() -> Cast:
    """A row's public JSON as text, to splice into a response without parsing it.

    Published rows and change entries both keep it in ``data``.
    """
    return Cast("data", output_field=models.TextField())


class PublishedQuerySet(models.QuerySet):
    def of(self, resource: str) -> PublishedQuerySet:
        """The published records of one type: ``statement``, ``actor``, ..."""
        return self.filter(resource=resource)

    def live(self) -> PublishedQuerySet:
        """Records that are public now, without tombstones."""
        return self.filter(retracted_at__isnull=True)

    def for_api(self) -> PublishedQuerySet:
        """Only what a response needs: the JSON and the keys it is sorted on."""
        # The columns used only for filtering stay in the database: a page
        # of 200 records then moves 200 JSON documents and nothing else.
        return self.only(
            "resource", "record_id", "seq", "data", "sort_date", "changed_at"
        )

    def newest_first(self) -> PublishedQuerySet:
        """Records in the order they were first published, the latest first."""
        return self.order_by("-first_published_at", "-record_id")

    def linked(self, relation: str, value: object) -> PublishedQuerySet:
        """Records with ``value`` among the values of a multi-valued filter."""
        return self.filter(
            models.Exists(
                PublishedLink.objects.filter(
                    record=models.OuterRef("pk"), relation=relation, value=str(value)
                )
            )
        )


class PublishedRecord(models.Model):
    """The current public version of one record, or its tombstone."""

    resource = models.CharField(
        max_length=16, help_text="The record type: statement, event, actor, ..."
    )
    record_id = models.PositiveBigIntegerField(help_text="The record's stable id.")
    version = models.PositiveIntegerField(help_text="The verified editorial version.")
    seq = models.PositiveBigIntegerField(
        unique=True, help_text="The change-feed entry that last wrote this row."
    )
    data = models.JSONField(help_text="The public representation, as served.")
    first_published_at = models.DateTimeField()
    changed_at = models.DateTimeField(help_text="When this row was last written.")
    retracted_at = models.DateTimeField(null=True, blank=True)
    retraction_reason = models.TextField(blank=True)

    # Denormalised columns for filters and sorting; empty where they do not
    # apply to the record type.
    kind = models.CharField(max_length=32, blank=True)
    channel = models.CharField(max_length=32, blank=True)
    language = models.CharField(max_length=16, blank=True)
    date = models.DateField(null=True, blank=True)
    date_precision = models.CharField(max_length=8, blank=True)
    sort_date = models.DateField(default=UNKNOWN_DATE)
    speaker_id = models.PositiveBigIntegerField(null=True, blank=True)
    event_id = models.PositiveBigIntegerField(null=True, blank=True)
    statement_id = models.PositiveBigIntegerField(null=True, blank=True)
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    search_text = models.TextField(
        blank=True, help_text="Folded text (lower case, no accents) for q."
    )

    objects = PublishedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "record_id"], name="published_resource_record"
            ),
        ]
        indexes = [
            models.Index(
                fields=["resource", "sort_date", "record_id"], name="published_by_date"
            ),
            models.Index(fields=["resource", "seq"], name="published_by_change"),
            # The front page's latest statements and events.
            models.Index(
                fields=["resource", "first_published_at", "record_id"],
                name="published_by_first_published",
            ),
            models.Index(fields=["resource", "kind"], name="published_kind"),
            models.Index(fields=["resource", "channel"], name="published_channel"),
            models.Index(fields=["resource", "language"], name="published_language"),
            # A speaker's list, newest first, is read in index order and
            # stops after a page, whatever the size of the archive.
            models.Index(
                fields=["resource", "speaker_id", "sort_date", "record_id"],
                name="published_speaker_by_date",
            ),
            models.Index(fields=["resource", "event_id"], name="published_event"),
            models.Index(
                fields=["resource", "statement_id"], name="published_statement"
            ),
            models.Index(fields=["resource", "source_id"], name="published_source"),
            models.Index(fields=["resource", "publisher"], name="published_publisher"),
            # The change feed asks, for every entry, whether its record was
            # retracted since: a small index of the retracted rows answers
            # without reading the whole layer.
            models.Index(
                fields=["resource", "record_id"],
                condition=models.Q(retracted_at__isnull=False),
                name="published_retracted",
            ),
        ]

    def __str__(self) -> str:
        state = " (retracted)" if self.retracted_at else ""
        return f"{self.resource} {self.record_id} v{self.version}{state}"


class PublishedLink(models.Model):
    """One value of a multi-valued filter: an actor involved, a source cited, ..."""

    class Relation(models.TextChoices):
        INVOLVED = "involved", "Actor involved"
        ABOUT = "about", "Actor it is about"
        SOURCE = "source", "Source cited"
        PUBLISHER = "publisher", "Publisher of a source cited"
        EMBEDS = "embeds", "Record embedded in the JSON (resource:id)"
        EMBEDDED = "embedded", "Record embedded in an earlier version (resource:id)"

    # No index of its own: ``published_link_unique`` begins with the record.
    record = models.ForeignKey(
        PublishedRecord, on_delete=models.CASCADE, related_name="links", db_index=False
    )
    relation = models.CharField(max_length=16, choices=Relation)
    value = models.CharField(max_length=200)

    class Meta:
        indexes = [
            models.Index(fields=["relation", "value", "record"], name="published_link"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["record", "relation", "value"], name="published_link_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.record} {self.relation} {self.value}"


# The entries of the corrections and retractions log.
CORRECTION_ACTIONS = (Action.CORRECTED, Action.RETRACTED)


class ChangeEntryQuerySet(models.QuerySet):
    def corrections(self) -> ChangeEntryQuerySet:
        """Corrections and retractions with their public note, the newest first.

        The parts retracted with a record (its citations, translations,
        relations) are left out: their entries follow the record's own, in
        the same transaction and with the same reason, and the log names the
        record once. A part retracted on its own keeps its entry.
        """
        with_the_one_before = ChangeEntry.objects.filter(
            seq=models.OuterRef("seq") - 1,
            action=Action.RETRACTED,
            note=models.OuterRef("note"),
        )
        return (
            self.filter(action__in=CORRECTION_ACTIONS)
            .exclude(note="")
            .exclude(
                models.Q(action=Action.RETRACTED), models.Exists(with_the_one_before)
            )
            .order_by("-seq")
        )

    def for_feed(self) -> ChangeEntryQuerySet:
        """Entries with ``withdrawn`` set where the record has since been retracted."""
        # The content of a retracted record is not served any more, not even
        # in old entries; the retraction entry itself still says what happened.
        retracted = PublishedRecord.objects.filter(
            resource=models.OuterRef("resource"),
            record_id=models.OuterRef("record_id"),
            retracted_at__isnull=False,
        )
        # A scalar subquery, not EXISTS: PostgreSQL would answer EXISTS by
        # hashing every retracted row of the archive for each page, where
        # one index probe per entry of the page is enough.
        withdrawn = models.Func(
            models.Subquery(retracted.values("pk")[:1]),
            template="(%(expressions)s) IS NOT NULL",
            output_field=models.BooleanField(),
        )
        return self.annotate(withdrawn=withdrawn)


class ChangeEntry(models.Model):
    """One write to the published layer, in the order it was committed."""

    seq = models.PositiveBigIntegerField(primary_key=True)
    at = models.DateTimeField()
    action = models.CharField(max_length=16, choices=Action)
    resource = models.CharField(max_length=16)
    record_id = models.PositiveBigIntegerField()
    version = models.PositiveIntegerField()
    note = models.TextField(
        blank=True, help_text="The correction note or the retraction reason."
    )
    data = models.JSONField(
        null=True, blank=True, help_text="The record as published; empty on retraction."
    )

    objects = ChangeEntryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "change entries"
        indexes = [
            models.Index(fields=["resource", "record_id", "seq"], name="change_record"),
            # The corrections log reads a page of these in index order, however
            # few they are among the publications.
            models.Index(
                fields=["seq"],
                condition=models.Q(action__in=CORRECTION_ACTIONS),
                name="change_corrections",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.resource} {self.record_id}"


class PublicationCounter(models.Model):
    """The last sequence number handed out; its row lock orders publications.

    Locking this single row makes publications commit in the order of their
    sequence numbers, so a mirror that has read up to ``n`` can never later
    find an entry below ``n`` appear.
    """

    last_seq = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"last published #{self.last_seq}"
