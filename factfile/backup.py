"""Back up the fact file's database to one file, and restore it from one.

SQLite is copied with its online backup API, page by page, while the app
keeps running. PostgreSQL is dumped with ``pg_dump`` in its custom format
and restored with ``pg_restore`` in a single transaction, so a restore that
fails leaves the database as it was. A backup holds the schema and every
row: records, their history, the published layer and the users.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"


class BackupError(Exception):
    """A backup or restore could not be made; the message says why."""


def engine_of(alias: str = DEFAULT_DB_ALIAS) -> str:
    vendor = connections[alias].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def kind_of_file(path: Path) -> str:
    """``sqlite`` or ``postgresql``, from the first bytes of a backup file."""
    with path.open("rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PGDUMP_MAGIC):
        return "postgresql"
    raise BackupError(f"{path} is not a backup made by this command.")


def backup(path: Path, *, alias: str = DEFAULT_DB_ALIAS) -> Path:
    """Write a consistent copy of the database to ``path``, atomically."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written beside the target and renamed: a backup file is whole or absent.
    handle, partial = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(handle)
    partial_path = Path(partial)
    try:
        if engine_of(alias) == "sqlite":
            _backup_sqlite(partial_path, alias)
        else:
            _backup_postgresql(partial_path, alias)
        partial_path.replace(path)
    finally:
        partial_path.unlink(missing_ok=True)
    return path


def restore(
    path: Path, *, alias: str = DEFAULT_DB_ALIAS, replace: bool = False
) -> None:
    """Load a backup into the database; one that has tables needs ``replace``."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No backup file at {path}.")
    engine = engine_of(alias)
    kind = kind_of_file(path)
    if kind != engine:
        raise BackupError(
            f"{path} is a {kind} backup; the database is {engine}. Restore it "
            "into a database of the same kind."
        )
    connection = connections[alias]
    if connection.introspection.table_names() and not replace:
        raise BackupError(
            "The database is not empty. Restore into a fresh database, or pass "
            "--replace to overwrite everything in it."
        )
    if engine == "sqlite":
        _restore_sqlite(path, alias)
    else:
        _restore_postgresql(path, alias)
    # Connections opened before the restore may hold cached schema state.
    connection.close()


# SQLite ----------------------------------------------------------------------


def _backup_sqlite(target: Path, alias: str) -> None:
    connection = connections[alias]
    connection.ensure_connection()
    with sqlite3.connect(target) as copy:
        connection.connection.backup(copy)
    _check_sqlite(target)


def _restore_sqlite(source: Path, alias: str) -> None:
    _check_sqlite(source)
    connection = connections[alias]
    connection.ensure_connection()
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as original:
        original.backup(connection.connection)


def _check_sqlite(path: Path) -> None:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as copy:
        (result,) = copy.execute("PRAGMA integrity_check").fetchone()
    if result != "ok":
        raise BackupError(f"The SQLite file {path} is damaged: {result}")


# PostgreSQL ------------------------------------------------------------------


def _pg_arguments(alias: str) -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump and pg_restore, and their environment."""
    settings: dict[str, Any] = connections[alias].settings_dict
    arguments = ["--dbname", settings["NAME"], "--no-password"]
    if settings.get("HOST"):
        arguments += ["--host", str(settings["HOST"])]
    if settings.get("PORT"):
        arguments += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        arguments += ["--username", str(settings["USER"])]
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    options = settings.get("OPTIONS", {})
    if options.get("sslmode"):
        env["PGSSLMODE"] = str(options["sslmode"])
    return arguments, env


def _run(program: str, arguments: list[str], env: dict[str, str]) -> None:
    binary = shutil.which(program)
    if binary is None:
        raise BackupError(f"{program} is not installed (PostgreSQL's client tools).")
    result = subprocess.run(
        [binary, *arguments], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{program} failed: {result.stderr.strip()}")


def _backup_postgresql(target: Path, alias: str) -> None:
    arguments, env = _pg_arguments(alias)
    _run(
        "pg_dump",
        [
            *arguments,
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            "--file",
            str(target),
        ],
        env,
    )
    # Reading the table of contents back proves the file is a whole dump.
    _run("pg_restore", ["--list", str(target)], env)


def _restore_postgresql(source: Path, alias: str) -> None:
    arguments, env = _pg_arguments(alias)
    connections[alias].close()
    _run(
        "pg_restore",
        [
            *arguments,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            str(source),
        ],
        env,
    )
