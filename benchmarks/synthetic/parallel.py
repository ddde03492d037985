"""Chunks of the synthetic fact file written by worker processes.

Each worker writes whole chunks, the next free one at a time, formats
their rows for ``COPY`` and hands them through a pipe to the loading
process, which streams them into its own transaction
(``run_parallel``). The rows are the same whatever the number of workers.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import traceback
from collections.abc import Callable
from typing import Any

from django.db import connection, models

from benchmarks.synthetic import synthesizer as synthetic
from benchmarks.synthetic.sinks import (
    CopyContext,
    CopyRows,
    CopySink,
    create_change_staging,
    move_staged_changes_sql,
    staging_table,
)

# How often a worker reports progress, and the least step shown.
PROGRESS_STATEMENTS = 1_000
STATEMENTS_PER_STEP = 20


class _PipeSink(CopyRows):
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


def run_parallel(
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
        "context": CopyContext(connection.connection),
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
