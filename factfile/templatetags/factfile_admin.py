"""Admin template tags for lists that stay fast on a large fact file."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import django.contrib.admin
from django import template
from django.contrib.admin.templatetags.admin_list import (
    ResultList,
    date_hierarchy,
    result_headers,
    result_list,
)
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.contrib.admin.utils import (
    FieldIsAForeignKeyColumnName,
    display_for_field,
    display_for_value,
)
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.db.models import Max, Min, QuerySet
from django.template.defaultfilters import urlencode
from django.template.loader import get_template
from django.urls import reverse
from django.utils.encoding import iri_to_uri
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from factfile import admin_fieldsets, admin_inlines
from factfile.admin_rendering import Unwritten, _shown
from factfile.templatetags.factfile_layout import data_label

# The fast rows below decide once per column what Django's
# ``items_for_result`` decides for every cell, with three of Django's private
# helpers. Should an upgrade of Django remove or rename one of them, the lists
# fall back to Django's own rendering (slower, never wrong), and
# tests/admin/test_admin_list_cost.py fails in CI saying what to update.
try:
    from django.contrib.admin.templatetags.admin_list import (
        _boolean_icon,
        _coerce_field_name,
    )
    from django.contrib.admin.utils import _get_non_gfk_field
except ImportError:  # pragma: no cover - only on a Django this was not written for
    FAST_ROWS = False
else:
    FAST_ROWS = True

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


# The rows of a change list ----------------------------------------------------

_PK = "__factfile_pk__"
# Dates (and times of day) as shown, by language: a few thousand distinct
# days cover an archive's lists.
_DAYS: dict[tuple[str, Any], str] = {}
_DAYS_KEPT = 4096
_EMPTY_VALUES = (None, "", [], (), {})


def _boolean_icons() -> dict[Any, str]:
    return {value: _boolean_icon(value) for value in (True, False, None)}


def _icon(icons: dict[Any, str], value: Any) -> str:
    # The icon's alt text is the value itself: 1 and True differ there.
    if value is None or type(value) is bool:
        return icons[value]
    return _boolean_icon(value)


def _value_html(value: Any, empty: str) -> tuple[str, bool]:
    """A computed value as the admin shows it, and whether it is a date or time."""
    if isinstance(value, str):
        if not value.strip():
            return empty, False
        return conditional_escape(value), False
    if value in _EMPTY_VALUES:
        return empty, False
    html = conditional_escape(display_for_value(value, empty))
    return html, isinstance(value, (datetime.date, datetime.time))


class _Column:
    """How one column of a change list is shown, worked out once per page.

    The markup is Django's own (``items_for_result``); what Django decides
    again for every cell (which field, which choices, which icons, which
    classes, the change URL) is decided here once.
    """

    def __init__(
        self, cl: Any, name: Any, index: int, tag: str, link: str | None
    ) -> None:
        self.tag = tag
        self.link = link
        # ' data-label="…"', the column's header, set once the headers are known.
        self.label = ""
        self.field_class = f"field-{_coerce_field_name(name, index)}"
        model_admin = cl.model_admin
        self.default_empty = conditional_escape(model_admin.get_empty_value_display())
        self.field: Any = None
        self.attr: Any = None
        try:
            field = _get_non_gfk_field(cl.lookup_opts, name)
        except (FieldDoesNotExist, FieldIsAForeignKeyColumnName):
            if callable(name):
                self.attr = name
            elif hasattr(model_admin, name) and name != "__str__":
                self.attr = getattr(model_admin, name)
            elif name == "__str__":
                self.attr = cl.model.__str__
            else:
                raise _Unsupported(name) from None
            self.value = self.attr if name != "__str__" else str
        else:
            self.name = name
            self.value = self._attribute
            if not field.auto_created:
                self.field = field
        if name == "action_checkbox":
            self.field_class = "action-checkbox"
        self.empty = conditional_escape(
            getattr(self.attr, "empty_value_display", self.default_empty)
        )
        self.icons = _boolean_icons() if getattr(self.attr, "boolean", False) else None
        self.render = self._computed
        field = self.field
        if field is None:
            return
        self.nowrap = isinstance(
            field, (models.DateField, models.TimeField, models.ForeignKey)
        )
        if isinstance(field.remote_field, models.ManyToOneRel):
            self.render = self._related
        elif (
            isinstance(field, (models.DateField, models.TimeField))
            and not isinstance(field, models.DateTimeField)
            and not getattr(field, "flatchoices", None)
        ):
            self.render = self._day
        elif getattr(field, "flatchoices", None):
            try:
                self.choices = {
                    value: conditional_escape(label)
                    for value, label in field.flatchoices
                }
            except TypeError:
                self.render = self._field
            else:
                self.render = self._choice
        else:
            self.render = self._field

    def _attribute(self, obj: Any) -> Any:
        return getattr(obj, self.name)

    def _computed(self, value: Any) -> tuple[str, bool]:
        if self.icons is not None:
            return _icon(self.icons, value), False
        return _value_html(value, self.empty)

    def _related(self, value: Any) -> tuple[str, bool]:
        if value is None:
            return self.empty, self.nowrap
        return conditional_escape(value), self.nowrap

    def _choice(self, value: Any) -> tuple[str, bool]:
        if isinstance(value, str) and not value.strip():
            value = ""
        return self.choices.get(value, self.empty), self.nowrap

    def _day(self, value: Any) -> tuple[str, bool]:
        # A date is shown in the active language's format, whatever the row:
        # formatting it is most of a column's time, so it is done once.
        if value is None:
            return self.empty, True
        key = (get_language(), value)
        html = _DAYS.get(key)
        if html is None:
            html = self._field(value)[0]
            if len(_DAYS) >= _DAYS_KEPT:
                _DAYS.clear()
            _DAYS[key] = html
        return html, True

    def _field(self, value: Any) -> tuple[str, bool]:
        if isinstance(value, str) and not value.strip():
            value = ""
        html = display_for_field(
            value, self.field, self.empty, avoid_link=self.link is not None
        )
        return conditional_escape(html), self.nowrap

    def cell(self, obj: Any, pk: str) -> str:
        try:
            html, nowrap = self.render(self.value(obj))
        except ObjectDoesNotExist:
            html, nowrap = self.default_empty, False
        classes = f"{self.field_class} nowrap" if nowrap else self.field_class
        if self.link is not None:
            html = f'<a href="{self.link.replace(_PK, pk, 1)}">{html}</a>'
        return f'<{self.tag}{self.label} class="{classes}">{html}</{self.tag}>'


class _Unsupported(Exception):
    """A column only Django's own rendering knows how to show."""


