"""Benchmark the app under gunicorn at several archive sizes.

    python -m benchmarks.run --sizes 10000,100000 [--duration 10] [--connections 4]
    python -m benchmarks.run --sizes 1000000 --cases baseline,lookup

For each size: a PostgreSQL database of its own (``factfile_bench_<size>``)
filled by ``generate_synthetic`` unless it already holds that many
statements; the app under gunicorn on 127.0.0.1; each case driven by
Debian's ``wrk`` for a fixed time with a fixed number of connections; the
verify action driven one request at a time. Everything started is stopped
at the end. Results go to ``benchmarks/results/<size>.json``; the report
(``docs/benchmarks.md`` and ``docs/benchmarks.png``) is written from every
result there, so sizes can be measured in separate runs. With ``--cases``,
only the public cases whose names start with one of the given words are
measured, on a database that must already hold the size (it is never
generated then), and their figures replace those of the size's last full
run, which keeps a note of when and under what load they were taken.
"""

from __future__ import annotations

import argparse
import contextlib
import http.cookiejar
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks.commands import free_port, manage, wait_until_listening

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
VENV_BIN = Path(sys.executable).parent
SEED = 1
DRAIN_SECONDS = 8

LUA = """
local paths = {%(paths)s}
local counter = 0
wrk.method = "GET"
%(headers)s
request = function()
  counter = counter + 1
  return wrk.format(nil, paths[(counter %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p95_us": %%d, '
    .. '"p99_us": %%d, "socket_errors": %%d, "non_2xx": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(50),
    latency:percentile(95), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status))
end
"""


def label(size: int) -> str:
    if size % 1_000_000 == 0:
        return f"{size // 1_000_000}m"
    if size % 1_000 == 0:
        return f"{size // 1_000}k"
    return str(size)


# Production pages (the admin is measured) need their collected files.
STATIC_ROOT = ROOT / "var" / "benchmark-static"


