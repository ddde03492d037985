"""What a fact-checker needs to verify a record, and verifying it all at once.

A statement cannot be verified before its speaker and the source it cites;
when those are waiting for review too, the checker may verify them with it,
in one transaction, as long as the four-eyes rule allows each of them. What
cannot go with it is named, with why: a draft nobody submitted, a record the
checker created or changed, a retracted one.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.text import capfirst

from factfile import workflow
from factfile.conversation import COMMENT_LENGTH, Assignment, Comment, CorrectionDraft
from factfile.editorial import EditorialRecord, Status, WorkflowError
from factfile.history import _Fields, _members, _Names

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser as User

# A plan never reaches further than this many records: a statement, its
# speaker and sources, the speaker's organisations, and a few more.
PLAN_LIMIT = 60


class Problem(str):
    """A reason verification is refused, naming the record that blocks it."""

    record: EditorialRecord | None

    def __new__(cls, text: str, record: EditorialRecord | None = None) -> Problem:
        problem = super().__new__(cls, text)
        problem.record = record
        return problem


def key(record: EditorialRecord) -> tuple[str, Any]:
    """A record's identity across models, for sets and dicts of records."""
    return (record._meta.label_lower, record.pk)


def described(record: EditorialRecord) -> str:
    """A record as a refusal names it: its kind and its name in quotes."""
    name = str(record)
    if len(name) > 80:
        name = name[:79] + "…"
    return f"the {record._meta.verbose_name} “{name}”"


def why_it_cannot_go_along(record: EditorialRecord, user: User) -> str | None:
    """Why ``user`` cannot verify ``record`` together with what needs it, if so."""
    if record.status == Status.RETRACTED:
        return "was retracted"
    if record.status == Status.DRAFT:
        if record.verified_version is not None:
            return "has a pending edit that is still a draft: its author submits it"
        return "is a draft: its author has to submit it for review first"
    if record.verified_version is not None:
        return "has a pending edit: verify it as a correction, with a public note"
    if not user.has_perm(record.permission("verify")):
        return f"needs someone who may verify {record._meta.verbose_name_plural}"
    if record.created_by_id == user.pk:
        return "was created by you: someone else has to verify it"
    if record.updated_by_id == user.pk:
        return "was last changed by you: someone else has to verify it"
    return None


@dataclass
class Plan:
    """What verifying a record takes: the records, in order, and what blocks."""

    record: EditorialRecord
    records: list[EditorialRecord] = field(default_factory=list)
    blockers: list[Problem] = field(default_factory=list)
    # What blocks each record of the plan, as read while planning, and for whom.
    problems: dict[tuple[str, Any], list[str]] = field(default_factory=dict)
    planned_for: Any = None

    @property
    def along(self) -> list[EditorialRecord]:
        """The records verified with the one asked for, before it."""
        return [r for r in self.records if key(r) != key(self.record)]

    def covers(self, problem: str) -> bool:
        """Whether the plan deals with ``problem``: verifies or names its record."""
        record = getattr(problem, "record", None)
        if record is None:
            return False
        dealt = {key(r) for r in self.along}
        dealt.update(key(b.record) for b in self.blockers if b.record is not None)
        return key(record) in dealt


def plan_verification(
    record: EditorialRecord, user: User, *, also: Sequence[EditorialRecord] = ()
) -> Plan:
    """The records ``user`` verifies with ``record`` (and ``also``), in order.

    The records that block verification are read from the problems that
    name them (the speaker, the cited source, the event); those waiting for
    review that ``user`` may verify come first, each before what needs it,
    and those that cannot go along are blockers, named with why.
    """
    plan = Plan(record, planned_for=user)
    seen: set[tuple[str, Any]] = set()
    blocked: set[tuple[str, Any]] = set()

    def visit(current: EditorialRecord) -> None:
        if key(current) in seen or len(seen) >= PLAN_LIMIT:
            return
        seen.add(key(current))
        problems = plan.problems[key(current)] = workflow.verification_problems(
            current, user
        )
        for problem in problems:
            needed = getattr(problem, "record", None)
            if needed is None or key(needed) in seen:
                continue
            if needed.status == Status.VERIFIED:
                continue
            why = why_it_cannot_go_along(needed, user)
            if why is None:
                visit(needed)
            elif key(needed) not in blocked:
                blocked.add(key(needed))
                plan.blockers.append(
                    Problem(f"{capfirst(described(needed))} {why}.", needed)
                )
        plan.records.append(current)

    for item in (record, *also):
        visit(item)
    return plan


