"""The editorial record every record of the fact file is built on.

Its statuses, the fields that carry who changed and verified it, the version
that refuses a save from a stale copy, the rule that nothing once public is
deleted, and the public notes (correction notes, retraction reasons) that go
with its versions. Only ``factfile.workflow`` changes a record's status.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    User = AbstractBaseUser


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    VERIFIED = "verified", "Verified"
    RETRACTED = "retracted", "Retracted"


class WorkflowError(Exception):
    """A transition was refused; ``reasons`` says exactly why."""

    def __init__(self, reasons: list[str] | str) -> None:
        self.reasons = [reasons] if isinstance(reasons, str) else list(reasons)
        super().__init__("; ".join(self.reasons))


class EditConflict(Exception):
    """Someone else saved the record since it was loaded."""

    def __init__(
        self, record: EditorialRecord, current: EditorialRecord | None
    ) -> None:
        self.record = record
        self.current = current
        if current is None:
            message = f"{record._meta.verbose_name} was removed since you opened it."
        else:
            who = current.updated_by or current.created_by
            when = timezone.localtime(current.updated_at).strftime("%Y-%m-%d %H:%M")
            message = (
                f"{record._meta.verbose_name.capitalize()} was changed by {who} at "
                f"{when} (version {current.version}) after you opened it (version "
                f"{record.loaded_version}). Your changes were not saved: reload the "
                "page to see the current version, then make your change again."
            )
        super().__init__(message)


class PublicRecordDeletion(WorkflowError):
    """A delete would remove a record that has been public; retract it instead."""


def _refuse_public_deletion(names: list[str]) -> None:
    shown = ", ".join(f"“{name}”" for name in names[:5])
    more = f" and {len(names) - 5} more" if len(names) > 5 else ""
    raise PublicRecordDeletion(
        f"Nothing was deleted: {shown}{more} ha{'ve' if len(names) > 1 else 's'} "
        "been public and can never be deleted. Retract it instead."
    )


def editorial_permissions(model_name: str) -> list[tuple[str, str]]:
    """The workflow permissions a concrete record declares in its ``Meta``."""
    return [
        (f"verify_{model_name}", f"Can verify and correct {model_name}s"),
        (f"retract_{model_name}", f"Can retract {model_name}s"),
    ]


class EditorialQuerySet(models.QuerySet):
    def drafts(self) -> EditorialQuerySet:
        return self.filter(status=Status.DRAFT)

    def in_review(self) -> EditorialQuerySet:
        return self.filter(status=Status.IN_REVIEW)

    def verified(self) -> EditorialQuerySet:
        return self.filter(status=Status.VERIFIED)

    def with_pending_edit(self) -> EditorialQuerySet:
        """Records that were verified once and have changed since."""
        return self.filter(verified_version__isnull=False).exclude(
            status__in=[Status.VERIFIED, Status.RETRACTED]
        )

    def awaiting_review_by(self, user: User) -> EditorialQuerySet:
        """Records in review that ``user`` may verify under the four-eyes rule."""
        return self.in_review().exclude(created_by=user).exclude(updated_by=user)

    def drafts_of(self, user: User) -> EditorialQuerySet:
        return self.drafts().filter(created_by=user)

    def ever_public(self) -> EditorialQuerySet:
        """Records that have been public at some time, retracted ones included."""
        return self.filter(verified_version__isnull=False)

    def delete(self) -> tuple[int, dict[str, int]]:
        # Nothing that has been public is ever hard-deleted (DESIGN.md): a
        # bulk delete that would reach one deletes nothing at all.
        public = list(self.ever_public()[:6])
        if public:
            _refuse_public_deletion([str(record) for record in public])
        return super().delete()

    delete.alters_data = True  # type: ignore[attr-defined]
    delete.queryset_only = True  # type: ignore[attr-defined]


class EditorialRecord(models.Model):
    """Fields and rules shared by sources, actors, statements, events, citations."""

    status = models.CharField(
        max_length=16,
        choices=Status,
        default=Status.DRAFT,
        editable=False,
        help_text="Changed only through the workflow buttons.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        help_text="Who last changed the content; they may not verify it.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Goes up on every save; a save from an older version is refused.",
    )
    verified_version = models.PositiveIntegerField(
        null=True,
        blank=True,
        editable=False,
        help_text="The version that is public; empty until first verified.",
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    verified_at = models.DateTimeField(null=True, blank=True, editable=False)
    review_comment = models.TextField(
        blank=True,
        editable=False,
        help_text="The fact-checker's comment when the record was sent back.",
    )

    # Reverse relations whose rows are part of the record, for the history view.
    workflow_parts: ClassVar[tuple[str, ...]] = ()
    # Foreign keys to the records this one exists only to support (a
    # citation's statement, event and source): retracting one of them
    # retracts this record with it.
    retracts_with: ClassVar[tuple[str, ...]] = ()

    class Meta:
        abstract = True
        indexes = [
            models.Index(
                fields=["status", "updated_at"], name="%(app_label)s_%(class)s_st"
            ),
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.loaded_version = self.version

    def save(self, *args: Any, own_savepoint: bool = True, **kwargs: Any) -> None:
        # The version is data of the record itself: it changes on every save,
        # and the UPDATE only matches the row if nobody saved in between.
        if self._state.adding:
            super().save(*args, **kwargs)
        else:
            self.version = self.loaded_version + 1
            self.updated_at = timezone.now()
            try:
                # A savepoint, so that a refused save leaves the caller's
                # transaction usable; ``own_savepoint=False`` for a caller
                # whose own savepoint any failure leaves by (the workflow's
                # steps).
                with transaction.atomic(savepoint=own_savepoint):
                    super().save(*args, **kwargs)
            except BaseException:
                self.version = self.loaded_version
                raise
        self.loaded_version = self.version

    def refresh_from_db(self, *args: Any, **kwargs: Any) -> None:
        super().refresh_from_db(*args, **kwargs)
        # A reloaded record is as current as the row: a save from it is no
        # longer stale.
        self.loaded_version = self.version

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):  # type: ignore[no-untyped-def]
        updated = super()._do_update(
            base_qs.filter(version=self.loaded_version),
            using,
            pk_val,
            values,
            update_fields,
            forced_update,
        )
        if not updated:
            current = type(self)._base_manager.using(using).filter(pk=pk_val).first()
            raise EditConflict(self, current)
        return updated

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        # The stored row decides, not a stale copy in memory.
        if self.verified_version is not None or (
            self.pk is not None
            and type(self)
            ._base_manager.filter(pk=self.pk, verified_version__isnull=False)
            .exists()
        ):
            _refuse_public_deletion([str(self)])
        return super().delete(*args, **kwargs)

    @property
    def is_public(self) -> bool:
        """Whether a version of this record has been published and not retracted."""
        return self.verified_version is not None and self.status != Status.RETRACTED

    @property
    def has_pending_edit(self) -> bool:
        return self.verified_version is not None and self.status in (
            Status.DRAFT,
            Status.IN_REVIEW,
        )

    def mark_changed_by(self, user: User) -> None:
        """Note a change by ``user``; an edit of a verified record is pending."""
        if self.status == Status.RETRACTED:
            raise WorkflowError("A retracted record cannot be changed.")
        if self._state.adding:
            self.created_by = user
        self.updated_by = user
        if self.status == Status.VERIFIED:
            self.status = Status.DRAFT

    def missing_for_verification(self, by: User | None = None) -> list[str]:
        """Return what blocks verification; an empty list means it can be verified.

        ``by`` is who would verify: parts they created or changed cannot
        count towards the record's support.
        """
        return []

    def parts_verified_with(self, user: User) -> list[EditorialRecord]:
        """Unverified parts that verifying this record also verifies."""
        return []

    def on_verified(self, *, by: User) -> None:
        """Carry out what a verified version of this record means beyond itself.

        Called in the verifying transaction, after publication; e.g. a source
        verified as withdrawn sends what it alone supported back to review.
        """

    def on_retracted(self, *, by: User) -> None:
        """Carry out what retracting this record means beyond itself."""

    def retraction_problems(self) -> list[str]:
        """Return what blocks retracting this record; empty if nothing does."""
        return []

    def retracted_with(self) -> list[EditorialRecord]:
        """The public records that exist only to support this one.

        Each model names, in ``retracts_with``, the foreign keys to the
        records it supports; this reads them from the other side, so that a
        source retracts the citations quoting it without knowing their app.
        """
        found: list[EditorialRecord] = []
        for relation in self._meta.related_objects:
            model = relation.related_model
            if relation.many_to_many or not issubclass(model, EditorialRecord):
                continue
            if relation.field.name not in model.retracts_with:
                continue
            rows = model._base_manager.filter(
                **{relation.field.name: self.pk}, verified_version__isnull=False
            ).exclude(status=Status.RETRACTED)
            found.extend(rows.order_by("pk"))
        return found

    def permission(self, action: str) -> str:
        opts = self._meta
        return f"{opts.app_label}.{action}_{opts.model_name}"


class PublicNote(models.Model):
    """A correction note or retraction reason, public with the record it explains."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        RETRACTION = "retraction", "Retraction"

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=16, choices=Kind)
    version = models.PositiveIntegerField(help_text="The version this note came with.")
    note = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(
                fields=["content_type", "object_id"], name="publicnote_record"
            ),
        ]
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.note[:60]}"

    @classmethod
    def for_record(cls, record: EditorialRecord) -> models.QuerySet[PublicNote]:
        return cls.objects.filter(
            content_type=ContentType.objects.get_for_model(record), object_id=record.pk
        )

    @classmethod
    def add(
        cls, record: EditorialRecord, *, kind: str, note: str, by: User
    ) -> PublicNote:
        """Attach a public note to the version ``record`` has just reached."""
        return cls.objects.create(
            content_type=ContentType.objects.get_for_model(record),
            object_id=record.pk,
            kind=kind,
            version=record.version,
            note=note,
            created_by=by,
        )