def app_env(database_url: str, **extra: str) -> dict[str, str]:
    """A production-like environment on loopback (no TLS), with the bench URLs."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "REPLICA_DATABASE_URL"}
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": "benchmark-" + "k7" * 30,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "FACTFILE_REQUIRE_2FA": "false",
        # The load generator is one client: rate limits would measure 429s.
        "FACTFILE_API_ANONYMOUS_RATE": "100000000/min",
        "FACTFILE_RESPONSE_CACHE_SECONDS": "0",
        "GUNICORN_ACCESS_LOG": "",
        "GUNICORN_MAX_REQUESTS": "0",
        "PYTHONPATH": str(ROOT),
        "STATIC_ROOT": str(STATIC_ROOT),
    }
    env |= extra
    return env


def collect_static() -> None:
    """Gather the static files as a release does, once for every size."""
    manage("collectstatic", "--noinput", "--clear", env=app_env("sqlite://:memory:"))


def ensure_database(
    base_url: str, size: int, regenerate: bool, generate: bool = True
) -> tuple[str, float]:
    """The database of one size, generated if needed; the generation time or 0.

    Without ``generate``, a database that does not hold the size is an error.
    """
    import psycopg

    name = f"factfile_bench_{label(size)}"
    with psycopg.connect(f"{base_url}/postgres", autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    url = f"{base_url}/{name}"
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


@contextlib.contextmanager
def gunicorn(env: dict[str, str]) -> Iterator[tuple[str, int]]:
    port = free_port()
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed with the server
    process = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "-c", "gunicorn.conf.py", "factfile.wsgi"],
        cwd=ROOT,
        env=env | {"GUNICORN_BIND": f"127.0.0.1:{port}"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_listening(port)
        yield f"http://127.0.0.1:{port}", process.pid
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@contextlib.contextmanager
def redis_server() -> Iterator[str | None]:
    if shutil.which("redis-server") is None:
        yield None
        return
    port = free_port()
    folder = tempfile.mkdtemp(prefix="factfile-bench-redis-")
    process = subprocess.Popen(
        [
            *("redis-server", "--port", str(port), "--bind", "127.0.0.1"),
            *("--save", "", "--appendonly", "no", "--dir", folder),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_listening(port)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


def worker_rss_mb(master: int) -> list[float]:
    children = subprocess.run(
        ["pgrep", "-P", str(master)], capture_output=True, text=True, check=False
    ).stdout.split()
    sizes = []
    for pid in children:
        with contextlib.suppress(OSError):
            status = Path(f"/proc/{pid}/status").read_text()
            match = re.search(r"VmRSS:\s+(\d+) kB", status)
            if match:
                sizes.append(int(match[1]) / 1024)
    return sizes


def wrk(
    base: str,
    paths: list[str],
    *,
    duration: int,
    connections: int,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    quoted = ", ".join(json.dumps(path) for path in paths)
    header_lines = "\n".join(
        f"wrk.headers[{json.dumps(k)}] = {json.dumps(v)}"
        for k, v in (headers or {}).items()
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA % {"paths": quoted, "headers": header_lines})
    try:
        # A short warm-up fills the database's and the workers' caches.
        subprocess.run(
            ["wrk", "-t1", f"-c{connections}", "-d2s", "-s", script.name, base],
            capture_output=True,
            check=True,
            timeout=60,
        )
        output = subprocess.run(
            [
                *("wrk", "-t1", f"-c{connections}", f"-d{duration}s"),
                *("--timeout", "10s", "-s", script.name, base),
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=duration + 60,
        ).stdout
    finally:
        os.unlink(script.name)
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    raw = json.loads(line.removeprefix("RESULT "))
    seconds = raw["duration_us"] / 1e6
    return {
        "rps": round(raw["requests"] / seconds, 1),
        "p50_ms": round(raw["p50_us"] / 1000, 2),
        "p95_ms": round(raw["p95_us"] / 1000, 2),
        "p99_ms": round(raw["p99_us"] / 1000, 2),
        "requests": raw["requests"],
        "errors": raw["socket_errors"],
        "non_2xx": raw["non_2xx"],
    }


# What to ask for -----------------------------------------------------------


def sample(url: str) -> dict[str, Any]:
    """Ids, a busy speaker, feed positions and lookup queries from the data."""
    import psycopg

    with psycopg.connect(url) as conn:

        def rows(sql: str, *params: Any) -> list[tuple]:
            return conn.execute(sql, params).fetchall()

        live = "resource = 'statement' AND retracted_at IS NULL"
        ids = [
            r[0]
            for r in rows(
                f"SELECT record_id FROM factfile_publishedrecord WHERE {live} "
                "ORDER BY md5(record_id::text) LIMIT 200"
            )
        ]
        speaker = rows(
            f"SELECT speaker_id FROM factfile_publishedrecord WHERE {live} "
            "GROUP BY speaker_id ORDER BY count(*) DESC, speaker_id LIMIT 1"
        )[0][0]
        last = rows("SELECT coalesce(max(seq), 0) FROM factfile_changeentry")[0][0]
        texts = [
            r[0]
            for r in rows(
                "SELECT text FROM events_statement ORDER BY md5(id::text) LIMIT 3000"
            )
        ]
        names = [r[0] for r in rows("SELECT name FROM events_actor ORDER BY id")]
        in_review = [
            r[0]
            for r in rows(
                "SELECT id FROM events_statement WHERE status = 'in_review' "
                "AND verified_version IS NULL ORDER BY id LIMIT 30"
            )
        ]
        admin_ids = [
            r[0] for r in rows("SELECT id FROM events_statement ORDER BY id LIMIT 50")
        ]
    step = max(1, last // 200)
    return {
        "ids": ids,
        "speaker": speaker,
        "after": list(range(0, max(1, last - 50), step))[:200],
        "queries": lookup_queries(texts, names),
        "in_review": in_review,
        "admin_ids": admin_ids,
    }


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def lookup_queries(texts: list[str], names: list[str]) -> list[str]:
    """Fifty queries: common and rare words, names with and without accents,
    misspelt names and quoted phrases."""
    words = Counter(
        word.strip(".“”,").lower() for text in texts for word in text.split()
    )
    ranked = [word for word, _ in words.most_common() if len(word) > 3]
    common = ranked[:10]
    rare = [word for word, count in words.items() if count == 1 and len(word) > 5]
    rare = sorted(rare)[:: max(1, len(rare) // 10)][:10]
    # People's family names: states and councils share their last words.
    families = list(
        dict.fromkeys(
            name.split()[-1]
            for name in names
            if not name.startswith("Republic") and not name.endswith("Council")
        )
    )
    accented = [name for name in families if not name.isascii()][:10]
    plain = [_plain(name) for name in accented[:5]]
    misspelt = []
    for name in families:
        if len(name) >= 6 and len(misspelt) < 10:
            middle = len(name) // 2
            misspelt.append(name[:middle] + name[middle + 1 :])
    phrases = [
        '"' + " ".join(text.split()[1:4]).strip(".“”,") + '"' for text in texts[:5]
    ]
    queries = common + rare + accented + plain + misspelt + phrases
    filler = iter(ranked[10:])
    while len(queries) < 50:
        queries.append(next(filler))
    return queries[:50]


def session_cookie(env: dict[str, str]) -> str:
    """A logged-in fact-checker's session, made directly in the session store."""
    code = (
        "from django.contrib.auth import get_user_model, BACKEND_SESSION_KEY, "
        "HASH_SESSION_KEY, SESSION_KEY\n"
        "from django.contrib.sessions.backends.db import SessionStore\n"
        "user = get_user_model().objects.get(username='synthetic.checker1')\n"
        "s = SessionStore()\n"
        "s[SESSION_KEY] = str(user.pk)\n"
        "s[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend'\n"
        "s[HASH_SESSION_KEY] = user.get_session_auth_hash()\n"
        "s.create()\n"
        "print(s.session_key)\n"
    )
    return manage("shell", "-c", code, env=env).split()[-1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def verify_action(base: str, session: str, ids: list[int]) -> dict[str, Any] | None:
    """Verify statements in review one at a time through the admin button."""
    if not ids:
        return None
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(jar), _NoRedirect()
    )
    cookie = f"sessionid={session}"
    page = urllib.request.Request(
        f"{base}/admin/events/statement/{ids[0]}/change/", headers={"Cookie": cookie}
    )
    opener.open(page).read()
    csrf = next((c.value for c in jar if c.name == "csrftoken"), "")
    timings = []
    for pk in ids:
        request = urllib.request.Request(
            f"{base}/admin/events/statement/{pk}/workflow/verify/",
            data=b"",
            headers={
                "Cookie": f"{cookie}; csrftoken={csrf}",
                "X-CSRFToken": csrf,
                "Referer": base + "/admin/",
            },
            method="POST",
        )
        started = time.monotonic()
        try:
            opener.open(request).read()
        except urllib.error.HTTPError as answer:
            if answer.code != 302:
                raise
        timings.append((time.monotonic() - started) * 1000)
    timings.sort()

    def pct(p: float) -> float:
        return round(timings[min(len(timings) - 1, int(p * len(timings)))], 2)

    return {
        "rps": round(1000 / statistics.mean(timings), 1),
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "requests": len(timings),
        "errors": 0,
        "non_2xx": 0,
        "sequential": True,
    }