def _columns(cl: Any) -> list[_Column] | None:
    """The columns of the change list, or None where Django must render the rows.

    Editable lists, pop-ups, lists of another field than the key and keys
    that are not integers keep Django's rendering, as do columns naming a
    model attribute or a lookup across relations.
    """
    if (
        not FAST_ROWS
        or cl.formset
        or cl.is_popup
        or cl.to_field
        or not isinstance(cl.lookup_opts.pk, models.IntegerField)
    ):
        return None
    change_url = reverse(
        f"admin:{cl.opts.app_label}_{cl.opts.model_name}_change",
        args=(_PK,),
        current_app=cl.model_admin.admin_site.name,
    )
    change_url = escape(
        add_preserved_filters(
            {"preserved_filters": cl.preserved_filters, "opts": cl.opts}, change_url
        )
    )
    links = cl.list_display_links
    columns = []
    first = True
    for index, name in enumerate(cl.list_display):
        is_link = links is not None and ((first and not links) or name in links)
        tag = "th" if is_link and first else "td"
        if is_link:
            first = False
        try:
            columns.append(
                _Column(cl, name, index, tag, change_url if is_link else None)
            )
        except _Unsupported:
            return None
    return columns


def fast_result_list(cl: Any) -> dict[str, Any]:
    """Django's ``result_list`` context, each row's cells joined in one piece."""
    columns = _columns(cl)
    if columns is None:
        return result_list(cl)
    headers = list(result_headers(cl))
    for column, header in zip(columns, headers, strict=True):
        column.label = data_label(header)
    pk_attname = cl.pk_attname
    rows = [
        ResultList(
            None,
            [
                mark_safe(
                    "".join(
                        column.cell(obj, str(getattr(obj, pk_attname)))
                        for column in columns
                    )
                )
            ],
        )
        for obj in cl.result_list
    ]
    return {
        "cl": cl,
        "result_hidden_fields": [],
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        "results": rows,
    }


