"""History of the parts of a record: aliases, roles, participants, relations.

Parts are edited with their record and kept in history tables of their own;
this reads them back so that a record's history shows every change to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import datetime

    from factfile.workflow import EditorialRecord

ACTIONS = {"+": "added", "~": "changed", "-": "removed"}


@dataclass
class PartChange:
    """One change to one part of a record, with its field-by-field differences."""

    at: datetime.datetime
    user: Any
    part: str
    action: str
    label: str
    differences: list[tuple[str, Any, Any]] = field(default_factory=list)


def part_changes(record: EditorialRecord, *, limit: int = 200) -> list[PartChange]:
    """The latest changes to the parts of ``record``, newest first."""
    changes: list[PartChange] = []
    for name in record.workflow_parts:
        relation = record._meta.get_field(name)
        historical = relation.related_model.history.model  # type: ignore[union-attr]
        related = [
            f.name
            for f in historical._meta.fields
            if f.is_relation and f.name != "history_user" and f.concrete
        ]
        rows = list(
            historical.objects.filter(**{relation.field.attname: record.pk})
            .select_related("history_user", *related)
            .order_by("history_date", "history_id")
        )
        previous: dict[Any, Any] = {}
        for row in rows:
            before = previous.get(row.id)
            differences = []
            if row.history_type == "~" and before is not None:
                delta = row.diff_against(before)
                differences = [(c.field, c.old, c.new) for c in delta.changes]
            previous[row.id] = row
            if row.history_type == "~" and not differences:
                continue
            changes.append(
                PartChange(
                    at=row.history_date,
                    user=row.history_user,
                    part=str(relation.related_model._meta.verbose_name),
                    action=ACTIONS[row.history_type],
                    label=str(row.instance),
                    differences=differences,
                )
            )
    changes.sort(key=lambda change: change.at, reverse=True)
    return changes[:limit]
