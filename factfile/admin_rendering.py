"""The forms' renderer: Django's commonest widget templates, written in Python.

A record's change page shows about ninety widgets and fifty labels, and
Django renders each through its template engine, several templates deep
(a select includes its attributes and a template per option; the admin
wraps each related record's widget in a template of links): a third of
the page's time. ``FormRenderer`` writes the markup of those few templates
itself, character for character what the templates write
(``tests/admin/test_form_rendering.py`` compares them), and leaves every
other template, and any of these that an app overrides, to the engine.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import django.contrib.admin
import django.forms
from django.contrib.staticfiles.storage import staticfiles_storage
from django.forms.renderers import DjangoTemplates
from django.templatetags.static import static
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape, strip_spaces_between_tags
from django.utils.safestring import SafeData, SafeString
from django.utils.timezone import template_localtime
from django.utils.translation import get_language, gettext

# Django's own templates, which the writers below stand for.
_STOCK = tuple(
    Path(package.__file__).resolve().parent / "templates"
    for package in (django.forms, django.contrib.admin)
)
_OPTION = "django/forms/widgets/select_option.html"


class Unwritten(Exception):
    """The context holds something only the template engine renders faithfully."""


def _shown(value: Any) -> str:
    """``{{ value }}``: localised, as text, escaped unless already safe."""
    # Text is neither localised nor converted: escaped, or already safe.
    kind = type(value)
    if kind is SafeString:
        return value
    if kind is str:
        return escape(value)
    if callable(value):
        raise Unwritten
    value = localize(template_localtime(value))
    if not isinstance(value, str):
        value = str(value)
    return conditional_escape(value)


def _formatted(value: Any) -> str:
    """``{{ value|stringformat:'s' }}``."""
    if callable(value):
        raise Unwritten
    if isinstance(value, tuple):
        value = str(value)
    text = f"{value}"
    return text if isinstance(value, SafeData) else escape(text)


def _attrs(attrs: Mapping[str, Any] | None) -> str:
    """``django/forms/attrs.html`` and ``widgets/attrs.html``."""
    if not attrs:
        return ""
    if not isinstance(attrs, dict):
        raise Unwritten
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {_shown(name)}")
        else:
            parts.append(f' {_shown(name)}="{_formatted(value)}"')
    return "".join(parts)


def _input(context: Mapping[str, Any]) -> str:
    widget = context["widget"]
    value = widget["value"]
    shown = "" if value is None else f' value="{_formatted(value)}"'
    return (
        f'<input type="{_shown(widget["type"])}" name="{_shown(widget["name"])}"'
        f"{shown}{_attrs(widget['attrs'])}>"
    )


def _option(option: Mapping[str, Any]) -> str:
    return (
        f'<option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
        f"{_shown(option['label'])}</option>\n"
    )


def _select(context: Mapping[str, Any]) -> str:
    widget = context["widget"]
    parts = [f'<select name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_shown(group_name)}">')
        for option in group_choices:
            if option.get("template_name") != _OPTION:
                raise Unwritten
            parts.append(f"\n  {_option(option)}")
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _textarea(context: Mapping[str, Any]) -> str:
    widget = context["widget"]
    value = widget["value"]
    return (
        f'<textarea name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{_shown(value) if value else ''}</textarea>"
    )


def _label(context: Mapping[str, Any]) -> str:
    if not context["use_tag"]:
        return _shown(context["label"])
    tag = _shown(context["tag"])
    return f"<{tag}{_attrs(context['attrs'])}>{_shown(context['label'])}</{tag}>"


def _errors(context: Mapping[str, Any]) -> str:
    # A field without errors, as nearly every field of a page is; a list
    # with errors is left to the template.
    if context["errors"]:
        raise Unwritten
    return ""


def _related_link(
    context: Mapping[str, Any], kind: str, title: str, href: str, *, popup: bool
) -> str:
    """One link of the admin's related-widget wrapper (spaces between tags go)."""
    name = _shown(context["name"])
    title = gettext(title) % {"model": _shown(context["model"])}
    icon = conditional_escape(static(f"admin/img/icon-{kind}link.svg"))
    # The template indents the view link's attributes by one more space.
    indent = "\n             " if kind == "view" else "\n            "
    link = "related-widget-wrapper-link"
    head = f'<a class="{link} {kind}-related" id="{kind}_id_{name}"'
    parts = [head, href]
    if popup:
        parts.append('data-popup="yes"')
    if kind == "add":
        parts[1:] = reversed(parts[1:])
    parts.append(f'title="{title}">')
    return indent.join(parts) + f'<img src="{icon}" alt="" width="24" height="24"></a>'


# The links of a related widget, by everything they show: a page repeats
# the same few (one set per foreign key of each inline row).
_LINKS: dict[tuple[Any, ...], str] = {}


