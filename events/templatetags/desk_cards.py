"""A desk card's field written out in Python: label, widget, errors and help.

A desk holds up to a few hundred cards of half a dozen fields each; Django's
template per field (and per label) made the page take seconds to render.
"""

from __future__ import annotations

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString, mark_safe

from events.admin_desk_forms import escaped

register = template.Library()


@register.simple_tag
def desk_field(field: BoundField, wide: bool = False) -> SafeString:
    """The field's row on a card, as ``events/desk_field.html`` once wrote it."""
    errors = field.errors.as_ul() if field.errors else ""
    help_text = (
        f'<div class="help">{escaped(field.help_text)}</div>' if field.help_text else ""
    )
    return mark_safe(
        f'<div class="desk-field field-{escaped(field.name)}'
        f'{" wide" if wide else ""}">{escaped(errors)}'
        f'<label for="{escaped(field.id_for_label)}">{escaped(field.label)}:</label>'
        f" {escaped(field.as_widget())}{help_text}</div>"
    )
