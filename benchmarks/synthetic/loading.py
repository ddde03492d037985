"""Load a synthetic fact file fast: COPY on PostgreSQL, batched inserts elsewhere.

On PostgreSQL the tables are truncated, their foreign keys, unique
constraints and secondary indexes dropped, the rows streamed with ``COPY ...
FREEZE`` from a writer thread while the next rows are generated, and the
indexes and constraints built again at the end, all in one transaction: a
failed load leaves the database as it was.

The rows go through a sink (``sinks``); on PostgreSQL with several cores,
worker processes write the chunks (``parallel``); the tables are emptied
and rebuilt by ``schema``.
"""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction

from benchmarks.synthetic import synthesizer as synthetic
from benchmarks.synthetic.parallel import run_parallel
from benchmarks.synthetic.schema import Phases, PostgresSchema
from benchmarks.synthetic.sinks import (
    CHANGE_STAGING,
    BatchInsertSink,
    CopySink,
    column_types,
    create_change_staging,
    move_staged_changes_sql,
)
from factfile.roles import FACT_CHECKER, REPORTER, give_role


class NotEmpty(Exception):
    """The fact file already has records; loading would mix two fact files."""


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

    phase = Phases(say)
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
            schema = PostgresSchema(models_written)
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
            sink: CopySink | BatchInsertSink = run_parallel(
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
