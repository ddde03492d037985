"""Dates known to a day, a month or a year, as sources give them."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models


class Precision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"
    UNKNOWN = "unknown", "Unknown"


_PARTIAL_DATE = re.compile(
    r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$"
)


@dataclass(frozen=True)
class PartialDate:
    """A date with how much of it is known; ``date`` is None when unknown."""

    date: datetime.date | None
    precision: Precision

    @classmethod
    def parse(cls, value: str | None) -> PartialDate:
        """Read ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; empty means unknown."""
        if not value:
            return cls(None, Precision.UNKNOWN)
        match = _PARTIAL_DATE.match(value.strip())
        if not match:
            raise ValueError(f"{value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = match["year"], match["month"], match["day"]
        precision = (
            Precision.DAY if day else Precision.MONTH if month else Precision.YEAR
        )
        return cls(datetime.date(int(year), int(month or 1), int(day or 1)), precision)

    def isoformat(self) -> str:
        """Return only the known part: ``2025``, ``2025-03`` or ``2025-03-17``."""
        return format_iso(self.date, self.precision)

    def __str__(self) -> str:
        return format_human(self.date, self.precision)


def format_iso(date: datetime.date | None, precision: str) -> str:
    """Return the known part of a date in ISO 8601, or an empty string."""
    if date is None or precision == Precision.UNKNOWN:
        return ""
    if precision == Precision.YEAR:
        return f"{date.year:04d}"
    if precision == Precision.MONTH:
        return f"{date.year:04d}-{date.month:02d}"
    return date.isoformat()


def format_human(date: datetime.date | None, precision: str) -> str:
    """Return the known part of a date for a reader: ``17 March 2025``."""
    if date is None or precision == Precision.UNKNOWN:
        return "date unknown"
    if precision == Precision.YEAR:
        return str(date.year)
    if precision == Precision.MONTH:
        return date.strftime("%B %Y")
    return f"{date.day} {date.strftime('%B %Y')}"


def normalise_partial_date(
    date: datetime.date | None, precision: str
) -> datetime.date | None:
    """Return ``date`` as its precision stores it: the first of the month or year."""
    if date is None:
        return None
    if precision == Precision.MONTH:
        return date.replace(day=1)
    if precision == Precision.YEAR:
        return date.replace(month=1, day=1)
    return date


def validate_partial_date(
    date: datetime.date | None, precision: str, field: str
) -> dict[str, str]:
    """Return errors, by field name, for a date that disagrees with its precision.

    A day given with a month or year precision is not an error: the date is
    stored as the first of that month or year (``normalise_partial_date``).
    """
    if date is None and precision != Precision.UNKNOWN:
        return {field: "Give the date, or set its precision to unknown."}
    if date is not None and precision == Precision.UNKNOWN:
        return {f"{field}_precision": "Say whether the date is a day, month or year."}
    return {}


def partial_date_constraint(field: str, name: str) -> models.CheckConstraint:
    """The database rule that a date is empty exactly when its precision is unknown."""
    precision = f"{field}_precision"
    return models.CheckConstraint(
        condition=(
            models.Q(**{f"{field}__isnull": True, precision: Precision.UNKNOWN})
            | (
                models.Q(**{f"{field}__isnull": False})
                & ~models.Q(**{precision: Precision.UNKNOWN})
            )
        ),
        name=name,
    )


def clean_partial_dates(instance: models.Model, *fields: str) -> None:
    """Store each partial date of ``instance`` as its precision says; raise if off.

    An editor who knows only the month may leave the day in the field: the
    date becomes the first of that month rather than a refusal. A whole date
    typed with the precision left at "unknown" is a day: the form's default
    precision should not cost the editor a refusal and two more clicks.
    """
    errors: dict[str, str] = {}
    for field in fields:
        date = getattr(instance, field)
        precision = getattr(instance, f"{field}_precision")
        if date is not None and precision == Precision.UNKNOWN:
            precision = Precision.DAY
            setattr(instance, f"{field}_precision", precision)
        setattr(instance, field, normalise_partial_date(date, precision))
        errors |= validate_partial_date(date, precision, field)
    if errors:
        raise ValidationError(errors)
