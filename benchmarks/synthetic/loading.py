"""Load a synthetic fact file fast: COPY on PostgreSQL, batched inserts elsewhere.

On PostgreSQL the tables are truncated, their foreign keys, unique
constraints and secondary indexes dropped, the rows streamed with ``COPY ...
FREEZE`` from a writer thread while the next rows are generated, and the
indexes and constraints built again at the end, all in one transaction: a
failed load leaves the database as it was.
"""

from __future__ import annotations

import json
import multiprocessing
import multiprocessing.connection
import os
import queue
import resource
import struct
import threading
import time
import traceback
from collections import defaultdict
from collections.abc import Callable
from operator import itemgetter
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, models, transaction
from psycopg._copy_base import format_row_binary
from psycopg.adapt import AdaptersMap, Dumper, Transformer
from psycopg.pq import Format

from benchmarks.synthetic import layer as synthetic_layer
from benchmarks.synthetic import synthesizer as synthetic
from factfile.published.models import ChangeEntry, PublishedRecord
from factfile.roles import FACT_CHECKER, REPORTER, give_role

# Bytes of COPY text buffered per table before it is sent.
CHUNK_BYTES = 4 << 20
# How often a worker reports progress, and the least step shown.
PROGRESS_STATEMENTS = 1_000
STATEMENTS_PER_STEP = 20
_JSON_MODELS = {"factfile.PublishedRecord", "factfile.ChangeEntry"}
JSONB_OID = 3802
# What begins and ends a binary COPY stream: the signature, no flags, no
# header extension; a field count of -1.
_COPY_HEADER = b"PGCOPY\n\xff\r\n\x00" + struct.pack("!ii", 0, 0)
_COPY_TRAILER = struct.pack("!h", -1)
# Change entries go through this temporary table on PostgreSQL. Most carry
# the same JSON as a published row: they are sent without it, and take it
# from the published row at the end, so that the document is sent, parsed
# and compressed once instead of twice.
CHANGE_STAGING = "synthetic_change_staging"


class NotEmpty(Exception):
    """The fact file already has records; loading would mix two fact files."""


class _JSONText(Dumper):
    """JSON already encoded, as ``jsonb`` in binary ``COPY``: a version byte, the text.

    Registered by type only: it is chosen for ``jsonb`` columns, which the
    loader only ever fills with text that the synthesizer encoded.
    """

    format = Format.BINARY
    oid = JSONB_OID

    def dump(self, obj: bytes | str) -> bytes:
        return b"\x01" + (obj if type(obj) is bytes else obj.encode())


class _CopyContext:
    """The connection's adapters, with the dumper of JSON text."""

    def __init__(self, raw: Any) -> None:
        self.connection = None
        self.adapters = AdaptersMap(raw.adapters)
        self.adapters.register_dumper(None, _JSONText)


def column_types(tables: list[str]) -> dict[str, dict[str, int]]:
    """The type of every column of ``tables``, by table and column name."""
    types: dict[str, dict[str, int]] = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} LIMIT 0")
            types[table] = {
                column.name: column.type_code for column in cursor.description
            }
    return types


def columns_of(model: type[models.Model]) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields]


class _CopyRows:
    """Rows formatted for binary ``COPY``, per table, handed on a piece at a time.

    Binary, so that text is neither escaped here nor unescaped by the
    server, and times and numbers go as they are stored. Each piece is a
    whole ``COPY`` stream, header to trailer. ``types`` are the column
    types of every table written (``column_types``), read beforehand:
    a worker process never uses the database connection.
    """

    def __init__(
        self,
        *,
        freeze: bool,
        types: dict[str, dict[str, int]],
        context: _CopyContext,
    ) -> None:
        self.freeze = freeze
        self.types = types
        self.context = context
        self.specs: dict[type, tuple[str, Callable[[dict[str, Any]], tuple], Any]] = {}
        self.buffers: dict[type, bytearray] = {}
        # Where change entries are staged: a worker gives each chunk its own
        # table (``staging_table``), moved as soon as the chunk is written.
        self.staging = CHANGE_STAGING

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
        table = model._meta.db_table
        if model is ChangeEntry:
            table, names, values = _staged_changes(names, values)
        quoted = ", ".join(connection.ops.quote_name(name) for name in names)
        options = "FORMAT binary, FREEZE" if self.freeze else "FORMAT binary"
        transformer = Transformer(self.context)
        transformer.set_dumper_types(
            [self.types[table][name] for name in names], Format.BINARY
        )
        # The table is put in when the rows are sent (see ``staging``).
        spec = (
            f"COPY {{table}} ({quoted}) FROM STDIN WITH ({options})",
            values,
            transformer,
        )
        self.specs[model] = spec
        return spec

    def add(self, model: type[models.Model], row: dict[str, Any]) -> None:
        spec = self.specs.get(model) or self._spec(model, row)
        buffer = self.buffers.get(model)
        if buffer is None:
            buffer = self.buffers[model] = bytearray(_COPY_HEADER)
        format_row_binary(spec[1](row), spec[2], buffer)
        if len(buffer) > CHUNK_BYTES:
            self._flush(model)

    def _flush(self, model: type) -> None:
        data = self.buffers.pop(model, None)
        if data:
            data += _COPY_TRAILER
            table = self.staging if model is ChangeEntry else model._meta.db_table
            sql = self.specs[model][0].format(table=connection.ops.quote_name(table))
            self.send(sql, data)

    def flush_all(self) -> None:
        for model in list(self.buffers):
            self._flush(model)

    def send(self, sql: str, data: bytearray) -> None:
        raise NotImplementedError


