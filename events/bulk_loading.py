"""Load a synthetic fact file fast: COPY on PostgreSQL, batched inserts elsewhere.

On PostgreSQL the tables are truncated, their foreign keys, unique
constraints and secondary indexes dropped, the rows streamed with ``COPY ...
FREEZE`` from a writer thread while the next rows are generated, and the
indexes and constraints built again at the end, all in one transaction: a
failed load leaves the database as it was.
"""

from __future__ import annotations

import datetime
import json
import queue
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from operator import itemgetter
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, models, transaction
from psycopg.adapt import Transformer

from events import synthetic
from factfile.roles import FACT_CHECKER, REPORTER, give_role

# Bytes of COPY text buffered per table before it is sent.
CHUNK_BYTES = 4 << 20
_JSON_MODELS = {"factfile.PublishedRecord", "factfile.ChangeEntry"}


class NotEmpty(Exception):
    """The fact file already has records; loading would mix two fact files."""


def _copy_text(value: Any) -> str:
    kind = type(value)
    if kind is str:
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            return (
                value.replace("\\", "\\\\")
                .replace("\t", "\\t")
                .replace("\n", "\\n")
                .replace("\r", "\\r")
            )
        return value
    if value is None:
        return "\\N"
    if kind is bool:
        return "t" if value else "f"
    if kind is datetime.datetime or kind is datetime.date:
        return value.isoformat()
    if kind is Decimal or kind is int:
        return str(value)
    # Text choices are str subclasses whose value is plain.
    return _copy_text(str(value))


def _format_row_python(row: tuple, transformer: Any, out: bytearray) -> None:
    out += ("\t".join(map(_copy_text, row)) + "\n").encode()


try:
    # psycopg's own row formatter, in C when its binary package is installed.
    from psycopg._copy_base import format_row_text as _format_row
except ImportError:  # pragma: no cover - a psycopg without it
    _format_row = _format_row_python


def columns_of(model: type[models.Model]) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields]


class CopySink:
    """Rows to ``COPY FROM STDIN``, sent by a thread while generation goes on."""

    def __init__(self, *, freeze: bool) -> None:
        self.raw = connection.connection
        self.freeze = freeze
        self.transformer = Transformer(self.raw)
        self.specs: dict[type, tuple[str, Callable[[dict[str, Any]], tuple]]] = {}
        self.buffers: dict[type, bytearray] = defaultdict(bytearray)
        self.queue: queue.Queue[tuple[str, bytes] | None] = queue.Queue(maxsize=6)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._write, daemon=True)
        self.thread.start()

    def _spec(
        self, model: type[models.Model], row: dict[str, Any]
    ) -> tuple[str, Callable]:
        # Columns the synthesizer does not fill take the field's default,
        # so that a field added to a model does not stop the load.
        present = [name for name in columns_of(model) if name in row]
        fields = {field.attname: field for field in model._meta.concrete_fields}
        missing = [name for name in fields if name not in row]
        constants = tuple(fields[name].get_default() for name in missing)
        pick = itemgetter(*present)

        def values(row: dict[str, Any]) -> tuple:
            return (*pick(row), *constants) if constants else pick(row)

        names = present + missing
        quoted = ", ".join(connection.ops.quote_name(name) for name in names)
        options = " WITH (FREEZE)" if self.freeze else ""
        table = connection.ops.quote_name(model._meta.db_table)
        spec = (f"COPY {table} ({quoted}) FROM STDIN{options}", values)
        self.specs[model] = spec
        return spec

    def add(self, model: type[models.Model], row: dict[str, Any]) -> None:
        spec = self.specs.get(model) or self._spec(model, row)
        buffer = self.buffers[model]
        _format_row(spec[1](row), self.transformer, buffer)
        if len(buffer) > CHUNK_BYTES:
            self._flush(model)

    def _flush(self, model: type) -> None:
        data = self.buffers.pop(model, None)
        if not data:
            return
        if self.error is not None:
            raise self.error
        self.queue.put((self.specs[model][0], bytes(data)))

    def _write(self) -> None:
        with self.raw.cursor() as cursor:
            while (item := self.queue.get()) is not None:
                if self.error is not None:
                    continue
                sql, data = item
                try:
                    with cursor.copy(sql) as copy:
                        copy.write(data)
                except BaseException as error:  # handed to the main thread
                    self.error = error

    def close(self) -> None:
        for model in list(self.buffers):
            self._flush(model)
        self.queue.put(None)
        self.thread.join()
        if self.error is not None:
            raise self.error


class BatchInsertSink:
    """Rows to ``bulk_create`` in batches, for databases without COPY."""

    def __init__(self, batch_size: int = 500) -> None:
        self.batch_size = batch_size
        self.rows: dict[type, list[dict[str, Any]]] = defaultdict(list)

    def add(self, model: type[models.Model], row: dict[str, Any]) -> None:
        rows = self.rows[model]
        rows.append(row)
        if len(rows) >= self.batch_size:
            self._flush(model)

    def _flush(self, model: type[models.Model]) -> None:
        rows = self.rows.pop(model, [])
        names = columns_of(model)
        decode = model._meta.label in _JSON_MODELS
        objects = []
        for row in rows:
            values = {name: row[name] for name in names if name in row}
            if decode and values["data"] is not None:
                values["data"] = json.loads(values["data"])
            objects.append(model(**values))
        model._base_manager.bulk_create(objects, batch_size=self.batch_size)

    def close(self) -> None:
        for model in list(self.rows):
            self._flush(model)


