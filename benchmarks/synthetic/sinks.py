"""Where the synthesizer's rows go: COPY on PostgreSQL, batched inserts elsewhere.

``CopySink`` streams the rows with ``COPY ... FREEZE`` from a writer
thread while the next rows are generated. Change entries go through a
staging table and take the JSON they share with a published row at the
end (``move_staged_changes_sql``). ``BatchInsertSink`` is for databases
without COPY.
"""

from __future__ import annotations

import json
import queue
import struct
import threading
from collections import defaultdict
from collections.abc import Callable
from operator import itemgetter
from typing import Any

from django.db import connection, models
from psycopg._copy_base import format_row_binary
from psycopg.adapt import AdaptersMap, Dumper, Transformer
from psycopg.pq import Format

from benchmarks.synthetic import layer as synthetic_layer
from factfile.published.models import ChangeEntry, PublishedRecord

# Bytes of COPY text buffered per table before it is sent.
CHUNK_BYTES = 4 << 20
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


class _JSONText(Dumper):
    """JSON already encoded, as ``jsonb`` in binary ``COPY``: a version byte, the text.

    Registered by type only: it is chosen for ``jsonb`` columns, which the
    loader only ever fills with text that the synthesizer encoded.
    """

    format = Format.BINARY
    oid = JSONB_OID

    def dump(self, obj: bytes | str) -> bytes:
        return b"\x01" + (obj if type(obj) is bytes else obj.encode())


class CopyContext:
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


class CopyRows:
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
        context: CopyContext,
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


class CopySink(CopyRows):
    """Rows to ``COPY FROM STDIN``, sent by a thread while generation goes on.

    ``send`` also takes rows formatted elsewhere (by the worker processes).
    """

    def __init__(self, *, freeze: bool, types: dict[str, dict[str, int]]) -> None:
        self.raw = connection.connection
        super().__init__(freeze=freeze, types=types, context=CopyContext(self.raw))
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


class _PipeSink(CopyRows):
    """A worker's rows, formatted for ``COPY``, to the loading process."""

    def __init__(self, pipe: Any, **options: Any) -> None:
        super().__init__(**options)
        self.pipe = pipe

    def send(self, sql: str, data: bytearray) -> None:
        # The rows themselves go unpickled, as they are.
        self.pipe.send(("copy", sql))
        self.pipe.send_bytes(data)


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