# Running -------------------------------------------------------------------


def machine() -> dict[str, Any]:
    cpu = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    with contextlib.suppress(OSError):
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kb / 1024 / 1024:.1f} GiB"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
    }


def postgres_version(url: str) -> str:
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute("SHOW server_version").fetchone()[0]


def editor_case(case: str, env: dict[str, str]) -> dict[str, Any]:
    """One case of ``benchmarks.editor_cases``, run with the app's environment."""
    output = subprocess.run(
        [sys.executable, "-m", "benchmarks.editor_cases", case],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))


def chosen(names: list[str], cases: list[str]) -> list[str]:
    """The case names that start with one of ``cases`` (all if none given)."""
    if not cases:
        return names
    return [name for name in names if any(name.startswith(c) for c in cases)]


def run_size(size: int, args: argparse.Namespace) -> dict[str, Any]:
    cases_asked = [c.strip() for c in args.cases.split(",") if c.strip()]
    url, generated = ensure_database(
        args.database, size, args.regenerate, generate=not cases_asked
    )
    warm_cache(url)
    data = sample(url)
    env = app_env(url)
    session = session_cookie(env)
    if cases_asked:
        # Only the cases named, on the database as it is: no desk article.
        result = measure_size(
            size, url, generated, data, env, session, None, args, cases_asked
        )
        result["counts"] = counts(url)
        return result
    # An imported article with about fifty suggestions, for the desk; it is
    # removed again below, so that the database keeps its statement count.
    desk = editor_case("desk", env)
    try:
        result = measure_size(
            size, url, generated, data, env, session, desk, args, cases_asked
        )
    finally:
        editor_case("desk-remove", env)
    # The fact file as generated, without the desk's article.
    result["counts"] = counts(url)
    return result


