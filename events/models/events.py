"""Events: what happened, where and when, who took part, and how events relate."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from events.models.actors import Actor
from events.models.support import (
    _citation_problems,
    _citations_verified_with,
    _cited_sources,
    _public_citations,
)
from events.relations import public_relations
from factfile.dates import (
    Precision,
    clean_partial_dates,
    format_iso,
    partial_date_constraint,
)
from factfile.editorial import (
    EditorialQuerySet,
    EditorialRecord,
    Status,
    editorial_permissions,
)
from factfile.review import Problem
from sources.citing import render_all
from sources.standing import support_notice

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser as User

    from factfile.representation import PublicContext


class EventQuerySet(EditorialQuerySet):
    def for_list(self) -> EventQuerySet:
        return self.prefetch_related("participants__actor")


class Event(EditorialRecord):
    class Kind(models.TextChoices):
        DIPLOMATIC = "diplomatic", "Diplomatic move"
        SANCTION = "sanction", "Sanction"
        RESOLUTION = "resolution", "Resolution"
        MILITARY = "military", "Military action"
        CALL = "call", "Call"
        MEETING = "meeting", "Meeting or talks"
        DEPLOYMENT = "deployment", "Deployment or withdrawal"
        AGREEMENT = "agreement", "Agreement"
        HUMANITARIAN = "humanitarian", "Humanitarian"
        OTHER = "other", "Other"

    title = models.CharField(max_length=300, help_text="What happened, in a line.")
    kind = models.CharField(max_length=32, choices=Kind)
    description = models.TextField(blank=True)
    starts_on = models.DateField(
        null=True, blank=True, help_text="Empty when the source does not say."
    )
    starts_on_precision = models.CharField(
        max_length=8, choices=Precision, default=Precision.UNKNOWN
    )
    ends_on = models.DateField(
        null=True, blank=True, help_text="Empty for a single day."
    )
    ends_on_precision = models.CharField(
        max_length=8, choices=Precision, default=Precision.UNKNOWN
    )
    place_name = models.CharField(
        max_length=200, blank=True, help_text="Goma, Luanda, ..."
    )
    place_country = models.CharField(
        max_length=100,
        blank=True,
        help_text="Empty when the source does not establish it.",
    )
    latitude = models.DecimalField(
        max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        max_digits=8, decimal_places=5, null=True, blank=True
    )
    participants_actors = models.ManyToManyField(
        Actor, through="Participant", related_name="events", blank=True
    )
    related_events = models.ManyToManyField(
        "self",
        through="EventRelation",
        symmetrical=False,
        related_name="related_from",
        blank=True,
    )

    objects = EventQuerySet.as_manager()
    history = HistoricalRecords()

    workflow_parts = ("participants", "relations")

    class Meta:
        permissions = editorial_permissions("event")
        indexes = [
            *EditorialRecord.Meta.indexes,
            models.Index(fields=["starts_on"], name="event_starts_on"),
            models.Index(fields=["kind"], name="event_kind"),
            models.Index(fields=["place_country"], name="event_place_country"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="event_ends_after_start",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(latitude__isnull=True) & models.Q(longitude__isnull=True)
                )
                | (
                    models.Q(latitude__gte=-90, latitude__lte=90)
                    & models.Q(longitude__gte=-180, longitude__lte=180)
                ),
                name="event_coordinates_valid",
            ),
            partial_date_constraint("starts_on", "event_starts_on_precision"),
            partial_date_constraint("ends_on", "event_ends_on_precision"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        clean_partial_dates(self, "starts_on", "ends_on")
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "An event cannot end before it starts."})
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError("Give both latitude and longitude, or neither.")

    def missing_for_verification(self, by: User | None = None) -> list[str]:
        missing = [
            Problem(f"The participant {p.actor} is not verified.", p.actor)
            for p in self.participants.select_related("actor")
            if p.actor.status != Status.VERIFIED
        ]
        return missing + _citation_problems(self, by)

    def parts_verified_with(self, user: User) -> list[EditorialRecord]:
        return _citations_verified_with(self, user)

    # Public representation, written to the published layer on verification.
    public_rank: ClassVar[int] = 40

    def public_representation(self, context: PublicContext) -> dict[str, Any]:
        data: dict[str, Any] = {
            "title": self.title,
            "kind": self.kind,
            "description": self.description,
            "starts_on": format_iso(self.starts_on, self.starts_on_precision),
            "starts_on_precision": self.starts_on_precision,
            "ends_on": format_iso(self.ends_on, self.ends_on_precision),
            "ends_on_precision": self.ends_on_precision,
            "place_name": self.place_name,
            "place_country": self.place_country,
            "latitude": float(self.latitude) if self.latitude is not None else None,
            "longitude": float(self.longitude) if self.longitude is not None else None,
            "participants": [
                {
                    "actor": context.summary("actor", part.actor_id, "name", "kind"),
                    "role": part.role,
                }
                for part in context.parts(Participant, event_id=self.pk)
            ],
            "relations": [
                {"kind": relation.kind, "event": related}
                for relation in context.parts(EventRelation, from_event_id=self.pk)
                # A related event is listed while it is public: from its
                # verification (which rebuilds this event) to its retraction.
                if (related := _public_event(context, relation.to_event_id))
            ],
            "citations": _public_citations(context, event_id=self.pk),
            "statement_relations": public_relations(context, "event", self.pk),
        }
        data["notice"] = support_notice(data["citations"])
        data["citation_styles"] = render_all(
            {"type": "event", "id": self.pk, **data, "corrections": context.corrections}
        )
        return data

    def public_shown_in(self) -> list[tuple[str, int]]:
        """The events that relate to this one, and list it once it is public."""
        related = EventRelation.objects.filter(to_event_id=self.pk)
        ids = related.values_list("from_event_id", flat=True).distinct()
        return [("event", pk) for pk in sorted(ids)]

    def public_columns(self, data: dict[str, Any]) -> dict[str, Any]:
        parts = data["participants"]
        affected = {Participant.Role.TARGET, Participant.Role.AFFECTED}
        words = [self.title, self.description, self.place_name, self.place_country]
        words += [part["actor"].get("name") or "" for part in parts]
        return {
            "kind": self.kind,
            "date": self.starts_on,
            "date_precision": self.starts_on_precision,
            "search_text": " ".join(words),
            "links": {
                "involved": [part["actor"]["id"] for part in parts],
                "about": [p["actor"]["id"] for p in parts if p["role"] in affected],
                **_cited_sources(data),
            },
        }


def _public_event(context: PublicContext, pk: int) -> dict[str, Any] | None:
    """A related event as embedded, or None while it is not public."""
    found = context.summary("event", pk, "title", "kind", "starts_on")
    # A record that is not published, or retracted, is embedded by id alone.
    if found is None or found.get("retracted") or "title" not in found:
        return None
    return found


class Participant(models.Model):
    class Role(models.TextChoices):
        INITIATOR = "initiator", "Initiator"
        TARGET = "target", "Target"
        MEDIATOR = "mediator", "Mediator"
        PARTICIPANT = "participant", "Participant"
        AFFECTED = "affected", "Affected"

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="participants"
    )
    actor = models.ForeignKey(
        Actor, on_delete=models.PROTECT, related_name="participations"
    )
    role = models.CharField(max_length=16, choices=Role, default=Role.PARTICIPANT)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["event", "actor", "role"], name="participant_unique_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.actor} ({self.get_role_display().lower()})"


class EventRelation(models.Model):
    class Kind(models.TextChoices):
        RESPONSE_TO = "response_to", "Response to"
        PART_OF = "part_of", "Part of"
        FOLLOWS = "follows", "Follows"

    from_event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="relations"
    )
    kind = models.CharField(max_length=16, choices=Kind)
    to_event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="inverse_relations"
    )

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["from_event", "kind", "to_event"], name="event_relation_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(from_event=models.F("to_event")),
                name="event_relation_not_self",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.from_event} — {self.get_kind_display().lower()} — {self.to_event}"
        )
