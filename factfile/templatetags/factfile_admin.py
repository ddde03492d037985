"""Admin template tags for lists that stay fast on a large fact file."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from django import template
from django.contrib.admin.templatetags.admin_list import date_hierarchy
from django.db.models import Max, Min, QuerySet

register = template.Library()


def _periods(first: datetime.date, last: datetime.date, kind: str) -> Iterator:
    if kind == "year":
        for year in range(first.year, last.year + 1):
            yield datetime.date(year, 1, 1)
    elif kind == "month":
        year, month = first.year, first.month
        while (year, month) <= (last.year, last.month):
            yield datetime.date(year, month, 1)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    else:
        day = first
        while day <= last:
            yield day
            day += datetime.timedelta(days=1)


class _RangeOfDates:
    """A changelist's queryset whose ``dates()`` come from the first and last date.

    Django's drill-down asks for the distinct years (or months, or days) of
    every row: a scan of the whole table. The first and last dates come
    from the index in two probes; the periods between them are listed even
    when one holds no row, which costs a click, not a scan.
    """

    def __init__(self, queryset: QuerySet) -> None:
        self._queryset = queryset
        self._aggregates: dict[str, dict[str, Any]] = {}

    def aggregate(self, **kwargs: Any) -> dict[str, Any]:
        # The drill-down asks for the first and last date, then for the
        # periods between them: the same two index probes, made once.
        key = repr(sorted(kwargs.items()))
        if key not in self._aggregates:
            self._aggregates[key] = self._queryset.aggregate(**kwargs)
        return self._aggregates[key]

    def dates(self, field: str, kind: str, order: str = "ASC") -> list[datetime.date]:
        bounds = self.aggregate(first=Min(field), last=Max(field))
        if bounds["first"] is None:
            return []
        periods = list(_periods(bounds["first"], bounds["last"], kind))
        return periods if order == "ASC" else periods[::-1]


class _ChangeListView:
    def __init__(self, changelist: Any) -> None:
        self._changelist = changelist
        self.queryset = _RangeOfDates(changelist.queryset)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._changelist, name)


@register.inclusion_tag("admin/date_hierarchy.html")
def period_hierarchy(changelist: Any) -> dict[str, Any] | None:
    """Django's date drill-down, without a DISTINCT over every row."""
    return date_hierarchy(_ChangeListView(changelist))