def measure_size(
    size: int,
    url: str,
    generated: float,
    data: dict[str, Any],
    env: dict[str, str],
    session: str,
    desk: dict[str, Any] | None,
    args: argparse.Namespace,
    cases_asked: list[str],
) -> dict[str, Any]:
    cases: dict[str, Any] = {}
    load_before = os.getloadavg()
    options = {"duration": args.duration, "connections": args.connections}
    ids = data["ids"]
    lookup = [
        "/api/v1/lookup/?" + urllib.parse.urlencode({"q": query})
        for query in data["queries"]
    ]
    public = {
        "baseline (raw SQL)": ["/bench/baseline/statements/"],
        "statement list": ["/api/v1/statements/"],
        "filtered list": [
            f"/api/v1/statements/?speaker={data['speaker']}"
            "&said_after=2017-01-01&said_before=2022-12-31"
        ],
        "detail": [f"/api/v1/statements/{pk}/" for pk in ids],
        "citation": [f"/api/v1/statements/{pk}/citation/" for pk in ids],
        "change feed page": [f"/api/v1/changes/?after={seq}" for seq in data["after"]],
        "lookup": lookup,
        # The same set split: the ten most common words, and everything else.
        "lookup, common words": lookup[:10],
        "lookup, rare words, names, phrases": lookup[10:],
    }
    admin = {
        "admin statement list": ["/admin/events/statement/"],
        "admin change form": [
            f"/admin/events/statement/{pk}/change/" for pk in data["admin_ids"]
        ],
    }
    if desk is not None:
        admin[f"article desk ({desk['suggestions']} suggestions)"] = [desk["url"]]
    rss: list[float] = []
    if cases_asked:
        public = {name: public[name] for name in chosen(list(public), cases_asked)}
        if not public:
            raise SystemExit(f"No case starts with any of: {args.cases}")
        admin = {}
    with gunicorn(env) as (base, master):
        for name, paths in public.items():
            print(f"[{label(size)}] {name}")
            cases[name] = wrk(base, paths, **options)
            if cases[name]["p99_ms"] > 1000:
                # Requests wrk gave up on may still hold workers until the
                # statement timeout ends them: let them drain first.
                time.sleep(DRAIN_SECONDS)
        cookie = {"Cookie": f"sessionid={session}"}
        for name, paths in admin.items():
            print(f"[{label(size)}] {name}")
            cases[name] = wrk(base, paths, headers=cookie, **options)
        if not cases_asked:
            print(f"[{label(size)}] verify action")
            verified = verify_action(base, session, data["in_review"])
            if verified:
                cases["verify action"] = verified
        rss = worker_rss_mb(master)
    if not cases_asked:
        print(f"[{label(size)}] import_sources of a 2,000-word article")
        imported = editor_case("import", env)
        cases["import of a 2,000-word article"] = {
            "rps": round(1000 / imported["p50_ms"], 1),
            "p50_ms": imported["p50_ms"],
            "p95_ms": imported["max_ms"],
            "p99_ms": imported["max_ms"],
            "requests": imported["requests"],
            "errors": 0,
            "non_2xx": 0,
            "sequential": True,
        }
    with redis_server() as redis_url:
        if redis_url and not cases_asked:
            cached_env = app_env(
                url, REDIS_URL=redis_url, FACTFILE_RESPONSE_CACHE_SECONDS="300"
            )
            with gunicorn(cached_env) as (base, _):
                for name in ("statement list", "detail"):
                    print(f"[{label(size)}] {name}, cached in Redis")
                    cases[f"{name} (Redis cache)"] = wrk(base, public[name], **options)
    return {
        "size": size,
        "label": label(size),
        "seed": SEED,
        "generated_seconds": round(generated, 1),
        "machine": machine(),
        "postgres": postgres_version(url),
        "workers": int(env.get("GUNICORN_WORKERS", str((os.cpu_count() or 1) * 2 + 1))),
        "connections": args.connections,
        "duration_s": args.duration,
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in os.getloadavg()],
        "worker_rss_mb": [round(x, 1) for x in rss],
        "lookup_queries": data["queries"],
        "counts": counts(url),
        "cases": cases,
        "measured_at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


def remeasured(full: dict[str, Any], partial: dict[str, Any]) -> dict[str, Any]:
    """A full run with some cases measured again, noting when and under what load."""
    note = {
        "cases": list(partial["cases"]),
        "measured_at": partial["measured_at"],
        "load_before": partial["load_before"],
        "load_after": partial["load_after"],
        "counts": partial["counts"],
    }
    # Each case is compared with the baseline of the run that measured it.
    base = "baseline (raw SQL)"
    cases = {name: dict(case) for name, case in full["cases"].items()}
    if base in partial["cases"] and base in cases:
        for case in cases.values():
            case.setdefault("baseline_rps", cases[base]["rps"])
    for case in partial["cases"].values():
        case.pop("baseline_rps", None)
    cases |= partial["cases"]
    if base in partial["cases"]:
        cases[base].pop("baseline_rps", None)
    return full | {"cases": cases, "remeasured": [*full.get("remeasured", []), note]}


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--duration", type=int, default=10, help="seconds per case")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument(
        "--database",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432"
        ),
        help="PostgreSQL server URL, without a database name",
    )
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument(
        "--cases",
        default="",
        help="comma-separated starts of public case names (baseline,lookup): "
        "measure only those, into the size's last full results",
    )
    parser.add_argument(
        "--report-only", action="store_true", help="rewrite the report only"
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None and not args.report_only:
        sys.exit("wrk is needed: apt-get install wrk")
    RESULTS.mkdir(parents=True, exist_ok=True)
    if not args.report_only:
        collect_static()
        for size in (int(s) for s in args.sizes.split(",")):
            result = run_size(size, args)
            path = RESULTS / f"{label(size)}.json"
            if args.cases:
                result = remeasured(json.loads(path.read_text()), result)
            path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
            print(f"[{label(size)}] results in {path.relative_to(ROOT)}")
    from benchmarks import report

    report.write(RESULTS, ROOT / "docs")


if __name__ == "__main__":
    main()
