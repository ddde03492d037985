"""The app under load: a fresh PostgreSQL database, its users, gunicorn.

``SETUP`` and ``CHECK`` run in ``manage.py shell`` against that database:
the first makes the users and picks the statements, the second reads the
tokens back from the history.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from benchmarks.commands import free_port, wait_until_listening

ROOT = Path(__file__).resolve().parent.parent


def app_env(database_url: str, static_root: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "REDIS_URL")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "factfile.settings",
            "DATABASE_URL": database_url,
            "DEBUG": "false",
            "SECRET_KEY": "load-test-" + "k7" * 30,
            "ALLOWED_HOSTS": "127.0.0.1",
            # Plain HTTP on loopback; everything else as in production.
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "FACTFILE_REQUIRE_2FA": "false",
            "FACTFILE_API_ANONYMOUS_RATE": "1000000/min",
            "AXES_ENABLED": "false",
            "STATIC_ROOT": static_root,
        }
    )
    return env


SETUP = """
from django.contrib.auth import get_user_model
from events.models import Statement
from factfile.roles import FACT_CHECKER, REPORTER, give_role
User = get_user_model()
for name, role in {users!r}:
    user, _ = User.objects.get_or_create(username=name)
    user.set_password({password!r})
    user.save()
    give_role(user, {{"reporter": REPORTER, "checker": FACT_CHECKER}}[role])
pool = list(
    Statement.objects.verified().order_by("pk").values_list("pk", flat=True)[:{size}]
)
print("POOL", ",".join(map(str, pool)))
"""

CHECK = """
import json, re
from events.models import Statement
token = re.compile(r"\\[edit ([a-z0-9-]+)\\]")
rows = Statement.history.values_list("text", "status")
in_history, verified = set(), set()
for text, status in rows:
    for found in token.findall(text):
        in_history.add(found)
        if status == "verified":
            verified.add(found)
found = {{"history": sorted(in_history), "verified": sorted(verified)}}
print("CHECK", json.dumps(found))
"""


@contextlib.contextmanager
def database(url: str) -> Iterator[str]:
    admin_url, _, _ = url.rpartition("/")
    name = "factfile_load"
    psql = ["psql", f"{admin_url}/postgres", "-qc"]
    subprocess.run([*psql, f"DROP DATABASE IF EXISTS {name}"], check=True)
    subprocess.run([*psql, f"CREATE DATABASE {name}"], check=True)
    try:
        yield f"{admin_url}/{name}"
    finally:
        subprocess.run(
            [*psql, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=False
        )


@contextlib.contextmanager
def gunicorn(env: dict[str, str], workers: int) -> Iterator[str]:
    binary = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    if binary is None:
        raise SystemExit("gunicorn is needed: pip install gunicorn")
    port = free_port()
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [
                binary,
                "factfile.wsgi",
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{port}",
                "--timeout",
                "60",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_listening(port)
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            process.wait(timeout=30)
