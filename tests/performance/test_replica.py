"""The public read path on a real streaming replica; the newsroom on the primary.

A throwaway PostgreSQL primary and its replica (``pg_basebackup -R``) run on
their own ports. The app, in its own process, reads the public path from
the replica: it answers there read-only, and a record verified on the
primary appears once the replica has replayed it, not before.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.hardening import servers
from tests.hardening.conftest import collected_static  # noqa: F401

pytestmark = pytest.mark.postgres


def psql(port: int, sql: str, database: str = "factfile") -> str:
    result = subprocess.run(
        [
            *("psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres"),
            *("-d", database, "-Atc", sql),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


@pytest.fixture(scope="module")
def clusters() -> Iterator[tuple[servers.ThrowawayPostgres, servers.ThrowawayPostgres]]:
    """A primary with the schema, and its streaming replica."""
    if not (servers.PG_BIN / "pg_basebackup").exists():
        servers.missing(f"PostgreSQL's server binaries ({servers.PG_BIN})")
    with servers.throwaway_postgres() as primary:
        primary.create_database()
        env = servers.production_env(DATABASE_URL=primary.url())
        servers.manage("migrate", "--noinput", env=env)
        folder = Path(tempfile.mkdtemp(prefix="factfile-replica-"))
        folder.chmod(0o755)
        replica = servers.ThrowawayPostgres(folder / "cluster")
        replica.folder.mkdir()
        if os.geteuid() == 0:
            shutil.chown(replica.folder, "postgres", "postgres")
        try:
            subprocess.run(
                servers._as_postgres(
                    str(servers.PG_BIN / "pg_basebackup"),
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(primary.port),
                    "-U",
                    "postgres",
                    "-D",
                    str(replica.data),
                    "-R",
                    "-X",
                    "stream",
                    # Start at once instead of waiting for a spread checkpoint.
                    "--checkpoint=fast",
                    "--no-sync",
                ),
                check=True,
                capture_output=True,
            )
            replica.start()
            yield primary, replica
        finally:
            replica.stop()
            shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def app(clusters, request) -> Iterator[tuple[str, dict[str, str]]]:  # type: ignore[no-untyped-def]
    primary, replica = clusters
    # The public pages (a record's page) name their collected style sheet.
    static = request.getfixturevalue("collected_static")
    env = servers.production_env(
        DATABASE_URL=primary.url(),
        REPLICA_DATABASE_URL=replica.url(),
        STATIC_ROOT=str(static),
    )
    with servers.app_server(env) as url:
        yield url, env


def get_json(url: str) -> tuple[int, dict]:
    answer = servers.get(url)
    return answer.status, json.loads(answer.body or b"{}")


def wait_until(check, timeout: float = 30) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


VERIFY_ON_PRIMARY = """
from tests import factories, verified as v
reporter = factories.reporter_user(username="replica.reporter")
checker = factories.fact_checker_user(username="replica.checker")
statement = v.statement(reporter, checker, text="{text}")
print(statement.pk)
"""


def verify_on_primary(env: dict[str, str], text: str) -> int:
    """Verify a statement through the workflow, on the primary; return its id."""
    output = servers.manage("shell", "-c", VERIFY_ON_PRIMARY.format(text=text), env=env)
    return int(output.strip().splitlines()[-1])


ROUTING = """
from factfile.routers import public_reads
from factfile.published.models import PublishedRecord
from events.models import Statement
pk = {pk}
from factfile.lookup import search
with public_reads():
    lookup_reads = search.lookup_database().alias
    on_replica = PublishedRecord.objects.filter(record_id=pk, resource="statement")
    replica_sees = on_replica.exists()
    Statement.objects.filter(pk=pk).update(review_comment="")  # a write ...
    after_write = on_replica.exists()  # ... then reads go to the primary
print(
    Statement.objects.filter(pk=pk).exists(),
    replica_sees,
    after_write,
    lookup_reads,
    bool(search.search("verified primary").hits),
)
"""


def test_the_public_path_reads_the_replica_read_only(clusters, app):
    _, replica = clusters
    url, env = app
    assert psql(replica.port, "SELECT pg_is_in_recovery()") == "t"
    pk = verify_on_primary(env, "Replicated words.")
    assert wait_until(
        lambda: servers.get(f"{url}/api/v1/statements/{pk}/").status == 200
    )
    status, page = get_json(f"{url}/api/v1/statements/")
    assert status == 200
    assert page["results"]
    first = page["results"][0]
    for path in (
        f"/api/v1/statements/{first['id']}/",
        f"/api/v1/statements/{first['id']}/citation/",
        "/api/v1/events/",
        "/api/v1/actors/",
        "/api/v1/changes/?after=0",
        "/api/v1/lookup/?q=replicated",
        f"/api/v1/status/?ids=statement:{first['id']}",
        f"/r/statement/{first['id']}/",
    ):
        assert servers.get(f"{url}{path}").status == 200, path


def test_a_record_verified_on_the_primary_appears_once_replayed(clusters, app):
    _, replica = clusters
    url, env = app
    psql(replica.port, "SELECT pg_wal_replay_pause()")
    try:
        pk = verify_on_primary(env, "Verified on the primary.")
        detail = f"{url}/api/v1/statements/{pk}/"
        # The replica has not replayed the verification: the public path,
        # which reads there, does not have it yet; the primary does.
        assert servers.get(detail).status == 404
        assert servers.get(f"{url}/r/statement/{pk}/").status == 404
        (unknown,) = get_json(f"{url}/api/v1/status/?ids=statement:{pk}")[1]["results"]
        assert unknown["state"] == "unknown"
        routed = servers.manage("shell", "-c", ROUTING.format(pk=pk), env=env)
        # The lookup's own queries read the replica too, and the primary
        # after a write.
        assert routed.strip().splitlines()[-1].split() == [
            "True",
            "False",
            "True",
            "replica",
            "True",
        ]
    finally:
        psql(replica.port, "SELECT pg_wal_replay_resume()")
    assert wait_until(lambda: servers.get(detail).status == 200)
    assert servers.get(f"{url}/r/statement/{pk}/").status == 200
    _, record = get_json(detail)
    assert record["text"] == "Verified on the primary."