def remaining_problems(plan: Plan, user: User) -> list[str]:
    """What still stops the plan once its prerequisites would be verified."""
    problems = [*plan.blockers]
    for record in plan.records:
        # Nothing was written since the plan was made: what blocked each
        # record then blocks it now.
        found = plan.problems.get(key(record)) if plan.planned_for == user else None
        if found is None:
            found = workflow.verification_problems(record, user)
        for problem in found:
            if plan.covers(problem) or problem in problems:
                continue
            if key(record) != key(plan.record):
                problem = Problem(f"{capfirst(described(record))}: {problem}", record)
            problems.append(problem)
    return problems


@transaction.atomic
def verify_with_what_it_needs(
    record: EditorialRecord,
    *,
    by: User,
    also: Sequence[EditorialRecord] = (),
) -> list[EditorialRecord]:
    """Verify ``record`` (and ``also``) with the waiting records it needs.

    One transaction: either everything in the plan is verified, or nothing
    is and the refusal names every blocking record. Returns what was
    verified, prerequisites first.
    """
    plan = plan_verification(record, by, also=also)
    if plan.blockers:
        raise WorkflowError(remaining_problems(plan, by))
    done = []
    for planned in plan.records:
        # Verifying one record verifies its parts (a statement's citations)
        # and changes what another needs: each is read again first, unless
        # it is the record asked for and nothing was verified before it
        # (its save is refused if anyone saved it since it was read).
        # What blocks the record asked for was read by the plan, in this
        # transaction and for this checker; with nothing verified before it,
        # that still holds and is not read again.
        checked = None
        if planned is record and not done:
            fresh = record
            if plan.planned_for == by:
                checked = plan.problems.get(key(record))
        else:
            fresh = type(planned)._base_manager.get(pk=planned.pk)
        if fresh.status == Status.VERIFIED:
            continue
        if fresh.verified_version is not None:
            raise WorkflowError(
                Problem(
                    f"{capfirst(described(fresh))} has a pending edit: verify "
                    "it as a correction, with a public note.",
                    fresh,
                )
            )
        # This function's transaction is the verification's: any refusal
        # undoes the whole plan.
        workflow.verify_in_transaction(fresh, by=by, problems=checked)
        done.append(fresh)
    if not any(verified is record for verified in done):
        record.refresh_from_db()
    return done


# The conversation -------------------------------------------------------------


def add_comment(
    record: models.Model, *, by: User, text: str, kind: str = Comment.Kind.COMMENT
) -> Comment:
    """Add ``text`` to the thread of ``record``; refused if empty or too long."""
    text = text.strip()
    if not text:
        raise WorkflowError("A comment needs some text.")
    if len(text) > COMMENT_LENGTH:
        raise WorkflowError(f"A comment is at most {COMMENT_LENGTH} characters.")
    return Comment.objects.create(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        kind=kind,
        author=by,
        text=text,
        version=record.version,  # type: ignore[attr-defined]
    )


def assign(record: models.Model, *, to: User | None, by: User) -> None:
    """Ask ``to`` to check ``record`` (None: nobody); only verifiers are asked."""
    kept = Assignment.objects.of(record)
    if to is None:
        kept.delete()
        return
    if not to.has_perm(record.permission("verify")):  # type: ignore[attr-defined]
        raise WorkflowError(f"{to} may not verify this record.")
    kept.delete()
    Assignment.objects.create(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        assignee=to,
        assigned_by=by,
    )


def save_correction_draft(record: models.Model, *, note: str, by: User) -> None:
    """Keep ``note`` as the public correction note ``record``'s edit is to carry."""
    note = note.strip()
    if not note:
        CorrectionDraft.objects.of(record).delete()
        return
    CorrectionDraft.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        defaults={"note": note, "written_by": by, "written_at": timezone.now()},
    )


# The pending edit of a public record ----------------------------------------

_WORDS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Piece:
    """A run of words of a text diff: kept, removed or added."""

    text: str
    change: str = ""  # "", "removed" or "added"


