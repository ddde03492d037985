"""Names an actor went by at a given time, and the title held then.

An armed group renamed, a ministry merged into another: an actor keeps its
canonical name and has dated names beside it. A statement is shown with the
name and title valid on the day it was made, read from the actor's public
JSON (its dated names and roles) so that only verified data is used.
"""

from __future__ import annotations

import calendar
import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from factfile.dates import Precision, clean_partial_dates, format_iso

if TYPE_CHECKING:
    from factfile.representation import PublicContext


class ActorName(models.Model):
    """A name an actor used during a period: before a renaming, after it."""

    actor = models.ForeignKey(
        "events.Actor", on_delete=models.CASCADE, related_name="dated_names"
    )
    name = models.CharField(max_length=300, help_text="The name as used then.")
    starts_on = models.DateField(
        null=True, blank=True, help_text="Empty if used from the start."
    )
    starts_on_precision = models.CharField(
        max_length=8, choices=Precision, default=Precision.UNKNOWN
    )
    ends_on = models.DateField(
        null=True, blank=True, help_text="Empty while still in use."
    )
    ends_on_precision = models.CharField(
        max_length=8, choices=Precision, default=Precision.UNKNOWN
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "dated name"
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="actor_name_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        clean_partial_dates(self, "starts_on", "ends_on")
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "A name cannot end before it starts."})


def public_names(context: PublicContext, actor_id: int) -> list[dict[str, Any]]:
    """An actor's dated names as verified, oldest first."""
    rows = context.parts(ActorName, actor_id=actor_id)
    rows.sort(key=lambda row: (row.starts_on or datetime.date.min, row.pk))
    return [
        {
            "name": row.name,
            "starts_on": format_iso(row.starts_on, row.starts_on_precision),
            "ends_on": format_iso(row.ends_on, row.ends_on_precision),
        }
        for row in rows
    ]


def _bounds(value: str | None) -> tuple[datetime.date, datetime.date] | None:
    """The first and last day a partial ISO date (2025, 2025-03, 2025-03-17) covers."""
    if not value:
        return None
    parts = [int(part) for part in value.split("-")]
    year, month, day = [*parts, 0, 0][:3]
    if day:
        first = last = datetime.date(year, month, day)
    elif month:
        first = datetime.date(year, month, 1)
        last = datetime.date(year, month, calendar.monthrange(year, month)[1])
    else:
        first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return first, last


def _valid_on(period: dict[str, Any], day: datetime.date) -> bool:
    start, end = _bounds(period.get("starts_on")), _bounds(period.get("ends_on"))
    return (start is None or start[0] <= day) and (end is None or day <= end[1])


def as_of(actor: dict[str, Any], day: datetime.date | None) -> dict[str, str]:
    """The name and title in ``actor``'s public JSON that were valid on ``day``."""
    name = actor.get("name") or ""
    title = ""
    if day is not None:
        for dated in actor.get("names") or []:
            if _valid_on(dated, day):
                name = dated["name"]
        for role in actor.get("roles") or []:
            if _valid_on(role, day):
                organisation = (role.get("organisation") or {}).get("name")
                title = ", ".join(filter(None, [role.get("title"), organisation]))
    return {"name": name, "title": title}
