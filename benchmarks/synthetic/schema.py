"""The loaded tables on PostgreSQL, and the phases of a load, timed.

The tables are emptied and their foreign keys, unique constraints and
secondary indexes dropped before the rows are written; they are built
again at the end, in the same transaction.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.db import connection, models


class Phases:
    """How long each phase of the load took, said as each ends."""

    def __init__(self, say: Callable[[str], None]) -> None:
        self.say = say
        self.started = self.last = time.monotonic()

    def done(self, what: str) -> None:
        now = time.monotonic()
        self.say(f"{what} in {now - self.last:.1f}s ({now - self.started:.0f}s in all)")
        self.last = now


class PostgresSchema:
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

    def rebuild(self, phase: Phases) -> None:
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
