"""History, published layer and lookup index, written from memory as verifying would.

``LayerWriter`` is the plumbing of the synthesizer: ids, the editorial clock,
history rows, change entries, public notes, published rows and lookup
entries. The public representations are built by the models' own code, fed
from ``MemoryContext`` and ``Part`` instead of the database.
"""

from __future__ import annotations

import datetime
import functools
from typing import Any, Protocol

import orjson
from django.db import models

from events.models import (
    Citation,
    Event,
    Statement,
)
from factfile.editorial import PublicNote, Status
from factfile.folding import fold
from factfile.lookup.indexing import KINDS as LOOKUP_KINDS
from factfile.lookup.indexing import entry_text, name_words
from factfile.lookup.models import LookupEntry, LookupName
from factfile.published.models import (
    UNKNOWN_DATE,
    Action,
    ChangeEntry,
    PublishedLink,
    PublishedRecord,
)
from factfile.timestamps import TimestampJSONEncoder

# The key of a change entry's row that names the published row holding the
# same JSON (see ``LayerWriter._log``); not a column.
SAME_AS = "same_as_published"
_EMBEDS = PublishedLink.Relation.EMBEDS.value
EVENT_KINDS = list(Event.Kind.values)
CHANNELS = list(Statement.Channel.values)
RATINGS = list(Statement.Rating.values)
FATES = ("draft", "in_review", "pending", "corrected", "retracted", "verified")
_RESOURCES = {"source", "actor", "statement", "event", "citation"}
_COLUMN_DEFAULTS: dict[str, Any] = {
    "kind": "",
    "channel": "",
    "language": "",
    "date": None,
    "date_precision": "",
    "speaker_id": None,
    "event_id": None,
    "statement_id": None,
    "source_id": None,
    "publisher": "",
    "search_text": "",
}


class Sink(Protocol):
    """Where rows go: a COPY stream on PostgreSQL, batched inserts elsewhere."""

    def add(self, model: type[models.Model], row: dict[str, Any]) -> None: ...


def _json_text(value: dict[str, Any]) -> bytes:
    """A representation as UTF-8 JSON, for the published row and its change entry.

    orjson writes it about ten times faster than the standard library; the
    database keeps the document, not the text (``jsonb``, or JSON decoded
    again by the batch inserts elsewhere), so only the content counts.
    """
    return orjson.dumps(value)


_ENCODER = TimestampJSONEncoder()


def _json_datetime(value: datetime.datetime) -> str:
    """A time as the published JSON stores it."""
    return _ENCODER.default(value)


class MemoryContext:
    """``PublicContext`` fed from memory: what the record embeds, as published."""

    def __init__(self, published: dict[tuple[str, int], dict[str, Any]]) -> None:
        self.published_rows = published
        self.parts_of: dict[type, list[Any]] = {}
        self.about: list[int] = []
        self.citations: list[dict[str, Any]] = []
        self.corrections: list[dict[str, str]] = []

    def read_ahead(self, *keys: tuple[str, int | None]) -> None:
        # Everything is in memory already.
        return None

    def summary(self, resource: str, record_id: int | None, *fields: str) -> Any:
        if record_id is None:
            return None
        embedded: dict[str, Any] = {"type": resource, "id": record_id}
        row = self.published_rows.get((resource, record_id))
        if row is None:
            return embedded
        embedded |= {name: row.get(name) for name in fields}
        if row.get("__retracted__"):
            embedded["retracted"] = True
        return embedded

    def published(self, resource: str, **columns: Any) -> list[dict[str, Any]]:
        # The only records listed by another are its citations; the
        # synthetic fact file has no typed relations between statements.
        return self.citations if resource == "citation" else []

    def parts(self, model: type[models.Model], **filters: Any) -> list[Any]:
        return self.parts_of.get(model, [])

    def related_ids(self, name: str, target: str) -> list[int]:
        return sorted(self.about)

    def verified(self, model: type[models.Model], pk: int | None) -> None:
        # A citation reads its source's verified text only to prefer the
        # exact words there over the passage; here they are the same.
        return None


class Part:
    """A row as history returns it: a part (alias, role, ...) or a record.

    The models' ``public_representation`` and ``public_columns`` read only
    attributes, so they run on these as on model instances, without the
    cost of building one for each of millions of rows.
    """

    def __init__(self, model: type[models.Model] | None = None, **values: Any) -> None:
        self.__dict__.update(values)
        self.model = model
        self.pk = values.get("id")
        if model is not None:
            self._meta = model._meta


