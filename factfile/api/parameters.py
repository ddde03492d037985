"""Strict readers of query parameters, cursors and path ids.

A number is ASCII digits and nothing else: ``int()`` and ``str.isdigit()``
also accept "²", "١٢", " 7", "+7" and "1_000", and ``int()`` raises on the
first two kinds and on more than 4,300 digits. A date is ``YYYY-MM-DD`` in
ASCII digits. Anything else is a 400 naming the parameter, never a 500.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms

# The largest value of the database's 64-bit integer columns.
MAX_ID = 2**63 - 1

# ``[0-9]`` rather than ``\d``: in a str pattern ``\d`` is any Unicode digit.
_WHOLE = re.compile(r"[0-9]+")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def whole_number(raw: str, *, maximum: int = MAX_ID) -> int | None:
    """``raw`` as a number from 0 to ``maximum``, or None if it is anything else."""
    if not _WHOLE.fullmatch(raw):
        return None
    digits = raw.lstrip("0") or "0"
    # Compared as text first, so a million digits are never converted.
    if len(digits) > len(str(maximum)):
        return None
    value = int(digits)
    return value if value <= maximum else None


def iso_date(raw: str) -> datetime.date | None:
    """``raw`` as a day if it is ``YYYY-MM-DD`` in ASCII digits and exists."""
    if not _ISO_DATE.fullmatch(raw):
        return None
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:  # the 31st of February, month 13, year 0
        return None


class WholeNumberField(forms.IntegerField):
    """A form's whole number: ASCII digits only, then the field's bounds."""

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        number = whole_number(str(value))
        if number is None:
            if _WHOLE.fullmatch(str(value)):
                raise forms.ValidationError(
                    f"Give a number of at most {self.max_value or MAX_ID}.",
                    code="max_value",
                )
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number


class IsoDateField(forms.DateField):
    """A form's day, written ``YYYY-MM-DD``."""

    def to_python(self, value: Any) -> datetime.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value
        day = iso_date(str(value))
        if day is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return day
