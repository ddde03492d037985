"""The benchmark databases: one per archive size, generated once, warmed, counted."""

from __future__ import annotations

import subprocess
import sys
import time

from benchmarks.commands import manage
from benchmarks.serving import ROOT, app_env

SEED = 1


def label(size: int) -> str:
    if size % 1_000_000 == 0:
        return f"{size // 1_000_000}m"
    if size % 1_000 == 0:
        return f"{size // 1_000}k"
    return str(size)


def create_database(base_url: str, name: str) -> str:
    """The URL of the database ``name`` on the server ``base_url``, made if missing."""
    import psycopg

    with psycopg.connect(f"{base_url}/postgres", autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    return f"{base_url}/{name}"


def ensure_database(
    base_url: str, size: int, regenerate: bool, generate: bool = True
) -> tuple[str, float]:
    """The database of one size, generated if needed; the generation time or 0.

    Without ``generate``, a database that does not hold the size is an error.
    """
    import psycopg

    name = f"factfile_bench_{label(size)}"
    url = create_database(base_url, name)
    env = app_env(url, DJANGO_SETTINGS_MODULE="factfile.settings")
    manage("migrate", "--noinput", env=env, timeout=7200)
    with psycopg.connect(url) as conn:
        count = conn.execute("SELECT count(*) FROM events_statement").fetchone()[0]
    if count == size and not regenerate:
        print(f"[{label(size)}] database {name} already holds {size:,} statements")
        return url, 0.0
    if not generate:
        # Measured as it is: an import measured on it may have added a few.
        if count >= size:
            print(f"[{label(size)}] database {name} holds {count:,} statements")
            return url, 0.0
        raise SystemExit(f"{name} holds {count:,} statements, not {size:,}")
    print(f"[{label(size)}] generating {size:,} statements into {name}")
    started = time.monotonic()
    process = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "generate_synthetic",
            "--statements",
            str(size),
            "--seed",
            str(SEED),
            "--replace",
        ],
        cwd=ROOT,
        env=env,
    )
    if process.wait() != 0:
        raise RuntimeError("generate_synthetic failed")
    return url, time.monotonic() - started


# The tables the public cases read, with their indexes and TOAST tables.
WARMED = (
    "factfile_publishedrecord",
    "factfile_publishedlink",
    "lookup_lookupentry",
    "lookup_lookupname",
)


def warm_cache(url: str) -> None:
    """Read the tables the public cases use into the system's file cache.

    A server that has run for a while has them there; a database just
    generated or restored has only what was written last, and the first
    cases measured would wait on the disk instead (at 1M the published
    layer alone is 7 GB, of which the baseline and lookup read pages all
    over). ``pg_prewarm`` reads each file once; without the extension the
    cases are measured as the cache is, and a line says so.
    """
    import psycopg

    started = time.monotonic()
    with psycopg.connect(url, autocommit=True) as conn:
        try:
            conn.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
        except psycopg.Error as error:
            print(f"cache not warmed (pg_prewarm unavailable: {error})".strip())
            return
        relations = conn.execute(
            "SELECT c.oid::regclass::text FROM pg_class c "
            "WHERE c.relname = ANY(%(tables)s) "
            "UNION SELECT i.indexrelid::regclass::text FROM pg_index i "
            "JOIN pg_class t ON t.oid = i.indrelid WHERE t.relname = ANY(%(tables)s) "
            "UNION SELECT t.reltoastrelid::regclass::text FROM pg_class t "
            "WHERE t.relname = ANY(%(tables)s) AND t.reltoastrelid <> 0",
            {"tables": list(WARMED)},
        ).fetchall()
        blocks = 0
        for (relation,) in relations:
            blocks += conn.execute(
                "SELECT pg_prewarm(%s::regclass, 'read')", [relation]
            ).fetchone()[0]
    seconds = time.monotonic() - started
    print(f"read {blocks * 8 // 1024:,} MB into the file cache in {seconds:.0f} s")


def postgres_version(url: str) -> str:
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute("SHOW server_version").fetchone()[0]


def counts(url: str) -> dict[str, int]:
    import psycopg

    tables = {
        "statements": "events_statement",
        "actors": "events_actor",
        "sources": "sources_source",
        "events": "events_event",
        "citations": "events_citation",
        "published rows": "factfile_publishedrecord",
        "change entries": "factfile_changeentry",
    }
    with psycopg.connect(url) as conn:
        return {
            name: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for name, table in tables.items()
        }
