"""A desk card's field written out in Python: label, widget, errors and help.

A desk holds up to a few hundred cards of half a dozen fields each; Django's
template per field (and per label) made the page take seconds to render.
"""

from __future__ import annotations

from django import template
from django.forms import BoundField
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def desk_field(field: BoundField, wide: bool = False) -> SafeString:
    """The field's row on a card, as ``events/desk_field.html`` once wrote it."""
    errors = field.errors.as_ul() if field.errors else ""
    help_text = (
        format_html('<div class="help">{}</div>', field.help_text)
        if field.help_text
        else ""
    )
    return format_html(
        '<div class="desk-field field-{}{}">{}<label for="{}">{}:</label> {}{}</div>',
        field.name,
        " wide" if wide else "",
        errors,
        field.id_for_label,
        field.label,
        field.as_widget(),
        help_text,
    )
