"""History as an editor reads it: what changed, who did it, in words.

Every version of a record and every change to its parts (aliases, roles,
participants, relations) is told with the field's label and the value as the
form shows it: a choice's label ("Phone call", not ``phone_call``), the name
of the actor a foreign key points to, a date with its precision ("March
2025"), "empty" for no value. Workflow steps read as sentences ("Sent back:
…"). Names of related records are read in one query per related model,
whatever the number of versions shown.
"""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.text import capfirst

from factfile.dates import format_human
from factfile.editorial import Status

if TYPE_CHECKING:
    from factfile.editorial import EditorialRecord

EMPTY = "empty"
ACTIONS = {"+": "added", "~": "changed", "-": "removed"}
# Written by the workflow or the model itself, not in the form, yet worth
# reading: whether a citation still finds its passage, when a merge ran.
DERIVED = ("is_broken", "broken_reason", "merged_at", "reverted_at")
# Shown by the version's own line (its state, who and when), not as changes.
BOOKKEEPING = frozenset(
    {
        "status",
        "version",
        "verified_version",
        "review_comment",
        "created_by",
        "created_at",
        "updated_by",
        "updated_at",
        "verified_by",
        "verified_at",
    }
)
# Past this many characters, a changed text is shown around what changed.
LONG_TEXT = 160
CONTEXT = 50


@dataclass(frozen=True)
class Difference:
    """One field of one version: its label, and the value before and after."""

    label: str
    old: str
    new: str


@dataclass(frozen=True)
class Happening:
    """What a version did, as a sentence: ``what`` by its user, then ``detail``."""

    what: str
    detail: str = ""


@dataclass
class VersionChange:
    """How one version differs from the one before it."""

    happening: Happening
    differences: list[Difference] = field(default_factory=list)


@dataclass
class PartChange:
    """One change to one part of a record, with its field-by-field differences."""

    at: datetime.datetime
    user: Any
    part: str
    action: str
    label: str
    differences: list[Difference] = field(default_factory=list)


# Reading values ----------------------------------------------------------------


class _Names:
    """Names of related records, collected first and read in one query per model."""

    def __init__(self) -> None:
        self._wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
        self._found: dict[type[models.Model], dict[Any, models.Model]] = {}

    def want(self, model: type[models.Model], pk: Any) -> None:
        if pk is not None:
            self._wanted[model].add(pk)

    def read(self) -> None:
        for model, pks in self._wanted.items():
            known = self._found.setdefault(model, {})
            missing = pks.difference(known)
            if not missing:
                continue
            # One level of foreign keys, so that names built from another
            # record (a statement's speaker) need no query of their own.
            related = [f.name for f in instance_relations(model)]
            rows = model._base_manager.filter(pk__in=missing).select_related(*related)
            known.update((row.pk, row) for row in rows)

    def get(self, model: type[models.Model], pk: Any) -> models.Model | None:
        return self._found.get(model, {}).get(pk)

    def name(self, model: type[models.Model], pk: Any) -> str:
        if pk is None:
            return EMPTY
        found = self.get(model, pk)
        if found is None:
            return f"deleted {model._meta.verbose_name} #{pk}"
        return str(found)


