"""Measure retraction on a synthetic fact file: one cascade, and repairing a layer.

    python -m benchmarks.retraction --statements 10000 [--base-url postgres://...]

The synthetic fact file retracts about 1% of its statements the way the
earlier code did: their citations stay public. On a PostgreSQL database of
its own (``factfile_retraction_bench_<size>``, regenerated on every run, one
writer process) this measures, in order:

- ``complete_retractions``: retracting what was left public beside them;
- ``republish``: the rebuild and the scan of the change feed after it, then
  the scan alone on the consistent layer;
- retracting the statement with the most citations, and the source cited by
  the most statements, with what went with each and the queries it took.

Results go to ``benchmarks/results/retraction-<size>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from typing import Any

from benchmarks.databases import create_database
from benchmarks.run import ROOT, app_env, label, machine, manage, postgres_version

RESULTS = ROOT / "benchmarks" / "results"


def prepare(base_url: str, size: int) -> str:
    """A database of its own holding a freshly generated fact file of ``size``."""
    name = f"factfile_retraction_bench_{label(size)}"
    url = create_database(base_url, name)
    env = app_env(url, DJANGO_SETTINGS_MODULE="factfile.settings")
    manage("migrate", "--noinput", env=env)
    print(f"[{label(size)}] generating {size:,} statements into {name}")
    manage(
        "generate_synthetic",
        "--statements",
        str(size),
        "--workers",
        "1",
        "--replace",
        env=env,
    )
    return url


def timed(function: Any, *args: Any, **kwargs: Any) -> tuple[Any, float]:
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return result, round(time.perf_counter() - started, 3)


def measure(size: int) -> dict[str, Any]:
    """Run in the process whose environment points at the prepared database."""
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Count, Q
    from django.test.utils import CaptureQueriesContext

    from events.models import Statement
    from factfile import republishing, workflow
    from factfile.published.models import ChangeEntry
    from factfile.roles import EDITOR_IN_CHIEF
    from sources.models import Source
    from tests.factories import UserFactory

    chief = UserFactory(username="bench.retraction.chief", role=EDITOR_IN_CHIEF)
    result: dict[str, Any] = {
        "statements": size,
        "change_entries": ChangeEntry.objects.count(),
        "retracted_statements": Statement.objects.filter(status="retracted").count(),
    }
    left, seconds = timed(workflow.left_public)
    result["left_public"] = {"records": len(left), "seconds": seconds}
    done, seconds = timed(workflow.complete_retractions, by=chief)
    result["complete_retractions"] = {"retracted": len(done), "seconds": seconds}
    report, seconds = timed(republishing.republish)
    result["republish"] = {**vars(report), "seconds": seconds}
    withdrawn, seconds = timed(republishing.withdraw_retracted_words)
    result["feed_scan_on_a_consistent_layer"] = {
        "withdrawn": withdrawn,
        "seconds": seconds,
    }

    live = Q(citations__status="verified")
    statement = (
        Statement.objects.filter(status="verified")
        .annotate(cited=Count("citations", filter=live))
        .order_by("-cited", "pk")
        .first()
    )
    source = (
        Source.objects.filter(status="verified")
        .annotate(cited=Count("citations", filter=live))
        .order_by("-cited", "pk")
        .first()
    )
    for name, record in (("statement", statement), ("source", source)):
        before = ChangeEntry.objects.order_by("-seq").values_list("seq", flat=True)[0]
        with CaptureQueriesContext(connection) as queries:
            _, seconds = timed(
                workflow.retract, record, by=chief, reason="Measured retraction."
            )
        entries = ChangeEntry.objects.filter(seq__gt=before)
        result[f"retract_one_{name}"] = {
            "citations": record.cited,
            "seconds": seconds,
            "queries": len(queries),
            "entries": {
                action: entries.filter(action=action).count()
                for action in ("retracted", "refreshed")
            },
        }
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=10_000)
    parser.add_argument(
        "--base-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432"
        ),
    )
    parser.add_argument("--measure-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_only:
        print(json.dumps(measure(args.statements)))
        return
    url = prepare(args.base_url, args.statements)
    env = app_env(url, DJANGO_SETTINGS_MODULE="factfile.settings")

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.retraction",
            "--statements",
            str(args.statements),
            "--measure-only",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result |= {"machine": machine(), "postgres": postgres_version(url)}
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"retraction-{label(args.statements)}.json"
    path.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
