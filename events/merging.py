"""Merging an actor entered twice into the one that stays.

A merge is an editorial record: someone proposes it (the duplicate, the
survivor, why they are the same), someone else verifies it, and only then
does everything that pointed to the duplicate point to the survivor. The
merge keeps the list of what it moved, so that retracting it puts every row
back. In the published layer the duplicate's id answers a permanent
redirect to the survivor, and records that embedded the duplicate embed the
survivor; retracting the merge publishes the duplicate again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from simple_history.models import HistoricalRecords

from factfile import publishing
from factfile.editorial import EditorialQuerySet, EditorialRecord, Status

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser as User

    from factfile.representation import PublicContext


class ActorMergeQuerySet(EditorialQuerySet):
    def in_force(self) -> ActorMergeQuerySet:
        """Merges verified and not reverted."""
        return self.filter(status=Status.VERIFIED, merged_at__isnull=False)


class ActorMerge(EditorialRecord):
    """The duplicate of an actor, merged into the actor that stays."""

    duplicate = models.ForeignKey(
        "events.Actor",
        on_delete=models.PROTECT,
        related_name="merges_as_duplicate",
        help_text="The actor entered twice: its statements, roles, aliases and "
        "participations move to the survivor.",
    )
    survivor = models.ForeignKey(
        "events.Actor",
        on_delete=models.PROTECT,
        related_name="merges_as_survivor",
        help_text="The actor that stays.",
    )
    reason = models.TextField(
        help_text="Why they are the same actor; public with the merge."
    )
    moved = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        encoder=DjangoJSONEncoder,
        help_text="What the merge repointed or set aside, so that it can be undone.",
    )
    merged_at = models.DateTimeField(null=True, blank=True, editable=False)
    reverted_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ActorMergeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "actor merge"
        indexes = [
            *EditorialRecord.Meta.indexes,
            models.Index(fields=["duplicate"], name="actormerge_duplicate"),
            models.Index(fields=["survivor"], name="actormerge_survivor"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(duplicate=models.F("survivor")),
                name="actormerge_not_into_itself",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.duplicate} merged into {self.survivor}"

    def permission(self, action: str) -> str:
        return f"events.{action}_actor"

    def missing_for_verification(self, by: User | None = None) -> list[str]:
        missing = []
        if not self.survivor.is_public:
            missing.append(f"The survivor, {self.survivor}, is not public.")
        others = ActorMerge.objects.in_force().exclude(pk=self.pk)
        if others.filter(duplicate=self.duplicate_id).exists():
            missing.append(f"{self.duplicate} was already merged.")
        if others.filter(duplicate=self.survivor_id).exists():
            missing.append(f"{self.survivor} was itself merged into another actor.")
        return missing

    def on_verified(self, *, by: User) -> None:
        merge_actors(self)

    def on_retracted(self, *, by: User) -> None:
        revert_merge(self)

    # Public representation: the change feed tells mirrors about the merge.
    public_rank: ClassVar[int] = 25

    def public_representation(self, context: PublicContext) -> dict[str, Any]:
        return {
            "duplicate_id": self.duplicate_id,
            "survivor": context.summary("actor", self.survivor_id, "name"),
            "reason": self.reason,
        }

    def public_columns(self, data: dict[str, Any]) -> dict[str, Any]:
        return {"search_text": self.reason}


def _pointers() -> list[tuple[type[models.Model], str]]:
    """(model, field) of every row that can point to an actor, the merges aside."""
    actor = apps.get_model("events", "Actor")
    found = []
    for relation in actor._meta.related_objects:
        if relation.related_model is ActorMerge:
            continue
        if relation.many_to_many:
            through = relation.through
            found.extend(
                (through, field.name)
                for field in through._meta.concrete_fields
                if field.is_relation and field.related_model is actor
            )
        else:
            found.append((relation.related_model, relation.field.name))
    # A through model (participants) is reached both as a many-to-many and
    # by its own foreign key: once is enough.
    return list(dict.fromkeys(found))


def _row_values(row: models.Model) -> dict[str, Any]:
    return {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields}


@transaction.atomic
def merge_actors(merge: ActorMerge) -> None:
    """Point everything at the survivor, and the duplicate's public id at it too."""
    relinked: list[list[Any]] = []
    removed: list[dict[str, Any]] = []
    for model, field in _pointers():
        rows = model._base_manager.filter(**{field: merge.duplicate_id}).order_by("pk")
        for row in rows:
            try:
                with transaction.atomic():
                    model._base_manager.filter(pk=row.pk).update(
                        **{field: merge.survivor_id}
                    )
            except IntegrityError:
                if isinstance(row, EditorialRecord):
                    raise
                # The survivor already has the same alias or participation:
                # the duplicate's copy is set aside, to come back on revert.
                removed.append({"model": model._meta.label, "fields": _row_values(row)})
                model._base_manager.filter(pk=row.pk).delete()
            else:
                relinked.append([model._meta.label, field, row.pk])
    now = timezone.now()
    # A queryset update: what was moved is a record of the merge, not an
    # edit of it, and must not raise its version.
    ActorMerge.objects.filter(pk=merge.pk).update(
        moved={"relinked": relinked, "removed": removed}, merged_at=now
    )
    merge.refresh_from_db()
    publishing.redirect(
        merge.duplicate,
        to=merge.survivor_id,
        note=f"Merged into {merge.survivor} (actor {merge.survivor_id}): "
        f"{merge.reason.strip()}",
    )


@transaction.atomic
def revert_merge(merge: ActorMerge) -> None:
    """Put back every row the merge moved, and publish the duplicate again."""
    if merge.merged_at is None or merge.reverted_at is not None:
        return
    for label, field, pk in merge.moved.get("relinked", []):
        model = apps.get_model(label)
        model._base_manager.filter(pk=pk).update(**{field: merge.duplicate_id})
    for removed in merge.moved.get("removed", []):
        model = apps.get_model(removed["model"])
        model._base_manager.create(**removed["fields"])
    ActorMerge.objects.filter(pk=merge.pk).update(reverted_at=timezone.now())
    merge.refresh_from_db()
    publishing.restore(merge.duplicate, was_at=merge.survivor_id)
