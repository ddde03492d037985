"""The editorial workflow every record of the fact file shares.

A record moves draft -> in review -> verified. A verified record that is
edited carries a pending edit (status draft again, ``verified_version`` still
set) until the edit itself is verified as a correction. A retraction ends a
record's public life, and the public life of what exists only to support it
(a statement's citations, translations and relations), in the same
transaction and with the same public reason. Only the functions at the end
of this module change a record's status; admin actions, commands and the
importer all call them, so no path can skip the four-eyes rule.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from factfile import publishing
from factfile.conversation import Comment

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

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The version is data of the record itself: it changes on every save,
        # and the UPDATE only matches the row if nobody saved in between.
        if self._state.adding:
            super().save(*args, **kwargs)
        else:
            self.version = self.loaded_version + 1
            self.updated_at = timezone.now()
            try:
                # A savepoint, so that a refused save leaves the caller's
                # transaction usable.
                with transaction.atomic():
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


# Transitions ---------------------------------------------------------------


def _require(user: User, record: EditorialRecord, action: str) -> None:
    if not user.has_perm(record.permission(action)):
        verb = {"change": "edit", "verify": "verify", "retract": "retract"}[action]
        raise WorkflowError(
            f"You do not have permission to {verb} {record._meta.verbose_name_plural}."
        )


def _require_status(record: EditorialRecord, *allowed: str, doing: str) -> None:
    if record.status not in allowed:
        raise WorkflowError(
            f"Cannot {doing}: the {record._meta.verbose_name} is "
            f"{record.get_status_display().lower()}."
        )


# The history's change reason is a short column (simple-history's 100
# characters); the full note or reason is kept whole in its PublicNote.
CHANGE_REASON_LENGTH = 100


def change_reason(text: str) -> str:
    """``text`` cut to fit the history's change-reason column."""
    if len(text) <= CHANGE_REASON_LENGTH:
        return text
    return text[: CHANGE_REASON_LENGTH - 1] + "…"


def _save(record: EditorialRecord, *, by: User, reason: str) -> None:
    record._history_user = by  # type: ignore[attr-defined]
    record._change_reason = change_reason(reason)  # type: ignore[attr-defined]
    record.save()


def four_eyes_problem(record: EditorialRecord, user: User) -> str | None:
    """Say why ``user`` may not verify ``record`` under the four-eyes rule, if so."""
    if record.created_by_id == user.pk:
        return "You created this record: someone else has to verify it."
    if record.updated_by_id == user.pk:
        return "You were the last to change this record: someone else has to verify it."
    return None


def verification_problems(record: EditorialRecord, user: User) -> list[str]:
    """Everything that stops ``user`` verifying ``record`` now."""
    problems = []
    if not user.has_perm(record.permission("verify")):
        problems.append(
            f"You do not have permission to verify {record._meta.verbose_name_plural}."
        )
    if record.status != Status.IN_REVIEW:
        problems.append(
            f"Only a record in review can be verified; this one is "
            f"{record.get_status_display().lower()}."
        )
    if eyes := four_eyes_problem(record, user):
        problems.append(eyes)
    problems.extend(record.missing_for_verification(by=user))
    return problems


def allowed_actions(record: EditorialRecord, user: User) -> list[str]:
    """The transitions ``user`` may attempt on ``record``, for buttons and menus."""
    actions = []
    if record.status == Status.DRAFT and user.has_perm(record.permission("change")):
        actions.append("submit")
    if record.status == Status.IN_REVIEW and user.has_perm(record.permission("verify")):
        actions.append("send_back")
        actions.append("correct" if record.verified_version else "verify")
    if record.is_public and user.has_perm(record.permission("retract")):
        actions.append("retract")
    return actions


@transaction.atomic
def submit(record: EditorialRecord, *, by: User) -> None:
    """Send a draft to review."""
    _require(by, record, "change")
    _require_status(record, Status.DRAFT, doing="submit for review")
    record.status = Status.IN_REVIEW
    record.review_comment = ""
    _save(record, by=by, reason="Submitted for review")