def _related_links(context: Mapping[str, Any]) -> str:
    key = (
        get_language(),
        id(getattr(staticfiles_storage, "_wrapped", None)),
        *(
            str(context.get(name))
            for name in (
                "name",
                "model",
                "url_params",
                "change_related_template_url",
                "add_related_url",
                "delete_related_template_url",
                "view_related_url_params",
            )
        ),
        *(
            bool(context[name])
            for name in (
                "can_change_related",
                "can_add_related",
                "can_delete_related",
                "can_view_related",
            )
        ),
    )
    links = _LINKS.get(key)
    if links is None:
        if len(_LINKS) > 4096:
            _LINKS.clear()
        links = _LINKS[key] = _write_related_links(context)
    return links


def _write_related_links(context: Mapping[str, Any]) -> str:
    links = []
    params = _shown(context["url_params"])
    if context["can_change_related"]:
        url = _shown(context["change_related_template_url"])
        href = f'data-href-template="{url}?{params}"'
        links.append(
            _related_link(
                context, "change", "Change selected %(model)s", href, popup=True
            )
        )
    if context["can_add_related"]:
        href = f'href="{_shown(context["add_related_url"])}?{params}"'
        links.append(
            _related_link(context, "add", "Add another %(model)s", href, popup=True)
        )
    if context["can_delete_related"]:
        url = _shown(context["delete_related_template_url"])
        href = f'data-href-template="{url}?{params}"'
        links.append(
            _related_link(
                context, "delete", "Delete selected %(model)s", href, popup=True
            )
        )
    if context["can_view_related"]:
        url = _shown(context["change_related_template_url"])
        view = _shown(context["view_related_url_params"])
        href = f'data-href-template="{url}?{view}"'
        links.append(
            _related_link(context, "view", "View selected %(model)s", href, popup=False)
        )
    return strip_spaces_between_tags("".join(links))


def _related_wrapper(context: Mapping[str, Any]) -> str:
    """``admin/widgets/related_widget_wrapper.html``: the change, add,
    delete and view links beside a related record's widget."""
    limited = context["model_has_limit_choices_to"]
    if callable(limited):
        raise Unwritten
    ref = "" if limited else f'data-model-ref="{_shown(context["model_name"])}"'
    links = "" if context["is_hidden"] else _related_links(context)
    return (
        f'<div class="related-widget-wrapper" {ref}>\n    '
        f"{_shown(context['rendered_widget'])}\n    \n        "
        f"{links}\n    \n</div>"
    )


def _div(context: Mapping[str, Any]) -> str:
    """``django/forms/div.html`` of a form with only hidden fields and no
    errors (a formset's management form); any other form to the template."""
    if context["fields"] or context["errors"]:
        raise Unwritten
    return "".join(_shown(field) for field in context["hidden_fields"])


_INPUT = ("django/forms/widgets/input.html", "django/forms/widgets/attrs.html")
_ERRORS = ("django/forms/errors/list/ul.html",)

# Each template written here, how, and the templates it includes: all of
# them must be Django's own for the writer to stand for them.
WRITERS: dict[str, tuple[Callable[[Mapping[str, Any]], str], tuple[str, ...]]] = {
    **{
        f"django/forms/widgets/{name}.html": (_input, _INPUT)
        for name in (
            "input",
            "text",
            "hidden",
            "number",
            "email",
            "url",
            "password",
            "checkbox",
            "date",
            "datetime",
            "time",
        )
    },
    "django/forms/widgets/select.html": (
        _select,
        ("django/forms/widgets/attrs.html", _OPTION),
    ),
    "django/forms/widgets/textarea.html": (
        _textarea,
        ("django/forms/widgets/attrs.html",),
    ),
    "django/forms/label.html": (_label, ("django/forms/attrs.html",)),
    "admin/widgets/related_widget_wrapper.html": (_related_wrapper, ()),
    "django/forms/div.html": (_div, ()),
    "django/forms/errors/list/default.html": (_errors, _ERRORS),
    "django/forms/errors/list/ul.html": (_errors, _ERRORS),
}


class FormRenderer(DjangoTemplates):
    """Django's renderer, writing the templates of ``WRITERS`` in Python."""

    def __init__(self) -> None:
        super().__init__()
        self._written: dict[str, bool] = {}

    def render(
        self, template_name: str, context: dict[str, Any], request: Any = None
    ) -> str:
        written = WRITERS.get(template_name)
        if written is not None and self._is_stock(template_name):
            try:
                return written[0](context).strip()
            except (Unwritten, KeyError):
                # What the template would show differently (a missing key
                # shows as nothing): the template itself.
                pass
        return super().render(template_name, context, request)

    def _is_stock(self, template_name: str) -> bool:
        """Whether the engine finds Django's own templates for ``template_name``."""
        stock = self._written.get(template_name)
        if stock is None:
            names = (template_name, *WRITERS[template_name][1])
            stock = self._written[template_name] = all(
                Path(self.get_template(name).origin.name)
                .resolve()
                .is_relative_to(_STOCK[name.startswith("admin/")])
                for name in names
            )
        return stock
