"""Back up a seeded fact file with history; restore it into a fresh database.

Every table, every history row and every public API response of the restored
database are identical to the original's. Runs on SQLite, and on a
throwaway PostgreSQL with pg_dump and pg_restore.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.hardening import servers


def env_for(database_url: str):  # type: ignore[no-untyped-def]
    return servers.production_env(
        DATABASE_URL=database_url,
        ALLOWED_HOSTS="testserver,127.0.0.1",
        FACTFILE_API_KEY_RATE="100000/min",
    )


def snapshot(env) -> dict:  # type: ignore[no-untyped-def]
    result = subprocess.run(
        [sys.executable, "-m", "tests.hardening.snapshot"],
        cwd=servers.ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def seeded_with_history(env) -> None:  # type: ignore[no-untyped-def]
    servers.manage("migrate", "--noinput", env=env)
    servers.manage("seed_factfile", env=env)
    result = subprocess.run(
        [sys.executable, "-m", "tests.hardening.make_history"],
        cwd=servers.ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def assert_identical(original: dict, restored: dict) -> None:
    assert restored["tables"].keys() == original["tables"].keys()
    for table, rows in original["tables"].items():
        assert restored["tables"][table] == rows, table
    history = [name for name in original["tables"] if "historical" in name]
    assert history
    assert sum(len(original["tables"][name]) for name in history) > 100
    assert restored["api"] == original["api"]
    statuses = {answer[0] for answer in original["api"].values()}
    assert statuses == {200, 410}


def round_trip(original_env, fresh_env, backup_file) -> None:  # type: ignore[no-untyped-def]
    seeded_with_history(original_env)
    before = snapshot(original_env)

    output = servers.manage("backup", str(backup_file), env=original_env)
    assert "Backed up to" in output
    servers.manage("restore", str(backup_file), env=fresh_env)

    assert_identical(before, snapshot(fresh_env))


def test_sqlite_backup_restores_into_a_fresh_database_identically(tmp_path):
    round_trip(
        env_for(f"sqlite:///{tmp_path / 'original.sqlite3'}"),
        env_for(f"sqlite:///{tmp_path / 'fresh.sqlite3'}"),
        tmp_path / "factfile.sqlite3.backup",
    )


@pytest.mark.postgres
def test_postgresql_backup_restores_into_a_fresh_database_identically(tmp_path):
    with servers.throwaway_postgres() as database:
        database.create_database("original")
        database.create_database("fresh")
        round_trip(
            env_for(database.url("original")),
            env_for(database.url("fresh")),
            tmp_path / "factfile.dump",
        )


def test_restore_refuses_a_database_that_is_not_empty(tmp_path):
    env = env_for(f"sqlite:///{tmp_path / 'live.sqlite3'}")
    servers.manage("migrate", "--noinput", env=env)
    servers.manage("backup", str(tmp_path / "copy.sqlite3"), env=env)

    result = subprocess.run(
        [sys.executable, "manage.py", "restore", str(tmp_path / "copy.sqlite3")],
        cwd=servers.ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
    assert "not empty" in result.stderr
    servers.manage("restore", "--replace", str(tmp_path / "copy.sqlite3"), env=env)


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    env = env_for(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    junk = tmp_path / "junk.dump"
    junk.write_bytes(b"not a backup at all")

    result = subprocess.run(
        [sys.executable, "manage.py", "restore", str(junk)],
        cwd=servers.ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
    assert "not a backup" in result.stderr
