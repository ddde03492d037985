"""Profile the editor's pages in process: queries, time and where it goes.

    DATABASE_URL=postgres://.../factfile_bench_100k ALLOWED_HOSTS=localhost \
    SECRET_KEY=... STATIC_ROOT=... python -m benchmarks.profile_pages \
        [--repeat 20] [--profile CASE] [--queries CASE]

Requests each page through Django's test client with production settings
(``DEBUG`` off, collected static files) as the synthetic fact-checker, on a
database that ``generate_synthetic`` filled. Prints, per case, the queries
of one request and their time, and the median CPU time of this process and
wall-clock time of ``--repeat`` requests (CPU time moves less than wall
time on a shared machine). ``--queries CASE`` prints that case's SQL;
``--profile CASE`` prints cProfile's most expensive functions of it
(``PROFILE_SORT``, ``PROFILE_CALLERS``). The verify action runs inside a
transaction that is rolled back, so the database is left as it was; the
desk is that of the article ``benchmarks.editor_cases desk`` imports.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


class Timed:
    """An execute wrapper that notes each query's time and SQL."""

    def __init__(self, into: list[tuple[float, str]]) -> None:
        self.into = into

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.into.append((time.perf_counter() - started, sql))


# Where each sort of query stands in benchmarks.run.lookup_queries.
LOOKUP_SORTS = {"common word": 0, "rare word": 10, "misspelt name": 35, "phrase": 45}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--profile", default="")
    parser.add_argument("--queries", default="", help="print the SQL of this case")
    parser.add_argument(
        "--only", default="", help="measure only the cases whose name holds this"
    )
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", "profile-" + "k7" * 30)
    os.environ.setdefault("FACTFILE_REQUIRE_2FA", "false")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.test import Client

    from benchmarks.editor_cases import desk as prepare_desk
    from benchmarks.editor_cases import remove_desk
    from benchmarks.run import sample
    from events.models import Statement
    from factfile import review

    checker = get_user_model().objects.get(username="synthetic.checker1")
    client = Client(HTTP_HOST="localhost")
    client.force_login(checker)
    first = Statement.objects.order_by("pk").values_list("pk", flat=True)[:1][0]
    # A statement in review that the checker can verify, as the benchmark's
    # verify action does: the first one without remaining problems.
    waiting = next(
        statement.pk
        for statement in Statement.objects.filter(
            status="in_review", verified_version__isnull=True
        )
        .exclude(updated_by=checker)
        .order_by("pk")[:200]
        if not review.remaining_problems(
            review.plan_verification(statement, checker), checker
        )
    )
    desk = prepare_desk()
    page = client.get(f"/admin/events/statement/{waiting}/change/")
    csrf = client.cookies["csrftoken"].value
    version = Statement.objects.get(pk=waiting).version

    def verify():
        with transaction.atomic():
            response = client.post(
                f"/admin/events/statement/{waiting}/workflow/verify/",
                {"version": version},
                HTTP_X_CSRFTOKEN=csrf,
            )
            transaction.set_rollback(True)
        return response

    cases = {
        "admin statement list": lambda: client.get("/admin/events/statement/"),
        "admin change form": lambda: client.get(
            f"/admin/events/statement/{first}/change/"
        ),
        "admin change form (in review)": lambda: client.get(
            f"/admin/events/statement/{waiting}/change/"
        ),
        "verify action": verify,
        f"article desk ({desk['suggestions']} suggestions)": lambda: client.get(
            desk["url"]
        ),
    }
    # The lookup as the benchmark asks for it: one query of each sort.
    queries = sample(os.environ["DATABASE_URL"])["queries"]
    for sort, index in LOOKUP_SORTS.items():
        cases[f"lookup, {sort}"] = lambda q=queries[index]: client.get(
            "/api/v1/lookup/", {"q": q}
        )
    assert page.status_code == 200
    if options.only:
        cases = {name: call for name, call in cases.items() if options.only in name}
    try:
        measure(cases, options)
    finally:
        remove_desk()


def measure(cases: dict[str, Any], options: argparse.Namespace) -> None:
    from django.db import connection

    print(
        f"{'case':>32} {'status':>6} {'queries':>7} {'SQL ms':>7} {'CPU ms':>7} "
        f"{'median ms':>9}"
    )
    for name, call in cases.items():
        call()
        captured: list[tuple[float, str]] = []
        with connection.execute_wrapper(Timed(captured)):
            response = call()
        sql_ms = sum(seconds for seconds, _ in captured) * 1000
        times, cpu = [], []
        for _ in range(options.repeat):
            started, started_cpu = time.perf_counter(), time.process_time()
            call()
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        print(
            f"{name:>32} {response.status_code:>6} {len(captured):>7} "
            f"{sql_ms:>7.1f} {statistics.median(cpu) * 1000:>7.1f} "
            f"{statistics.median(times) * 1000:>9.1f}"
        )
        if options.queries == name:
            for seconds, sql in captured:
                print(f"  {seconds * 1000:7.2f} {sql[:300]}")
        if options.profile == name:
            # CPU time, not wall time: on a shared machine the wall clock
            # also counts the time other processes held the core.
            profiler = cProfile.Profile(time.process_time)
            profiler.enable()
            for _ in range(5):
                call()
            profiler.disable()
            stats = pstats.Stats(profiler)
            stats.sort_stats(os.environ.get("PROFILE_SORT", "cumulative")).print_stats(
                45
            )
            if os.environ.get("PROFILE_CALLERS"):
                stats.print_callers(os.environ["PROFILE_CALLERS"])


if __name__ == "__main__":
    main()