class _Fields:
    """The fields of one model that History shows, and how to read them."""

    def __init__(self, model: type[models.Model], historical: Any) -> None:
        opts = model._meta
        names = {f.name for f in opts.concrete_fields}
        tracked = {f.name for f in historical._meta.concrete_fields}
        self.precision: dict[str, str] = {
            f.name: f"{f.name}_precision"
            for f in opts.concrete_fields
            if isinstance(f, models.DateField)
            and not isinstance(f, models.DateTimeField)
            and f"{f.name}_precision" in names
        }
        merged = set(self.precision.values())
        self.fields = [
            f
            for f in opts.concrete_fields
            if f.name in tracked
            and (f.editable or f.name in DERIVED)
            and not f.primary_key
            and f.name not in BOOKKEEPING
            and f.name not in merged
        ]
        m2m_tracked = {f.name for f in getattr(historical, "_history_m2m_fields", [])}
        self.m2m = [f for f in opts.many_to_many if f.name in m2m_tracked]

    def raw(self, row: Any, f: models.Field) -> Any:
        value = getattr(row, f.attname)
        if f.name in self.precision:
            return (value, getattr(row, self.precision[f.name]))
        return value

    def differences(
        self,
        new: Any,
        old: Any,
        members: dict[Any, dict[str, list[Any]]],
    ) -> list[tuple[models.Field, Any, Any]]:
        """(field, old value, new value) of every field that differs."""
        found = []
        for f in self.fields:
            before, after = self.raw(old, f), self.raw(new, f)
            if before != after:
                found.append((f, before, after))
        for f in self.m2m:
            before = members.get(old.history_id, {}).get(f.name, [])
            after = members.get(new.history_id, {}).get(f.name, [])
            if sorted(before) != sorted(after):
                found.append((f, before, after))
        return found

    def want_names(self, f: models.Field, value: Any, names: _Names) -> None:
        if f.many_to_many:
            for pk in value:
                names.want(f.related_model, pk)
        elif f.is_relation:
            names.want(f.related_model, value)

    def show(self, f: models.Field, value: Any, names: _Names) -> str:
        """The value as an editor reads it."""
        if f.many_to_many:
            shown = sorted(names.name(f.related_model, pk) for pk in value)
            return ", ".join(shown) or EMPTY
        if f.is_relation:
            return names.name(f.related_model, value)
        if f.name in self.precision:
            date, precision = value
            return EMPTY if date is None else format_human(date, precision)
        return show_value(f, value)

    def label(self, f: models.Field) -> str:
        return capfirst(str(f.verbose_name))