def record_from(model: type[models.Model], row: dict[str, Any]) -> Any:
    """A record to build from: a model instance where a property is needed."""
    if model in (Statement, Citation):
        return Part(model, **row)
    names = _field_names(model)
    instance = model(**{name: value for name, value in row.items() if name in names})
    instance.model = model
    return instance


@functools.cache
def _field_names(model: type[models.Model]) -> frozenset[str]:
    return frozenset(field.attname for field in model._meta.concrete_fields)


# Names, titles and publishers come up again and again: folded once each.
_FOLDED: dict[str, str] = {}


def _join_parts(parts: list[str | None]) -> str:
    """``EntryText.fields`` for one field: what the lookup index stores."""
    seen: set[str] = set()
    kept = []
    for part in parts:
        if part:
            folded = _FOLDED.get(part)
            if folded is None:
                folded = fold(part)
                if len(part) < 100 and len(_FOLDED) < 100_000:
                    _FOLDED[part] = folded
            if folded not in seen:
                seen.add(folded)
                kept.append(part)
    return "\n".join(kept)


def _embedded_keys(value: Any, out: list[str]) -> None:
    """``resource:id`` of every record embedded below the top of a representation."""
    kind = type(value)
    if kind is dict:
        resource = value.get("type")
        if resource in _RESOURCES and "id" in value:
            out.append(f"{resource}:{value['id']}")
        for item in value.values():
            if type(item) is dict or type(item) is list:
                _embedded_keys(item, out)
    elif kind is list:
        for item in value:
            if type(item) is dict or type(item) is list:
                _embedded_keys(item, out)