def word_diff(old: str, new: str) -> list[Piece]:
    """The words of ``old`` and ``new``, aligned: kept, removed, added.

    Linear in practice: difflib's autojunk skips words that recur often in
    long texts, and tokens are whole words, not characters.
    """
    before, after = _WORDS.findall(old), _WORDS.findall(new)
    pieces: list[Piece] = []
    matcher = difflib.SequenceMatcher(None, before, after)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(Piece("".join(before[a1:a2])))
            continue
        if a2 > a1:
            pieces.append(Piece("".join(before[a1:a2]), "removed"))
        if b2 > b1:
            pieces.append(Piece("".join(after[b1:b2]), "added"))
    return pieces


@dataclass
class FieldChange:
    """One field of a pending edit against the public version."""

    label: str
    old: str = ""
    new: str = ""
    words: list[Piece] = field(default_factory=list)


def public_version_row(record: EditorialRecord) -> Any | None:
    """The history row of the version of ``record`` that is public, if any."""
    if record.verified_version is None:
        return None
    return (
        record.history.filter(version=record.verified_version)  # type: ignore[attr-defined]
        .order_by("-history_id")
        .first()
    )


def pending_changes(record: EditorialRecord) -> list[FieldChange]:
    """The pending edit of a public record, field by field, texts word by word."""
    public = public_version_row(record)
    if public is None or not record.has_pending_edit:
        return []
    current = record.history.order_by("-history_id").first()  # type: ignore[attr-defined]
    if current is None:
        return []
    fields = _Fields(type(record), type(current))
    members = _members([current, public], fields)
    names = _Names()
    found = fields.differences(current, public, members)
    for f, old, new in found:
        fields.want_names(f, old, names)
        fields.want_names(f, new, names)
    names.read()
    changes = []
    for f, old, new in found:
        label = fields.label(f)
        if isinstance(old, str) and isinstance(new, str) and not f.flatchoices:
            changes.append(FieldChange(label, words=word_diff(old, new)))
        else:
            changes.append(
                FieldChange(
                    label, fields.show(f, old, names), fields.show(f, new, names)
                )
            )
    return changes


# The queue ---------------------------------------------------------------------


def editorial_models() -> list[type[EditorialRecord]]:
    """Every concrete editorial record model, in a fixed order."""
    found = [
        model
        for model in apps.get_models()
        if issubclass(model, EditorialRecord) and not model._meta.abstract
    ]
    return sorted(found, key=lambda model: model._meta.label)


def assigned_to(queryset: models.QuerySet, user: User) -> models.QuerySet:
    """The rows of ``queryset`` assigned to ``user``."""
    assignments = Assignment.objects.filter(
        content_type=ContentType.objects.get_for_model(queryset.model),
        object_id=OuterRef("pk"),
        assignee=user,
    )
    return queryset.filter(Exists(assignments))


def sent_back(queryset: models.QuerySet) -> models.QuerySet:
    """Drafts sent back by a checker and not resubmitted since."""
    return queryset.filter(status=Status.DRAFT).exclude(review_comment="")


def next_in_queue(user: User) -> EditorialRecord | None:
    """The record ``user`` should check next.

    Records assigned to them first, then those the four-eyes rule lets them
    verify; in each, statements and events (whose verification takes their
    waiting sources and speakers along) before the rest, the oldest first.
    """
    for assigned in (True, False):
        candidates = []
        for model in editorial_models():
            opts = model._meta
            if not user.has_perm(f"{opts.app_label}.verify_{opts.model_name}"):
                continue
            waiting = (
                model._base_manager.filter(status=Status.IN_REVIEW)
                .exclude(created_by=user)
                .exclude(updated_by=user)
            )
            if assigned:
                waiting = assigned_to(waiting, user)
            first = waiting.order_by("updated_at", "pk").first()
            if first is not None:
                candidates.append(first)
        if candidates:
            # Statements and events before the sources and actors that a
            # verification of them takes along; the oldest first.
            return min(
                candidates,
                key=lambda record: (
                    -getattr(record, "public_rank", 0),
                    record.updated_at,
                ),
            )
    return None


def checkers_for(record: EditorialRecord) -> list[Any]:
    """The active accounts that may verify ``record``, by name."""
    opts = record._meta
    permission = Permission.objects.filter(
        content_type__app_label=opts.app_label, codename=f"verify_{opts.model_name}"
    )
    users = get_user_model().objects.filter(is_active=True)
    users = users.filter(
        models.Q(groups__permissions__in=permission)
        | models.Q(user_permissions__in=permission)
        | models.Q(is_superuser=True)
    )
    return list(users.distinct().order_by("first_name", "last_name", "username"))
