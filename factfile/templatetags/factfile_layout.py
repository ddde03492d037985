"""Template tags that lay admin lists out for a phone: each cell names its column.

On a narrow screen a list's rows become cards of label/value pairs
(``factfile/static/factfile/admin.css``); the label of each value is the
column's header, written on the cell as ``data-label``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import template
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst

register = template.Library()

_CELLS = ("<td", "<th")


def data_label(header: dict[str, Any]) -> str:
    """The ``data-label`` attribute of the cells under ``header`` (none: checkboxes)."""
    if "action-checkbox-column" in str(header.get("class_attrib", "")):
        return ""
    text = strip_tags(str(capfirst(header["text"]))).strip()
    return f' data-label="{escape(text)}"' if text else ""


def labelled(cell: str, label: str) -> SafeString:
    """``cell`` (``<td …>`` or ``<th …>``) with ``label`` as its first attribute."""
    if not label or not cell.startswith(_CELLS) or cell[3:].startswith(" data-label"):
        return mark_safe(cell)
    return mark_safe(f"{cell[:3]}{label}{cell[3:]}")


@register.simple_tag
def labelled_cells(result: Sequence[Any], headers: Sequence[dict[str, Any]]) -> str:
    """A row of Django's list, each cell labelled with its column's header.

    Rows of ``factfile_admin``'s fast lists come as one piece, already
    labelled; they are left as they are.
    """
    if len(result) != len(headers):
        return mark_safe("".join(str(cell) for cell in result))
    return mark_safe(
        "".join(
            labelled(str(cell), data_label(header))
            for cell, header in zip(result, headers, strict=True)
        )
    )
