"""The admin's fieldset template, written in Python.

A record's change page holds eleven fieldsets (its own and those of its
inlines' rows), and Django's ``admin/includes/fieldset.html`` goes through
every line and field of each with a dozen tests and lookups per field: the
template engine spent about a third of the page's time there. ``write``
writes the same markup: the same elements, attributes, classes and text
in the same order, with one line break wherever the template leaves
spaces between them, which a browser shows alike
(``tests/admin/test_fieldset_writing.py`` compares both on whole pages).
Anything it cannot write the same way (a value the template engine would
call, a field of another kind) goes to Django's template.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import django.contrib.admin
from django.contrib.admin.helpers import AdminField, AdminReadonlyField, Fieldset
from django.template import Context, Engine, Template
from django.utils.safestring import SafeString, mark_safe

from factfile.admin_rendering import Unwritten, _shown

STOCK = (
    Path(django.contrib.admin.__file__).resolve().parent
    / "templates"
    / "admin"
    / "includes"
    / "fieldset.html"
)
_stock: Template | None = None


def stock_template() -> Template:
    """Django's own fieldset template, read once."""
    global _stock
    if _stock is None:
        _stock = Engine.get_default().from_string(STOCK.read_text())
    return _stock


def render(context: Context) -> SafeString:
    """The fieldset of ``context``, written here if it can be, else by Django."""
    try:
        return write(context)
    except Unwritten:
        return stock_template().render(context)


def write(context: Context) -> SafeString:
    fieldset = context.get("fieldset")
    if not isinstance(fieldset, Fieldset):
        raise Unwritten
    name = fieldset.name
    heading = ""
    if name:
        level = _shown(context.get("heading_level") or 2)
        label_id = "-".join(
            _shown(context.get(key, "")) for key in ("prefix", "id_prefix", "id_suffix")
        )
        label_id = f"{label_id}-heading"
        heading = f' aria-labelledby="{label_id}"'
    parts = [f'<fieldset class="module aligned {_shown(fieldset.classes)}"{heading}>\n']
    collapsible = bool(name) and fieldset.is_collapsible
    if name:
        parts.append(
            f"{'<details><summary>' if collapsible else ''}\n"
            f'<h{level} id="{label_id}" class="fieldset-heading">{_shown(name)}'
            f"</h{level}>\n{'</summary>' if collapsible else ''}\n"
        )
    if fieldset.description:
        parts.append(f'<div class="description">{fieldset.description}</div>\n')
    parts.extend(_line(line) for line in fieldset)
    parts.append(f"{'</details>' if collapsible else ''}\n</fieldset>\n")
    return mark_safe("".join(parts))


def _line(line: Any) -> str:
    fields = list(line)
    single = len(line.fields) == 1
    errors = line.errors() if single else ""
    classes = "form-row"
    if single and errors:
        classes += " errors"
    if not line.has_visible_field:
        classes += " hidden"
    for field in fields:
        if field_name := _field_name(field):
            classes += f" field-{_shown(field_name)}"
    parts = [f'\n<div class="{classes}">\n']
    parts.append(
        _shown(errors) if single else '<div class="flex-container form-multiline">'
    )
    parts.append("\n")
    parts.extend(_field(field, single) for field in fields)
    parts.append(f"\n{'' if single else '</div>'}\n</div>\n")
    return "".join(parts)


def _field_name(field: Any) -> Any:
    if isinstance(field, AdminField):
        return field.field.name
    if isinstance(field, AdminReadonlyField):
        return field.field.get("name")
    raise Unwritten


def _field(field: Any, single: bool) -> str:
    readonly = field.is_readonly
    bound = field.field
    if readonly:
        hidden, help_text, label_for = False, bound.get("help_text"), ""
        field_errors = ""
    else:
        hidden, help_text = bound.is_hidden, bound.help_text
        label_for = bound.id_for_label
        field_errors = field.errors()
    box = "flex-container"
    if not single:
        box += " fieldBox"
        if field_name := _field_name(field):
            box += f" field-{_shown(field_name)}"
        if field_errors:
            box += " errors"
        if hidden:
            box += " hidden"
    if field.is_checkbox:
        box += " checkbox-row"
    parts = ["\n<div>\n"]
    if not single and not readonly:
        parts.append(_shown(field_errors))
    parts.append(f'\n<div class="{box}">\n')
    if field.is_checkbox:
        parts.append(f"\n{_shown(bound)}{_shown(field.label_tag())}\n")
    else:
        parts.append(f"\n{_shown(field.label_tag())}\n")
        if readonly:
            parts.append(f'\n<div class="readonly">{_shown(field.contents())}</div>\n')
        else:
            parts.append(f"\n{_shown(bound)}\n")
        parts.append("\n")
    parts.append("\n</div>\n")
    if help_text:
        help_id = f' id="{_shown(label_for)}_helptext"' if label_for else ""
        parts.append(
            f'\n<div class="help{" hidden" if hidden else ""}"{help_id}>\n'
            f"<div>{help_text}</div>\n</div>\n"
        )
    parts.append("\n</div>\n")
    return "".join(parts)
