"""The admin's stacked inline template, written in Python.

A statement's change page holds four stacked inlines (attribution,
translations, relations both ways), each a loop over its rows and, per
row, over its fieldsets, with a dozen lookups and tests per row through the
template engine. ``write`` writes what Django's
``admin/edit_inline/stacked.html`` writes: the same elements, attributes,
classes and text in the same order, with a line break wherever the
template leaves a run of spaces (``tests/admin/test_inline_writing.py``
compares whole pages both ways). The fieldsets of each row go through
``admin/includes/fieldset.html`` as the template includes them; anything
this cannot write the same way goes to Django's template.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import django.contrib.admin
from django.contrib.admin.helpers import InlineAdminFormSet
from django.contrib.admin.utils import quote
from django.template import Context, Engine, Template
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext

from factfile.admin_rendering import Unwritten, _shown

STOCK = (
    Path(django.contrib.admin.__file__).resolve().parent
    / "templates"
    / "admin"
    / "edit_inline"
    / "stacked.html"
)
FIELDSET = "admin/includes/fieldset.html"
_stock: Template | None = None


def stock_template() -> Template:
    """Django's own stacked inline template, read once."""
    global _stock
    if _stock is None:
        _stock = Engine.get_default().from_string(STOCK.read_text())
    return _stock


def render(context: Context) -> SafeString:
    """The inline of ``context``, written here if it can be, else by Django."""
    try:
        return write(context)
    except Unwritten:
        return stock_template().render(context)


def _capfirst(value: Any) -> str:
    """``{{ value|capfirst }}``."""
    text = str(value)
    shown = capfirst(text)
    return conditional_escape(mark_safe(shown) if isinstance(text, SafeData) else shown)


def _current_app(context: Context) -> Any:
    """The namespace ``{% url %}`` reverses in."""
    request = getattr(context, "request", None)
    try:
        return request.current_app  # type: ignore[union-attr]
    except AttributeError:
        try:
            return request.resolver_match.namespace  # type: ignore[union-attr]
        except AttributeError:
            return None


def write(context: Context) -> SafeString:
    inline = context.get("inline_admin_formset")
    if not isinstance(inline, InlineAdminFormSet):
        raise Unwritten
    fieldset_template = context.template.engine.get_template(FIELDSET)
    formset = inline.formset
    prefix = _shown(formset.prefix)
    collapsible = inline.is_collapsible
    opts = inline.opts
    verbose_name = _capfirst(opts.verbose_name)
    heading = verbose_name
    if formset.max_num != 1:
        heading = _capfirst(opts.verbose_name_plural)
    parts = [
        '<div class="js-inline-admin-formset inline-group"\n'
        f'     id="{prefix}-group"\n'
        '     data-inline-type="stacked"\n'
        f'     data-inline-formset="{_shown(inline.inline_formset_data())}">\n'
        f'<fieldset class="module {_shown(inline.classes)}" '
        f'aria-labelledby="{prefix}-heading">\n'
        f"  {'<details><summary>' if collapsible else ''}\n"
        f'  <h2 id="{prefix}-heading" class="inline-heading">\n'
        f"    {heading}\n  </h2>\n"
        f"  {'</summary>' if collapsible else ''}\n"
        f"{_shown(formset.management_form)}\n"
        f"{_shown(formset.non_form_errors())}\n\n",
    ]
    rows = list(inline)
    can_delete = formset.can_delete and inline.has_delete_permission
    for counter0, row in enumerate(rows):
        template_row = counter0 == len(rows) - 1 and inline.has_add_permission
        parts.append(
            _row(
                context,
                fieldset_template,
                inline,
                row,
                counter0,
                template_row=template_row,
                can_delete=can_delete,
                prefix=prefix,
                verbose_name=verbose_name,
            )
        )
    parts.append(f"\n  {'</details>' if collapsible else ''}\n</fieldset>\n</div>\n")
    return mark_safe("".join(parts))


def _row(
    context: Context,
    fieldset_template: Any,
    inline: InlineAdminFormSet,
    row: Any,
    counter0: int,
    *,
    template_row: bool,
    can_delete: bool,
    prefix: str,
    verbose_name: str,
) -> str:
    original = row.original
    classes = "inline-related"
    if original or row.show_url:
        classes += " has_original"
    if template_row:
        classes += " empty-form last-related"
    row_id = "empty" if template_row else counter0
    parts = [
        f'<div class="{classes}" id="{prefix}-{row_id}">\n'
        f'  <h3><b>{verbose_name}:</b> <span class="inline_label">'
    ]
    if original:
        parts.append(_shown(original))
        admin = row.model_admin
        if admin.show_change_link and admin.has_registered_model:
            opts = admin.opts
            url = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change",
                args=[quote(original.pk)],
                current_app=_current_app(context),
            )
            change = inline.has_change_permission
            parts.append(
                f' <a href="{conditional_escape(url)}" '
                f'class="{"inlinechangelink" if change else "inlineviewlink"}">'
                f"{conditional_escape(gettext('Change' if change else 'View'))}</a>"
            )
        parts.append("\n")
    else:
        parts.append(f"#{counter0 + 1}")
    parts.append("</span>\n      ")
    if row.show_url:
        parts.append(
            f'<a href="{_shown(row.absolute_url)}">'
            f"{conditional_escape(gettext('View on site'))}</a>"
        )
    parts.append("\n    ")
    if can_delete and original:
        deletion = row.deletion_field()
        parts.append(
            f'<span class="delete">{_shown(deletion.field)} '
            f"{_shown(deletion.label_tag())}</span>"
        )
    parts.append("\n  </h3>\n  ")
    errors = row.form.non_field_errors()
    if errors:
        parts.append(_shown(errors))
    parts.append("\n\n  \n    ")
    for suffix, fieldset in enumerate(row):
        with context.push(
            fieldset=fieldset,
            heading_level=4,
            prefix=fieldset.formset.prefix,
            id_prefix=counter0,
            id_suffix=suffix,
        ):
            parts.append(f"\n      {fieldset_template.render(context)}\n    ")
    parts.append("\n  \n\n  ")
    if row.needs_explicit_pk_field():
        parts.append(_shown(row.pk_field().field))
    parts.append("\n  ")
    fk = row.fk_field()
    if fk:
        parts.append(_shown(fk.field))
    parts.append("\n</div>")
    return "".join(parts)