def _staged_changes(
    names: list[str], values: Callable[[dict[str, Any]], tuple]
) -> tuple[str, list[str], Callable[[dict[str, Any]], tuple]]:
    """The ``COPY`` of change entries into ``CHANGE_STAGING``, JSON left out
    where a published row holds it."""

    def staged(row: dict[str, Any]) -> tuple:
        same_as = row.get(synthetic_layer.SAME_AS)
        if same_as is not None:
            row = {**row, "data": None}
        return (*values(row), same_as)

    return CHANGE_STAGING, [*names, "same_as"], staged


def staging_table(chunk: int) -> str:
    """The table where a worker stages the change entries of one chunk."""
    return f"{CHANGE_STAGING}_{chunk}"


def create_change_staging(cursor: Any, table: str = CHANGE_STAGING) -> None:
    cursor.execute(
        f"CREATE TEMPORARY TABLE {table} "
        f"(LIKE {ChangeEntry._meta.db_table}, same_as bigint) ON COMMIT DROP"
    )


def move_staged_changes_sql(table: str = CHANGE_STAGING) -> str:
    """Write staged change entries, each with its JSON, in their order; drop them.

    The JSON shared with a published row is read from that row by its key,
    one index probe per entry: the published layer may be large and still
    growing, and the staged rows few.
    """
    quote = connection.ops.quote_name
    names = columns_of(ChangeEntry)
    shared = (
        f"(SELECT published.data FROM {PublishedRecord._meta.db_table} AS published"
        " WHERE published.id = staged.same_as)"
    )
    picked = ", ".join(
        f"coalesce(staged.data, {shared})"
        if name == "data"
        else f"staged.{quote(name)}"
        for name in names
    )
    columns = ", ".join(quote(name) for name in names)
    return (
        f"INSERT INTO {ChangeEntry._meta.db_table} ({columns}) "
        f"SELECT {picked} FROM {table} AS staged; DROP TABLE {table}"
    )


class CopySink(_CopyRows):
    """Rows to ``COPY FROM STDIN``, sent by a thread while generation goes on.

    ``send`` also takes rows formatted elsewhere (by the worker processes).
    """

    def __init__(self, *, freeze: bool, types: dict[str, dict[str, int]]) -> None:
        self.raw = connection.connection
        super().__init__(freeze=freeze, types=types, context=_CopyContext(self.raw))
        self.queue: queue.Queue[tuple[str, bytes | bytearray] | None] = queue.Queue(
            maxsize=6
        )
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._write, daemon=True)
        self.thread.start()

    def send(self, sql: str, data: bytes | bytearray | None) -> None:
        if self.error is not None:
            raise self.error
        self.queue.put((sql, data))

    def execute(self, sql: str) -> None:
        """Run ``sql`` after the rows sent so far, in the same transaction."""
        self.send(sql, None)

    def _write(self) -> None:
        with self.raw.cursor() as cursor:
            while (item := self.queue.get()) is not None:
                if self.error is not None:
                    continue
                sql, data = item
                try:
                    if data is None:
                        cursor.execute(sql)
                        continue
                    with cursor.copy(sql) as copy:
                        copy.write(data)
                except BaseException as error:  # handed to the main thread
                    self.error = error

    def close(self) -> None:
        self.flush_all()
        self.queue.put(None)
        self.thread.join()
        if self.error is not None:
            raise self.error

    def close_quietly(self) -> None:
        """Stop the writer thread after a failure elsewhere."""
        self.error = self.error or RuntimeError("the load stopped")
        self.queue.put(None)
        self.thread.join()