def show_value(f: models.Field, value: Any) -> str:
    """A plain field's value as the admin shows it; "empty" for no value."""
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if f.flatchoices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def excerpts(old: str, new: str) -> tuple[str, str]:
    """Long texts cut to what changed, with a little context on each side."""
    if len(old) <= LONG_TEXT and len(new) <= LONG_TEXT:
        return old, new
    prefix = 0
    limit = min(len(old), len(new))
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while (
        suffix < limit - prefix
        and old[len(old) - 1 - suffix] == new[len(new) - 1 - suffix]
    ):
        suffix += 1
    start = max(0, prefix - CONTEXT)

    def cut(text: str) -> str:
        end = min(len(text), len(text) - suffix + CONTEXT)
        middle = text[start:end]
        if end - start > 2 * LONG_TEXT:
            middle = middle[:LONG_TEXT] + " … " + middle[-LONG_TEXT // 2 :]
        return f"{'…' if start else ''}{middle}{'…' if end < len(text) else ''}"

    return cut(old), cut(new)


def _shown_differences(
    fields: _Fields, found: list[tuple[models.Field, Any, Any]], names: _Names
) -> list[Difference]:
    shown = []
    for f, before, after in found:
        old, new = fields.show(f, before, names), fields.show(f, after, names)
        if isinstance(before, str) and isinstance(after, str) and before and after:
            old, new = excerpts(old, new)
        shown.append(Difference(fields.label(f), old, new))
    return shown


def _members(rows: Sequence[Any], fields: _Fields) -> dict[Any, dict[str, list[Any]]]:
    """The members of each tracked many-to-many field at each version, by history id."""
    members: dict[Any, dict[str, list[Any]]] = defaultdict(dict)
    if not rows:
        return members
    for f in fields.m2m:
        through = getattr(rows[0], f.name).model
        target = next(
            t.attname
            for t in through._meta.concrete_fields
            if t.is_relation and t.related_model is f.related_model
        )
        for row in rows:
            members[row.history_id][f.name] = []
        for history_id, pk in through._base_manager.filter(
            history_id__in=[row.history_id for row in rows]
        ).values_list("history_id", target):
            members[history_id][f.name].append(pk)
    return members


# Versions of a record -------------------------------------------------------------


def happening(version: Any, before: Any | None) -> Happening:
    """What ``version`` did, told from its state, the state before and its reason."""
    reason = version.history_change_reason or ""
    status = getattr(version, "status", None)
    if version.history_type == "+":
        return Happening("Created", "" if reason == "Created" else reason)
    if version.history_type == "-":
        return Happening("Deleted", reason)
    was = getattr(before, "status", None) if before is not None else status
    if status == was or status is None:
        return Happening(reason or "Changed")
    comment = getattr(version, "review_comment", "")
    if status == Status.IN_REVIEW and was == Status.DRAFT:
        return Happening("Submitted for review")
    if status == Status.IN_REVIEW:
        return Happening("Sent back to review", comment)
    if status == Status.DRAFT and was == Status.IN_REVIEW:
        return Happening("Sent back", comment)
    if status == Status.DRAFT:
        public = getattr(version, "verified_version", None)
        return Happening(
            reason or "Edited",
            f"a pending edit; public version {public} stays public" if public else "",
        )
    if status == Status.VERIFIED and reason.startswith("Corrected: "):
        return Happening("Verified as a correction", reason.removeprefix("Corrected: "))
    if status == Status.VERIFIED:
        return Happening(reason or "Verified")
    if status == Status.RETRACTED:
        what, _, why = reason.partition(": ")
        return Happening(what or "Retracted", why)
    return Happening(reason or "Changed")


def version_changes(
    versions: Sequence[Any], *, older: Any | None = None
) -> list[VersionChange]:
    """How each of ``versions`` (newest first) differs from the one before it.

    ``older`` is the version just before the oldest one given, if any: the
    last row of a page is compared with the first row of the next.
    """
    if not versions:
        return []
    model = versions[0].instance_type
    fields = _Fields(model, type(versions[0]))
    chain = [*versions, *([older] if older is not None else [])]
    members = _members(chain, fields)
    names = _Names()
    found: list[list[tuple[models.Field, Any, Any]]] = []
    for index, version in enumerate(versions):
        before = chain[index + 1] if index + 1 < len(chain) else None
        if before is None or version.history_type == "+":
            found.append([])
            continue
        found.append(fields.differences(version, before, members))
        for f, old, new in found[-1]:
            fields.want_names(f, old, names)
            fields.want_names(f, new, names)
    names.read()
    return [
        VersionChange(
            happening=happening(
                version, chain[index + 1] if index + 1 < len(chain) else None
            ),
            differences=_shown_differences(fields, found[index], names),
        )
        for index, version in enumerate(versions)
    ]


# Parts of a record -------------------------------------------------------------------


def _label(row: Any, fields: _Fields, names: _Names) -> str:
    """The part as its own page names it, its related records read in advance."""
    instance = row.instance
    for f in instance._meta.concrete_fields:
        if f.is_relation and f.related_model is not None:
            related = names.get(f.related_model, getattr(row, f.attname))
            if related is not None:
                setattr(instance, f.name, related)
    try:
        return str(instance)
    except ObjectDoesNotExist:
        # Something it names was deleted since: say which part it was.
        return f"{instance._meta.verbose_name} #{instance.pk}"


def part_changes(record: EditorialRecord, *, limit: int = 200) -> list[PartChange]:
    """The latest changes to the parts of ``record``, newest first."""
    changes: list[PartChange] = []
    for name in record.workflow_parts:
        relation = record._meta.get_field(name)
        model = relation.related_model
        historical = model.history.model  # type: ignore[union-attr]
        rows = list(
            historical.objects.filter(**{relation.field.attname: record.pk})
            .select_related("history_user")
            .order_by("history_date", "history_id")
        )
        fields = _Fields(model, historical)
        members = _members(rows, fields)
        names = _Names()
        for row in rows:
            for f in instance_relations(model):
                names.want(f.related_model, getattr(row, f.attname))
        names.read()
        previous: dict[Any, Any] = {}
        for row in rows:
            before = previous.get(row.id)
            previous[row.id] = row
            differences: list[Difference] = []
            if row.history_type == "~" and before is not None:
                found = fields.differences(row, before, members)
                if not found:
                    continue
                differences = _shown_differences(fields, found, names)
            changes.append(
                PartChange(
                    at=row.history_date,
                    user=row.history_user,
                    part=str(model._meta.verbose_name),
                    action=ACTIONS[row.history_type],
                    label=_label(row, fields, names),
                    differences=differences,
                )
            )
    changes.sort(key=lambda change: change.at, reverse=True)
    return changes[:limit]


def instance_relations(model: type[models.Model]) -> Iterable[models.Field]:
    """The foreign keys of ``model`` that name other records (not users)."""
    return [
        f
        for f in model._meta.concrete_fields
        if f.is_relation
        and f.related_model is not None
        and f.related_model._meta.label != settings.AUTH_USER_MODEL
    ]
