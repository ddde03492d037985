"""The SQL of a filtered list, compiled once per combination of filters.

A filtered page asks the ORM to build and compile its queryset anew: the
rules of the published layer, each filter's condition, the columns, the
latest change. For a list page that is most of the request's Python. The
SQL of a list filtered by the same filters differs only in the values of
its parameters, so it is kept per combination of filter names, with the
place of each filter's values among the parameters, and a request fills in
its own values.

The places are learnt from the ORM itself, never written by hand: the
queryset is compiled with the request's values, then once more for each
filter with only that filter's value changed. The SQL must stay the same
and the parameters that changed must be the two values themselves, or
their text (a
filter whose parameter is made from its value, such as a pattern for
``contains``, or whose SQL depends on its value, is not kept: its requests
go on through the ORM). The template, filled with the request's values,
must give back exactly what the ORM compiled, or it is not kept either.
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django_filters.constants import EMPTY_VALUES

from factfile.api.parameters import MAX_ID

Compiled = tuple[str, tuple[Any, ...]]


@dataclass(frozen=True)
class Template:
    """A compiled query and, for each filter, where its value goes."""

    sql: str
    params: tuple[Any, ...]
    # (filter, its positions, whether the value goes in as text)
    places: tuple[tuple[str, tuple[int, ...], bool], ...]

    def fill(self, values: Mapping[str, Any]) -> Compiled:
        params = list(self.params)
        for name, positions, as_text in self.places:
            value = str(values[name]) if as_text else values[name]
            for position in positions:
                params[position] = value
        return self.sql, tuple(params)


# Not kept: these requests go through the ORM.
NOT_KEPT = object()
_TEMPLATES: dict[tuple[Any, ...], Template | object] = {}
_LOCK = threading.Lock()
# Combinations are bounded by the filters of each resource; a bound all the
# same, in case a resource ever has many.
MOST_KEPT = 4096


def active_values(cleaned: Mapping[str, Any]) -> dict[str, Any]:
    """The filters that filter something, with their values (empty ones do not)."""
    return {name: value for name, value in cleaned.items() if value not in EMPTY_VALUES}


def another(value: Any) -> Any:
    """A second value of the same kind, to see where a value goes; None if unknown."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value + 1 if value < MAX_ID else value - 1
    if isinstance(value, datetime.datetime):
        return None
    if isinstance(value, datetime.date):
        return value + datetime.timedelta(days=1 if value < datetime.date.max else -1)
    if isinstance(value, str):
        return f"{value}~"
    return None


def compiled_with(
    key: tuple[Any, ...],
    values: dict[str, Any],
    compile_for: Callable[[dict[str, Any]], Compiled],
) -> Compiled:
    """The SQL and parameters for ``values``: from the kept template if any.

    ``key`` names the list (resource, database); ``compile_for`` compiles,
    through the ORM, the list filtered by the values it is given.
    """
    full_key = (key, frozenset(values))
    template = _TEMPLATES.get(full_key)
    if isinstance(template, Template):
        return template.fill(values)
    compiled = compile_for(values)
    if template is None:
        learnt = learn(values, compiled, compile_for)
        with _LOCK:
            if len(_TEMPLATES) < MOST_KEPT:
                _TEMPLATES[full_key] = learnt
    return compiled


def learn(
    values: dict[str, Any],
    compiled: Compiled,
    compile_for: Callable[[dict[str, Any]], Compiled],
) -> Template | object:
    """Where each value goes in ``compiled``, or NOT_KEPT if that cannot be told."""
    sql, params = compiled[0], tuple(compiled[1])
    places = []
    for name, value in values.items():
        other = another(value)
        if other is None or other == value:
            return NOT_KEPT
        changed_sql, changed = compile_for({**values, name: other})
        changed = tuple(changed)
        if changed_sql != sql or len(changed) != len(params):
            return NOT_KEPT
        positions = tuple(
            index
            for index, (was, now) in enumerate(zip(params, changed, strict=True))
            if was != now or type(was) is not type(now)
        )
        if not positions:
            return NOT_KEPT
        # The value itself, or (SQLite's dates) its text.
        if all(params[i] == value and changed[i] == other for i in positions):
            as_text = False
        elif all(
            params[i] == str(value) and changed[i] == str(other) for i in positions
        ):
            as_text = True
        else:
            return NOT_KEPT
        places.append((name, positions, as_text))
    taken = [position for _, positions, _ in places for position in positions]
    if len(taken) != len(set(taken)):
        return NOT_KEPT
    template = Template(sql, params, tuple(places))
    if template.fill(values) != (sql, params):
        return NOT_KEPT
    return template


def filtered(queryset: QuerySet, filterset: Any, values: Mapping[str, Any]) -> QuerySet:
    """``queryset`` filtered by the filters of ``filterset`` with ``values``."""
    for name, value in values.items():
        queryset = filterset.filters[name].filter(queryset, value)
    return queryset


def forget() -> None:
    """Drop every kept template (tests that change the filters)."""
    with _LOCK:
        _TEMPLATES.clear()