class _PipeSink(_CopyRows):
    """A worker's rows, formatted for ``COPY``, to the loading process."""

    def __init__(self, pipe: Any, **options: Any) -> None:
        super().__init__(**options)
        self.pipe = pipe

    def send(self, sql: str, data: bytearray) -> None:
        # The rows themselves go unpickled, as they are.
        self.pipe.send(("copy", sql))
        self.pipe.send_bytes(data)


class _Discard:
    def add(self, model: type[models.Model], row: dict[str, Any]) -> None:
        pass


def _work(
    synthesizer: synthetic.Synthesizer,
    next_chunk: Any,
    pipe: Any,
    **options: Any,
) -> None:
    """A worker process: write chunks, the next one free, until none is left.

    It never touches the database connection it inherited: its rows go to
    the loading process, which streams them into its own transaction.
    """
    try:
        synthesizer.sink = _Discard()
        synthesizer.prepare()
        sink = synthesizer.sink = _PipeSink(pipe, **options)
        while True:
            with next_chunk.get_lock():
                chunk = next_chunk.value
                next_chunk.value += 1
            if chunk >= synthesizer.chunks:
                break
            sink.staging = staging_table(chunk)
            pending = 0
            for statements in synthesizer.run_chunk(chunk):
                pending += statements
                if pending >= PROGRESS_STATEMENTS:
                    pipe.send(("progress", pending))
                    pending = 0
            sink.flush_all()
            pipe.send(("chunk", pending, synthesizer.chunk_result))
        pipe.send(("end",))
    except BaseException:
        pipe.send(("error", traceback.format_exc()))
    finally:
        pipe.close()