@transaction.atomic
def send_back(record: EditorialRecord, *, by: User, comment: str) -> None:
    """Return a record in review to its author as a draft, saying why."""
    _require(by, record, "verify")
    _require_status(record, Status.IN_REVIEW, doing="send back")
    if not comment.strip():
        raise WorkflowError("Say what needs to change when sending a record back.")
    record.status = Status.DRAFT
    record.review_comment = comment.strip()
    _save(record, by=by, reason=f"Sent back: {comment.strip()}")
    # The comment joins the record's thread, where it stays after the
    # author resubmits.
    Comment.objects.create(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        kind=Comment.Kind.SENT_BACK,
        author=by,
        text=comment.strip(),
        version=record.version,
    )


def _mark_verified(
    record: EditorialRecord, *, by: User, reason: str, publish: bool = True
) -> None:
    record.status = Status.VERIFIED
    record.verified_by = by
    record.verified_at = timezone.now()
    # The save below raises the version by one: that is the verified one.
    record.verified_version = record.loaded_version + 1
    record.review_comment = ""
    _save(record, by=by, reason=reason)
    if publish:
        publishing.publish(record)
        record.on_verified(by=by)


@transaction.atomic
def verify(record: EditorialRecord, *, by: User) -> None:
    """Verify a record in review for the first time, under the four-eyes rule."""
    if record.verified_version is not None:
        raise WorkflowError(
            "This record is already public: verify the edit as a correction, "
            "with a public note."
        )
    if problems := verification_problems(record, by):
        raise WorkflowError(problems)
    _verify_parts(record, by=by)
    _mark_verified(record, by=by, reason="Verified")


@transaction.atomic
def correct(record: EditorialRecord, *, by: User, note: str) -> None:
    """Verify the pending edit of a public record, with a public correction note."""
    if record.verified_version is None:
        raise WorkflowError("This record was never public: verify it instead.")
    if not note.strip():
        raise WorkflowError("A correction needs a public note saying what changed.")
    if problems := verification_problems(record, by):
        raise WorkflowError(problems)
    _verify_parts(record, by=by)
    _mark_verified(record, by=by, reason=f"Corrected: {note.strip()}", publish=False)
    PublicNote.add(record, kind=PublicNote.Kind.CORRECTION, note=note.strip(), by=by)
    # Published after the note, which the new public version carries.
    publishing.publish(record)
    record.on_verified(by=by)


@transaction.atomic
def retract(record: EditorialRecord, *, by: User, reason: str) -> None:
    """Withdraw a public record, and what exists only to support it, with a reason.

    The citations, translations and relations of the record are retracted
    with it, each with the same public reason and its own change-feed entry;
    the permission to retract the record covers them. Nothing is deleted.
    """
    _require(by, record, "retract")
    if not record.is_public:
        raise WorkflowError(
            "Only a record that has been public can be retracted; "
            "a draft can simply be deleted."
        )
    if not reason.strip():
        raise WorkflowError("A retraction needs a public reason.")
    if problems := record.retraction_problems():
        raise WorkflowError(problems)
    reason = reason.strip()
    _retract_together(
        [record, *supporting(record)], by=by, reason=reason, because=record
    )


def supporting(record: EditorialRecord) -> list[EditorialRecord]:
    """The public records retracted with ``record``, and those with them, in turn."""
    found: list[EditorialRecord] = []
    seen = {(record._meta.label, record.pk)}
    queue = [record]
    while queue:
        for part in queue.pop(0).retracted_with():
            key = (part._meta.label, part.pk)
            if key not in seen:
                seen.add(key)
                found.append(part)
                queue.append(part)
    return found


def retraction_reason(record: EditorialRecord) -> str:
    """The public reason ``record`` was last retracted with, or an empty string."""
    note = (
        PublicNote.for_record(record)
        .filter(kind=PublicNote.Kind.RETRACTION)
        .order_by("created_at", "id")
        .last()
    )
    return note.note if note is not None else ""


def _retract_together(
    records: list[EditorialRecord],
    *,
    by: User,
    reason: str,
    because: EditorialRecord,
) -> None:
    """Retract ``records`` in the caller's transaction, all with one reason."""
    for record in records:
        why = f"Retracted: {reason}"
        if record is not because:
            why = f"Retracted with {because._meta.verbose_name} {because.pk}: {reason}"
        _mark_retracted(record, by=by, note=reason, why=why)
    # One write to the published layer for all of them: each gets its
    # tombstone, and what embedded any of them is rebuilt once.
    publishing.tombstone(*records)
    for record in records:
        record.on_retracted(by=by)