def synthetic_users() -> synthetic.Users:
    """Three reporters and three fact-checkers who own the synthetic records."""
    user_model = get_user_model()
    ids: dict[str, list[int]] = {REPORTER: [], FACT_CHECKER: []}
    for role, stem in ((REPORTER, "reporter"), (FACT_CHECKER, "checker")):
        for number in range(1, 4):
            user, created = user_model.objects.get_or_create(
                username=f"synthetic.{stem}{number}",
                defaults={"email": f"synthetic.{stem}{number}@newsroom.example"},
            )
            if created:
                user.set_unusable_password()
                user.save()
                give_role(user, role)
            ids[role].append(user.pk)
    return synthetic.Users(reporters=ids[REPORTER], checkers=ids[FACT_CHECKER])


def _is_empty() -> bool:
    return not any(
        model._base_manager.exists()
        for model in synthetic.iter_models()
        if not model._meta.label.startswith("events.Historical")
    )


def load(
    *,
    statements: int,
    seed: int,
    replace: bool = False,
    progress: Callable[[str], None] | None = None,
) -> synthetic.SynthesisReport:
    """Write a synthetic fact file of ``statements`` statements into the database."""
    say = progress or (lambda line: None)
    if not replace and not _is_empty():
        raise NotEmpty(
            "The fact file already has records: load into an empty database, "
            "or pass --replace to delete them first."
        )
    users = synthetic_users()
    content_types = {
        model._meta.model_name: ContentType.objects.get_for_model(model).pk
        for model in synthetic.iter_models()
        if model._meta.app_label in {"events", "sources"}
    }
    started = time.monotonic()

    def report_progress(done: int, total: int) -> None:
        elapsed = time.monotonic() - started
        left = elapsed / done * (total - done) if done else 0
        say(
            f"statements {done:,}/{total:,} ({done * 100 // total}%), "
            f"{elapsed:.0f}s elapsed, about {left:.0f}s to go"
        )

    models_written = list(synthetic.iter_models())
    with transaction.atomic():
        if connection.vendor == "postgresql":
            schema = _PostgresSchema(models_written)
            schema.truncate()
            schema.drop()
            sink: CopySink | BatchInsertSink = CopySink(freeze=True)
        else:
            for model in reversed(models_written):
                model._base_manager.all()._raw_delete(using=connection.alias)
            sink = BatchInsertSink()
        synthesizer = synthetic.Synthesizer(
            statements=statements,
            seed=seed,
            sink=sink,
            users=users,
            content_types=content_types,
            progress=report_progress,
        )
        report = synthesizer.run()
        sink.close()
        say(f"rows written in {time.monotonic() - started:.0f}s")
        if connection.vendor == "postgresql":
            schema.rebuild(say)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models_written):
                cursor.execute(sql)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    say(f"done in {time.monotonic() - started:.0f}s")
    return report


class _PostgresSchema:
    """The secondary indexes and constraints of the loaded tables, to rebuild."""

    def __init__(self, models_written: list[type[models.Model]]) -> None:
        self.tables = [model._meta.db_table for model in models_written]
        self.constraints: list[tuple[str, str, str, str]] = []
        self.indexes: list[tuple[str, str]] = []

    def truncate(self) -> None:
        names = ", ".join(connection.ops.quote_name(table) for table in self.tables)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 'lz4' = ANY(enumvals) FROM pg_settings "
                "WHERE name = 'default_toast_compression'"
            )
            if cursor.fetchone()[0]:
                # The published JSON is large: lz4 compresses it several
                # times faster than the default pglz, for this load only.
                cursor.execute("SET LOCAL default_toast_compression = 'lz4'")
            # CASCADE also empties what refers to these records (importer
            # records of sources): only reached on an empty fact file or
            # with --replace.
            cursor.execute(f"TRUNCATE {names} CASCADE")

    def drop(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT conrelid::regclass::text, conname, contype,
                       pg_get_constraintdef(oid)
                FROM pg_constraint
                WHERE conrelid = ANY(%s::regclass[]) AND contype IN ('f', 'u')
                ORDER BY contype, conname
                """,
                [self.tables],
            )
            self.constraints = cursor.fetchall()
            cursor.execute(
                """
                SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid)
                FROM pg_index
                WHERE indrelid = ANY(%s::regclass[]) AND NOT indisprimary
                  AND NOT EXISTS (
                    SELECT 1 FROM pg_constraint WHERE conindid = indexrelid
                  )
                ORDER BY 1
                """,
                [self.tables],
            )
            self.indexes = cursor.fetchall()
            # Foreign keys first ('f' sorts before 'u'): unique indexes may
            # back them.
            for table, name, _, _ in self.constraints:
                cursor.execute(
                    f"ALTER TABLE {table} DROP CONSTRAINT "
                    f"{connection.ops.quote_name(name)}"
                )
            for index, _ in self.indexes:
                cursor.execute(f"DROP INDEX {index}")

    def rebuild(self, say: Callable[[str], None]) -> None:
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            for _, definition in self.indexes:
                cursor.execute(definition)
            say(f"indexes built in {time.monotonic() - started:.0f}s")
            for kind in ("u", "f"):
                for table, name, constraint_kind, definition in self.constraints:
                    if constraint_kind == kind:
                        cursor.execute(
                            f"ALTER TABLE {table} ADD CONSTRAINT "
                            f"{connection.ops.quote_name(name)} {definition}"
                        )
        say(f"indexes and constraints rebuilt in {time.monotonic() - started:.0f}s")