def _run_parallel(
    synthesizer: synthetic.Synthesizer,
    *,
    workers: int,
    freeze: bool,
    types: dict[str, dict[str, int]],
    progress: Callable[[int, int], None],
) -> CopySink:
    """Chunks written by ``workers`` processes, streamed by this one."""
    context = multiprocessing.get_context("fork")
    next_chunk = context.Value("i", 0)
    options = {
        "freeze": freeze,
        "types": types,
        "context": _CopyContext(connection.connection),
    }
    with connection.cursor() as cursor:
        for chunk in range(synthesizer.chunks):
            create_change_staging(cursor, staging_table(chunk))
    pipes = []
    processes = []
    # The workers start before the writer thread: a process forked while
    # another thread runs may inherit a lock that thread holds.
    for _ in range(workers):
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(
            target=_work,
            args=(synthesizer, next_chunk, sender),
            kwargs=options,
            daemon=True,
        )
        process.start()
        sender.close()
        pipes.append(receiver)
        processes.append(process)
    sink = CopySink(freeze=freeze, types=types)
    try:
        synthesizer.sink = sink
        synthesizer.prepare()
        # The actors' change entries, staged by this process.
        sink.flush_all()
        sink.execute(move_staged_changes_sql())
        done = shown = 0
        step = max(STATEMENTS_PER_STEP, synthesizer.total // 20)
        while pipes:
            for pipe in multiprocessing.connection.wait(pipes):
                try:
                    message = pipe.recv()
                except EOFError:
                    raise RuntimeError("a worker process stopped") from None
                kind = message[0]
                if kind == "copy":
                    sink.send(message[1], pipe.recv_bytes())
                    continue
                if kind == "end":
                    pipes.remove(pipe)
                    continue
                if kind == "error":
                    raise RuntimeError(f"a worker process failed:\n{message[1]}")
                done += message[1]
                if kind == "chunk":
                    result = message[2]
                    synthesizer.merge(result)
                    # Its rows are all sent: its change entries take their
                    # JSON while the workers write the next chunks.
                    sink.execute(move_staged_changes_sql(staging_table(result.chunk)))
                if done - shown >= step or done == synthesizer.total:
                    shown = done
                    progress(done, synthesizer.total)
        for process in processes:
            process.join()
    except BaseException:
        for process in processes:
            if process.is_alive():
                process.terminate()
            process.join()
        sink.close_quietly()
        raise
    return sink


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


def default_workers() -> int:
    """One worker process per core this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1


def load(
    *,
    statements: int,
    seed: int,
    replace: bool = False,
    workers: int | None = None,
    chunk_statements: int = synthetic.CHUNK_STATEMENTS,
    progress: Callable[[str], None] | None = None,
) -> synthetic.SynthesisReport:
    """Write a synthetic fact file of ``statements`` statements into the database.

    On PostgreSQL, ``workers`` processes (one per core by default) write
    the chunks of statements and this process streams their rows. The rows
    are the same whatever the number of workers.
    """
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
    postgres = connection.vendor == "postgresql"
    workers = default_workers() if workers is None else workers

    def report_progress(done: int, total: int) -> None:
        elapsed = time.monotonic() - started
        left = elapsed / done * (total - done) if done else 0
        say(
            f"statements {done:,}/{total:,} ({done * 100 // total}%), "
            f"{elapsed:.0f}s elapsed, about {left:.0f}s to go"
        )

    phase = _Phases(say)
    models_written = list(synthetic.iter_models())
    with transaction.atomic():
        synthesizer = synthetic.Synthesizer(
            statements=statements,
            seed=seed,
            sink=BatchInsertSink(),
            users=users,
            content_types=content_types,
            progress=report_progress,
            chunk_statements=chunk_statements,
        )
        if postgres:
            schema = _PostgresSchema(models_written)
            schema.truncate()
            schema.drop()
            with connection.cursor() as cursor:
                create_change_staging(cursor)
            types = column_types([*schema.tables, CHANGE_STAGING])
            phase.done("tables emptied, indexes and constraints dropped")
        else:
            for model in reversed(models_written):
                model._base_manager.all()._raw_delete(using=connection.alias)
        parallel = postgres and workers > 1 and synthesizer.chunks > 1
        if parallel:
            say(f"{workers} worker processes, {synthesizer.chunks} chunks")
            sink: CopySink | BatchInsertSink = _run_parallel(
                synthesizer,
                workers=workers,
                freeze=True,
                types=types,
                progress=report_progress,
            )
            report = synthesizer.finish()
        else:
            if postgres:
                sink = synthesizer.sink = CopySink(freeze=True, types=types)
            else:
                sink = synthesizer.sink
            report = synthesizer.run()
        sink.close()
        phase.done(f"rows written ({_cpu_used()})")
        if postgres:
            if not parallel:
                with connection.cursor() as cursor:
                    cursor.execute(move_staged_changes_sql())
                phase.done("change entries given their published JSON")
            schema.rebuild(phase)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models_written):
                cursor.execute(sql)
        phase.done("sequences set")
    phase.done("committed")
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join(schema.quoted)}")
        phase.done("analysed")
    say(f"done in {time.monotonic() - started:.0f}s")
    return report


def _cpu_used() -> str:
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (
        f"CPU: this process {own.ru_utime + own.ru_stime:.0f}s, "
        f"workers {workers.ru_utime + workers.ru_stime:.0f}s"
    )


class _Phases:
    """How long each phase of the load took, said as each ends."""

    def __init__(self, say: Callable[[str], None]) -> None:
        self.say = say
        self.started = self.last = time.monotonic()

    def done(self, what: str) -> None:
        now = time.monotonic()
        self.say(f"{what} in {now - self.last:.1f}s ({now - self.started:.0f}s in all)")
        self.last = now


class _PostgresSchema:
    """The secondary indexes and constraints of the loaded tables, to rebuild."""

    def __init__(self, models_written: list[type[models.Model]]) -> None:
        self.tables = [model._meta.db_table for model in models_written]
        self.constraints: list[tuple[str, str, str, str]] = []
        self.indexes: list[tuple[str, str]] = []

    @property
    def quoted(self) -> list[str]:
        return [connection.ops.quote_name(table) for table in self.tables]

    def truncate(self) -> None:
        names = ", ".join(self.quoted)
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

    def rebuild(self, phase: _Phases) -> None:
        with connection.cursor() as cursor:
            # Sorts in memory; PostgreSQL builds a large B-tree with parallel
            # workers (max_parallel_maintenance_workers) where it can.
            cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
            # The joins that check the foreign keys, hashed in memory.
            cursor.execute("SET LOCAL work_mem = '256MB'")
            for _, definition in self.indexes:
                cursor.execute(definition)
            phase.done(f"{len(self.indexes)} indexes built")
            for kind in ("u", "f"):
                for table, name, constraint_kind, definition in self.constraints:
                    if constraint_kind == kind:
                        cursor.execute(
                            f"ALTER TABLE {table} ADD CONSTRAINT "
                            f"{connection.ops.quote_name(name)} {definition}"
                        )
                phase.done(
                    "unique constraints added"
                    if kind == "u"
                    else "foreign keys added and checked"
                )