@register.tag(name="factfile_result_list")
def result_list_tag(parser: Any, token: Any) -> InclusionAdminNode:
    """``{% result_list cl %}`` with the rows put together in Python."""
    return InclusionAdminNode(
        parser,
        token,
        func=fast_result_list,
        template_name="change_list_results.html",
        takes_context=False,
    )


# The filters' sidebar ---------------------------------------------------------

_FILTER_TEMPLATE = "admin/filter.html"
_SELECTED = ' class="selected"'


def _filter_html(title: Any, choices: list[dict[str, Any]]) -> str:
    """``admin/filter.html`` as Django's template writes it, character for character."""
    heading = gettext(" By %(filter_title)s ") % {"filter_title": _shown(title)}
    items = "".join(
        f"\n    <li{_SELECTED if choice['selected'] else ''}>"
        f'\n    <a href="{_shown(iri_to_uri(choice["query_string"]))}">'
        f"{_shown(choice['display'])}</a></li>\n  "
        for choice in choices
    )
    return (
        f'\n<details data-filter-title="{_shown(title)}" open>\n  <summary>\n'
        f"    {heading}\n  </summary>\n  <ul>\n  {items}\n  </ul>\n</details>\n"
    )


@register.simple_tag
def list_filter(cl: Any, spec: Any) -> str:
    """Django's ``admin_list_filter``, its stock template written in Python.

    A statement list shows eight filters, each rendered through the template
    engine: a tenth of the page's time. A filter with a template of its
    own, or a project that overrides Django's, keeps the template.
    """
    choices = list(spec.choices(cl))
    if spec.template == _FILTER_TEMPLATE and _stock_filter_template():
        try:
            return mark_safe(_filter_html(spec.title, choices))
        except Unwritten:
            pass
    template = get_template(spec.template)
    return template.render({"title": spec.title, "choices": choices, "spec": spec})


@functools.cache
def _stock_filter_template() -> bool:
    # Django's own file, not one a project or app put before it.
    origin = Path(get_template(_FILTER_TEMPLATE).origin.name).resolve()
    return origin.is_relative_to(Path(django.contrib.admin.__file__).resolve().parent)


# The navigation sidebar ------------------------------------------------------

_SIDEBARS: dict[tuple[Any, ...], str] = {}
_SIDEBARS_KEPT = 256


def _sidebar_key(apps: list[dict[str, Any]], path: str) -> tuple[Any, ...]:
    """Everything Django's sidebar shows: the apps and models, and which is open."""
    here = urlencode(path)
    return (
        get_language(),
        tuple(
            (
                app["app_label"],
                str(app["name"]),
                app["app_url"],
                app["app_url"] in here,
                tuple(
                    (
                        model["object_name"],
                        str(model["name"]),
                        model.get("admin_url"),
                        model.get("add_url"),
                        model.get("admin_url") is not None
                        and model["admin_url"] in here,
                    )
                    for model in app["models"]
                ),
            )
            for app in apps
        ),
    )


@register.simple_tag(takes_context=True)
def nav_sidebar(context: Any) -> str:
    """Django's navigation sidebar, rendered once for each set of links it shows.

    The sidebar lists every model the user may see, the same on every page
    of a section: rendering it is a tenth of a change list's time.
    """
    key = _sidebar_key(context.get("available_apps") or [], context["request"].path)
    html = _SIDEBARS.get(key)
    if html is None:
        template = context.template.engine.get_template("admin/nav_sidebar.html")
        html = template.render(context)
        if len(_SIDEBARS) >= _SIDEBARS_KEPT:
            _SIDEBARS.clear()
        _SIDEBARS[key] = html
    return html


@register.simple_tag(takes_context=True)
def admin_fieldset(context: template.Context) -> str:
    """``admin/includes/fieldset.html``, written in Python (``admin_fieldsets``)."""
    return admin_fieldsets.render(context)


@register.simple_tag(takes_context=True)
def admin_stacked_inline(context: template.Context) -> str:
    """``admin/edit_inline/stacked.html``, written in Python (``admin_inlines``)."""
    return admin_inlines.render(context)