class LayerWriter:
    """Rows of history, the change log, the published layer and the lookup index."""

    def _id(self, name: str) -> int:
        value = self.ids[name] = self.ids.get(name, 0) + 1
        return value

    def _tick(self, seconds: int = 20) -> datetime.datetime:
        self.clock += datetime.timedelta(seconds=seconds)
        return self.clock

    def _add(self, model: type[models.Model], row: dict[str, Any]) -> None:
        self.sink.add(model, row)
        self.counts[model] = self.counts.get(model, 0) + 1

    def _history(
        self,
        model: type[models.Model],
        row: dict[str, Any],
        *,
        at: datetime.datetime,
        reason: str,
        kind: str = "~",
        user: int | None = None,
    ) -> int:
        history_id = self._id(f"history:{model._meta.label}")
        self._add(
            self.history_models[model],
            {
                **row,
                "history_id": history_id,
                "history_date": at,
                "history_change_reason": reason,
                "history_type": kind,
                "history_user_id": user,
            },
        )
        return history_id

    def _editorial(
        self, pk: int, *, at: datetime.datetime, status: str, version: int
    ) -> dict[str, Any]:
        reporter = self.rng.choice(self.users.reporters)
        verified = status == Status.VERIFIED
        return {
            "id": pk,
            "status": status,
            "created_by_id": reporter,
            "updated_by_id": reporter,
            "created_at": at - datetime.timedelta(hours=2),
            "updated_at": at,
            "version": version,
            "verified_version": version if verified else None,
            "verified_by_id": self.rng.choice(self.users.checkers)
            if verified
            else None,
            "verified_at": at if verified else None,
            "review_comment": "",
        }

    def _log(
        self,
        *,
        action: str,
        resource: str,
        record_id: int,
        version: int,
        at: datetime.datetime,
        note: str = "",
        data: str | None = None,
        same_as: int | None = None,
    ) -> int:
        """Write a change entry; return its sequence number.

        ``same_as`` is the id of the published row whose JSON is this
        entry's ``data`` too: a sink may take it from there instead of
        sending and parsing the same document twice.
        """
        seq = self.last_seq = self._id("seq")
        self._add(
            ChangeEntry,
            {
                "seq": seq,
                "at": at,
                "action": action,
                "resource": resource,
                "record_id": record_id,
                "version": version,
                "note": note,
                "data": data,
                SAME_AS: same_as,
            },
        )
        return seq

    def _note(
        self, *, model: type, pk: int, kind: str, version: int, note: str, at: Any
    ) -> None:
        self._add(
            PublicNote,
            {
                "id": self._id("note"),
                "content_type_id": self.content_types[model._meta.model_name],
                "object_id": pk,
                "kind": kind,
                "version": version,
                "note": note,
                "created_by_id": self.users.checkers[0],
                "created_at": at,
            },
        )

    def _built(
        self,
        instance: Any,
        context: MemoryContext,
        *,
        version: int,
        verified_at: datetime.datetime,
        corrections: list[dict[str, str]],
        representation: dict[str, Any] | None = None,
    ) -> tuple[dict[str, Any], dict[str, Any], list[tuple[str, str]]]:
        """``representation.build`` without the database: data, columns and links."""
        model = instance.model
        context.corrections = corrections
        data: dict[str, Any] = {
            "type": model._meta.model_name,
            "id": instance.pk,
            "version": version,
            "verified_at": _json_datetime(verified_at),
            **(representation or model.public_representation(instance, context)),
            "corrections": corrections,
        }
        columns = dict(model.public_columns(instance, data))
        links = [
            (relation, str(value))
            for relation, values in columns.pop("links", {}).items()
            for value in values
            if value not in (None, "")
        ]
        # The rendered styles embed no record (their CSL ``type`` is a CSL
        # item type): walking them would only cost time.
        embedded: list[str] = []
        for key, value in data.items():
            if key != "citation_styles":
                _embedded_keys(value, embedded)
        links += [(_EMBEDS, key) for key in embedded]
        columns["search_text"] = fold(columns.get("search_text", ""))
        columns["sort_date"] = columns.get("date") or UNKNOWN_DATE
        return data, columns, sorted(set(links))

    def _publish(
        self,
        instance: Any,
        context: MemoryContext,
        *,
        version: int,
        at: datetime.datetime,
        representation: dict[str, Any] | None = None,
        correction: tuple[str, int, datetime.datetime, dict[str, Any]] | None = None,
        retraction: tuple[str, datetime.datetime] | None = None,
    ) -> dict[str, Any]:
        """Log and write the published row of a record; return its public JSON.

        ``correction`` is (note, corrected version, when, changed fields): the
        record was first published as it was before the change.
        """
        resource = instance.model._meta.model_name
        published_id = self._id("published")
        data, columns, links = self._built(
            instance,
            context,
            version=version,
            verified_at=at,
            corrections=[],
            representation=representation,
        )
        text = _json_text(data)
        seq = self._log(
            action=Action.PUBLISHED,
            resource=resource,
            record_id=instance.pk,
            version=version,
            at=at,
            data=text,
            # A correction publishes another text; a retraction keeps it.
            same_as=published_id if correction is None else None,
        )
        row: dict[str, Any] = {
            "version": version,
            "seq": seq,
            "data": text,
            "first_published_at": at,
            "changed_at": at,
            "retracted_at": None,
            "retraction_reason": "",
        }
        if correction is not None:
            note, new_version, when, changes = correction
            for name, value in changes.items():
                setattr(instance, name, value)
            data, columns, links = self._built(
                instance,
                context,
                version=new_version,
                verified_at=when,
                corrections=[{"note": note, "date": when.date().isoformat()}],
            )
            text = _json_text(data)
            seq = self._log(
                action=Action.CORRECTED,
                resource=resource,
                record_id=instance.pk,
                version=new_version,
                at=when,
                note=note,
                data=text,
                same_as=published_id,
            )
            row |= {"version": new_version, "seq": seq, "data": text}
            row["changed_at"] = when
        if retraction is not None:
            reason, when = retraction
            seq = self._log(
                action=Action.RETRACTED,
                resource=resource,
                record_id=instance.pk,
                version=row["version"],
                at=when,
                note=reason,
            )
            row |= {
                "seq": seq,
                "changed_at": when,
                "retracted_at": when,
                "retraction_reason": reason,
            }
        self._add(
            PublishedRecord,
            {
                "id": published_id,
                "resource": resource,
                "record_id": instance.pk,
                **row,
                **_COLUMN_DEFAULTS,
                **columns,
            },
        )
        for relation, value in links:
            self._add(
                PublishedLink,
                {
                    "id": self._id("link"),
                    "record_id": published_id,
                    "relation": relation,
                    "value": value,
                },
            )
        # The lookup finds retracted records too, to show them as retracted.
        if resource in LOOKUP_KINDS:
            self._index(published_id, resource, data, columns["sort_date"])
        if retraction is not None:
            data = {**data, "__retracted__": True}
        return data

    def _index(
        self,
        published_id: int,
        resource: str,
        data: dict[str, Any],
        sort_date: datetime.date,
    ) -> None:
        """The lookup entry of a published row, as publishing writes it."""
        text = entry_text(resource, data, self.actor_data)
        self._add(
            LookupEntry,
            {
                "published_id": published_id,
                "kind": resource,
                "sort_date": sort_date,
                "body": _join_parts(text.body),
                "names": _join_parts(text.names),
                "context": _join_parts(text.context),
            },
        )
        if resource == "actor":
            for word in sorted(name_words(data)):
                self._add(
                    LookupName,
                    {
                        "id": self._id("lookup-name"),
                        "entry_id": published_id,
                        "word": word,
                    },
                )
