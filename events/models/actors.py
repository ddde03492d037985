"""Actors: people, states, bodies and groups, with their aliases and dated roles."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from events.models.support import not_public, public_label
from events.names import public_names
from factfile import publishing
from factfile.dates import (
    Precision,
    clean_partial_dates,
    format_iso,
    partial_date_constraint,
)
from factfile.editorial import EditorialQuerySet, EditorialRecord, editorial_permissions
from factfile.review import Problem
from sources.folding import fold

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser as User

    from factfile.representation import PublicContext


class ActorQuerySet(EditorialQuerySet):
    def named(self, name: str) -> ActorQuerySet:
        """Actors whose name or an alias matches ``name``, ignoring accents."""
        folded = fold(name)
        return self.filter(
            models.Q(folded_name=folded) | models.Q(aliases__folded_name=folded)
        ).distinct()


class Actor(EditorialRecord):
    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        STATE = "state", "State"
        GOVERNMENT_BODY = "government_body", "Government body"
        ORGANISATION = "organisation", "Organisation"
        ARMED_GROUP = "armed_group", "Armed group"
        INTERGOVERNMENTAL = "intergovernmental", "Intergovernmental body"
        MEDIA_OUTLET = "media_outlet", "Media outlet"

    name = models.CharField(
        max_length=300, help_text="The canonical name, spelled in full."
    )
    folded_name = models.CharField(max_length=300, editable=False, db_index=True)
    kind = models.CharField(max_length=32, choices=Kind)
    description = models.TextField(
        blank=True, help_text="One or two lines a reader needs."
    )
    wikidata_id = models.CharField(
        max_length=32,
        blank=True,
        validators=[RegexValidator(r"^Q[1-9]\d*$", "A Wikidata id looks like Q1234.")],
        help_text="Optional external id, e.g. Q1037 for Rwanda.",
    )

    objects = ActorQuerySet.as_manager()
    history = HistoricalRecords()

    workflow_parts = ("aliases", "roles", "dated_names")

    class Meta:
        permissions = editorial_permissions("actor")
        indexes = [
            *EditorialRecord.Meta.indexes,
            models.Index(fields=["name"], name="actor_name"),
            models.Index(fields=["kind"], name="actor_kind"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.folded_name = fold(self.name)
        super().save(*args, **kwargs)

    def missing_for_verification(self, by: User | None = None) -> list[str]:
        return [
            Problem(
                f"{role.organisation}, the organisation of the role “{role.title}”, "
                f"{not_public(role.organisation)}.",
                role.organisation,
            )
            for role in self.roles.select_related("organisation").order_by("pk")
            if role.organisation_id not in (None, self.pk)
            and not role.organisation.is_public
        ]

    def retraction_problems(self) -> list[str]:
        # The statements and events that name an actor are records of their
        # own: retracting the actor would leave them naming nobody.
        naming = publishing.live_embedders(self)
        if not naming:
            return []
        shown = ", ".join(public_label(row) for row in naming[:5])
        more = f" and {len(naming) - 5} more" if len(naming) > 5 else ""
        return [
            f"{self} is named in public records: {shown}{more}. Correct or "
            "retract them first, or merge this actor into the one they should name."
        ]

    # Public representation, written to the published layer on verification.
    public_rank: ClassVar[int] = 20

    def public_representation(self, context: PublicContext) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "description": self.description,
            "wikidata_id": self.wikidata_id,
            "aliases": [
                {"name": alias.name, "language": alias.language}
                for alias in context.parts(Alias, actor_id=self.pk)
            ],
            "roles": [
                {
                    "title": role.title,
                    "organisation": context.summary(
                        "actor", role.organisation_id, "name"
                    ),
                    "starts_on": format_iso(role.starts_on, role.starts_on_precision),
                    "ends_on": format_iso(role.ends_on, role.ends_on_precision),
                }
                for role in context.parts(Role, actor_id=self.pk)
            ],
            "names": public_names(context, self.pk),
        }

    def public_columns(self, data: dict[str, Any]) -> dict[str, Any]:
        names = [self.name, *(alias["name"] for alias in data["aliases"])]
        names += [dated["name"] for dated in data["names"]]
        return {"kind": self.kind, "search_text": " ".join(names)}


class Alias(models.Model):
    """Another name an actor goes by: a spelling, an acronym, a translation."""

    # Aliases, roles and participants are parts of their record, edited with
    # it and kept in its history; they go when a draft record is deleted.
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(
        max_length=300, help_text="As written: DRC, RDC, Prevot, ..."
    )
    folded_name = models.CharField(max_length=300, editable=False, db_index=True)
    language = models.CharField(
        max_length=16, blank=True, help_text="If language-specific."
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "aliases"
        constraints = [
            models.UniqueConstraint(
                Lower("name"), "actor", name="alias_unique_per_actor"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.folded_name = fold(self.name)
        super().save(*args, **kwargs)


class Role(models.Model):
    """A dated position: Secretary of State, United States, 2021-01 to 2025-01."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="roles")
    title = models.CharField(
        max_length=300, help_text="Minister of Foreign Affairs, ..."
    )
    organisation = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="member_roles",
        help_text="Of which state, body or group, if any.",
    )
    starts_on = models.DateField(null=True, blank=True)
    starts_on_precision = models.CharField(
        max_length=8, choices=Precision, default=Precision.UNKNOWN
    )
    ends_on = models.DateField(
        null=True, blank=True, help_text="Empty while in office."
    )
    ends_on_precision = models.CharField(
        max_length=8, choices=Precision, default=Precision.UNKNOWN
    )

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="role_ends_after_start",
            ),
            partial_date_constraint("starts_on", "role_starts_on_precision"),
            partial_date_constraint("ends_on", "role_ends_on_precision"),
        ]

    def __str__(self) -> str:
        if self.organisation_id:
            return f"{self.title}, {self.organisation}"
        return self.title

    def clean(self) -> None:
        clean_partial_dates(self, "starts_on", "ends_on")
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "A role cannot end before it starts."})
