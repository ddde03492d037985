"""The editorial workflow every record of the fact file shares.

A record moves draft -> in review -> verified. A verified record that is
edited carries a pending edit (status draft again, ``verified_version`` still
set) until the edit itself is verified as a correction. A retraction ends a
record's public life, and the public life of what exists only to support it
(a statement's citations, translations and relations), in the same
transaction and with the same public reason. Only the functions of this
module change a record's status; admin actions, commands and the importer
all call them, so no path can skip the four-eyes rule. The record they move,
its statuses and its public notes are in ``factfile.editorial``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from factfile import publishing
from factfile.conversation import Comment
from factfile.editorial import EditorialRecord, PublicNote, Status, WorkflowError

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    User = AbstractBaseUser


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
    # Every step saves inside its own transaction or savepoint, which a
    # refused save leaves: the save needs none of its own.
    record.save(own_savepoint=False)


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
    # The public version this one replaces (None: its first), for on_verified.
    record.verified_before = record.verified_version  # type: ignore[attr-defined]
    # The save below raises the version by one: that is the verified one.
    record.verified_version = record.loaded_version + 1
    record.review_comment = ""
    _save(record, by=by, reason=reason)
    if publish:
        # In the step's transaction: a failure leaves it by the step's own.
        publishing.publish_in_transaction(record)
        record.on_verified(by=by)


@transaction.atomic
def verify(record: EditorialRecord, *, by: User) -> None:
    """Verify a record in review for the first time, under the four-eyes rule."""
    verify_in_transaction(record, by=by)


def verify_in_transaction(
    record: EditorialRecord, *, by: User, problems: list[str] | None = None
) -> None:
    """``verify``, in the caller's transaction, which any failure must undo.

    ``problems``: what ``verification_problems`` found for ``record`` and
    ``by`` in this transaction with nothing written since (a plan's check);
    ``None`` checks again.
    """
    if not transaction.get_connection().in_atomic_block:
        raise transaction.TransactionManagementError(
            "verify_in_transaction needs the caller's transaction."
        )
    if record.verified_version is not None:
        raise WorkflowError(
            "This record is already public: verify the edit as a correction, "
            "with a public note."
        )
    if problems is None:
        problems = verification_problems(record, by)
    if problems:
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
    publishing.publish_in_transaction(record)
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