def _mark_retracted(record: EditorialRecord, *, by: User, note: str, why: str) -> None:
    record.status = Status.RETRACTED
    _save(record, by=by, reason=why)
    PublicNote.add(record, kind=PublicNote.Kind.RETRACTION, note=note, by=by)


# Published before an item it supports was public: the reason a repair gives.
PUBLISHED_TOO_EARLY = (
    "Withdrawn: it was published before the {target} it belongs to was verified."
)


def left_public() -> list[tuple[EditorialRecord, EditorialRecord]]:
    """Public records beside a record that is not public, with that record.

    A citation, translation or relation that should have been retracted with
    what it supports, or that was verified before it, in a fact file
    published before retractions cascaded.
    """
    found: dict[tuple[str, int], tuple[EditorialRecord, EditorialRecord]] = {}
    for model in apps.get_models():
        if not issubclass(model, EditorialRecord) or not model.retracts_with:
            continue
        for name in model.retracts_with:
            not_public = models.Q(
                **{f"{name}__verified_version__isnull": True}
            ) | models.Q(**{f"{name}__status": Status.RETRACTED})
            rows = (
                model._base_manager.filter(verified_version__isnull=False)
                .exclude(status=Status.RETRACTED)
                .filter(**{f"{name}__isnull": False})
                .filter(not_public)
                .select_related(name)
                .order_by("pk")
            )
            for row in rows:
                target = getattr(row, name)
                key = (model._meta.label, row.pk)
                # A retracted target gives the reason; it wins over one
                # that was never public.
                if key not in found or target.status == Status.RETRACTED:
                    found[key] = (row, target)
    return list(found.values())


def complete_retractions(*, by: User) -> list[EditorialRecord]:
    """Retract what is still public beside a retracted or never-verified record.

    Each goes with the public reason of the record it supports, or says it
    was published too early; one transaction per record supported.
    """
    groups: dict[tuple[str, int], list[EditorialRecord]] = {}
    targets: dict[tuple[str, int], EditorialRecord] = {}
    for part, target in left_public():
        key = (target._meta.label, target.pk)
        targets[key] = target
        groups.setdefault(key, []).append(part)
    done: list[EditorialRecord] = []
    for key, parts in groups.items():
        target = targets[key]
        for part in parts:
            _require(by, part, "retract")
        if target.status == Status.RETRACTED:
            reason = retraction_reason(target) or "Retracted."
        else:
            reason = PUBLISHED_TOO_EARLY.format(target=target._meta.verbose_name)
        with transaction.atomic():
            records: dict[tuple[str, int], EditorialRecord] = {}
            for part in parts:
                fresh = type(part)._base_manager.get(pk=part.pk)
                if not fresh.is_public:
                    continue  # retracted with another record already
                for record in (fresh, *supporting(fresh)):
                    records.setdefault((record._meta.label, record.pk), record)
            fresh_parts = list(records.values())
            _retract_together(fresh_parts, by=by, reason=reason, because=target)
        done.extend(fresh_parts)
    return done


@transaction.atomic
def reopen(record: EditorialRecord, *, by: User, reason: str) -> None:
    """Send a verified record back to review; its public version stays public.

    For a record whose support changed under it (a cited source withdrawn):
    the content is unchanged, so who last changed it stays as it was and
    the four-eyes rule still applies to them. It is verified again as a
    correction, with a public note.
    """
    _require(by, record, "verify")
    _require_status(record, Status.VERIFIED, doing="send back to review")
    if not reason.strip():
        raise WorkflowError("Say why the record goes back to review.")
    record.status = Status.IN_REVIEW
    record.review_comment = reason.strip()
    _save(record, by=by, reason=f"Back to review: {reason.strip()}")


def _verify_parts(record: EditorialRecord, *, by: User) -> None:
    """Verify, with the record, the parts it vouches for (a statement's citations)."""
    for part in record.parts_verified_with(by):
        if part.status == Status.DRAFT:
            part.status = Status.IN_REVIEW
        _mark_verified(part, by=by, reason=f"Verified with {record._meta.verbose_name}")
