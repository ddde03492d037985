"""A bounded editorial load test on loopback: readers, editors and checkers at once.

    python -m benchmarks.load_editorial [--duration 60] [--readers 4] \
        [--editors 3] [--checkers 2] [--database-url postgres://...] [--report]

A fresh PostgreSQL database (``factfile_load``, dropped afterwards) gets the
seed fact file; the app runs under gunicorn on 127.0.0.1 with production
settings. For ``--duration`` seconds (at most 300):

- readers page through the public API, open statements and follow the
  change feed;
- reporters open a public statement's change page in the admin, change its
  text with a unique token, save, and submit the edit for review;
- fact-checkers open statements in review and verify the edit as a
  correction, with a public note.

Several editors work on the same few statements, so saves collide. The run
passes when: no response was a 5xx; every save the app accepted is in the
history; every save it refused said why (the edit-conflict message or a
form error); and no token of an edit that was never verified appears in any
public response. ``--report`` writes the figures to the "Editorial load
test" section of ``docs/benchmarks.md``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import tempfile
import threading
import time
from typing import Any

from benchmarks.commands import manage
from benchmarks.load_app import CHECK, ROOT, SETUP, app_env, database, gunicorn
from benchmarks.load_browser import PASSWORD, Browser, forms_of
from benchmarks.load_figures import Answer, Stats, percentile
from benchmarks.load_users import checker, editor, reader

__all__ = [
    "PASSWORD",
    "Answer",
    "Browser",
    "Stats",
    "forms_of",
    "main",
    "passed",
    "run",
    "write_report",
]

REPORT = ROOT / "docs" / "benchmarks.md"
HEADING = "## Editorial load test"
MAX_DURATION = 300


# The run -------------------------------------------------------------------------


def run(args: argparse.Namespace) -> dict[str, Any]:
    duration = min(args.duration, MAX_DURATION)
    users = [(f"load-reporter-{i}", "reporter") for i in range(args.editors)] + [
        (f"load-checker-{i}", "checker") for i in range(args.checkers)
    ]
    with database(args.database_url) as url, contextlib.ExitStack() as stack:
        static_root = getattr(args, "static_root", None)
        if static_root is None:
            # The admin pages need the files a release collects.
            static_root = stack.enter_context(tempfile.TemporaryDirectory())
            manage("collectstatic", "--noinput", env=app_env(url, static_root))
        env = app_env(url, static_root)
        manage("migrate", "--noinput", env=env)
        manage("seed_factfile", env=env)
        out = manage(
            "shell",
            "-c",
            SETUP.format(users=users, password=PASSWORD, size=args.pool),
            env=env,
        )
        pool = [int(pk) for pk in out.split("POOL ", 1)[1].split()[0].split(",")]
        stats = Stats()
        with gunicorn(env, args.workers) as base:
            stop = time.monotonic() + duration
            threads = [
                threading.Thread(target=reader, args=(base, stats, pool, stop))
                for _ in range(args.readers)
            ]
            threads += [
                threading.Thread(target=editor, args=(base, stats, name, pool, stop))
                for name, role in users
                if role == "reporter"
            ]
            threads += [
                threading.Thread(target=checker, args=(base, stats, name, pool, stop))
                for name, role in users
                if role == "checker"
            ]
            started = time.monotonic()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=duration + 120)
            elapsed = time.monotonic() - started
        checked = json.loads(
            manage("shell", "-c", CHECK.format(), env=env).split("CHECK ", 1)[1]
        )
    accepted_tokens = {token for _, token in stats.accepted}
    lost = sorted(accepted_tokens - set(checked["history"]))
    leaked = sorted(stats.public_tokens - set(checked["verified"]))
    total = sum(stats.statuses.values())
    return {
        "duration_s": round(elapsed, 1),
        "readers": args.readers,
        "editors": args.editors,
        "checkers": args.checkers,
        "workers": args.workers,
        "pool": len(pool),
        "requests": total,
        "requests_per_s": round(total / elapsed, 1),
        "statuses": dict(sorted(stats.statuses.items())),
        "server_errors": len(stats.server_errors),
        "server_error_samples": stats.server_errors[:5],
        "saves_accepted": len(stats.accepted),
        "saves_refused": dict(stats.refused),
        "saves_unexplained": stats.unexplained[:10],
        "submitted": stats.submitted,
        "corrections": stats.corrections,
        "corrections_refused": dict(stats.corrections_refused),
        "public_reads": stats.public_reads,
        "verified_edits_seen_in_public": len(stats.public_tokens),
        "lost_edits": lost,
        "unverified_in_public": leaked,
        "latency_ms": {
            kind: {
                "p50": round(1000 * percentile(values, 0.5), 1),
                "p95": round(1000 * percentile(values, 0.95), 1),
                "max": round(1000 * max(values), 1),
            }
            for kind, values in sorted(stats.latencies.items())
        },
    }


def passed(result: dict[str, Any]) -> bool:
    return (
        result["server_errors"] == 0
        and not result["lost_edits"]
        and not result["unverified_in_public"]
        and not result["saves_unexplained"]
        and result["saves_accepted"] > 0
        and result["corrections"] > 0
    )


def write_report(result: dict[str, Any]) -> None:
    latency = "\n".join(
        f"| {kind} | {v['p50']} | {v['p95']} | {v['max']} |"
        for kind, v in result["latency_ms"].items()
    )
    refused = ", ".join(f"{n} {why}" for why, n in result["saves_refused"].items())
    refused_count = sum(result["saves_refused"].values())
    flow = f"{result['submitted']} / {result['corrections']}"
    section = f"""{HEADING}

`python -m benchmarks.load_editorial --duration {int(result["duration_s"])} --report`:
on loopback, PostgreSQL with the seed fact file, the app under gunicorn
({result["workers"]} workers, production settings), {result["readers"]} public
readers, {result["editors"]} reporters and {result["checkers"]} fact-checkers at
once, all on the same {result["pool"]} statements so that saves collide.

| figure | value |
| --- | --- |
| duration | {result["duration_s"]} s |
| requests | {result["requests"]} ({result["requests_per_s"]}/s) |
| 5xx responses | {result["server_errors"]} |
| saves accepted | {result["saves_accepted"]} |
| saves refused, each with its reason | {refused_count} ({refused or "none"}) |
| saves neither accepted nor explained | {len(result["saves_unexplained"])} |
| accepted saves missing from the history | {len(result["lost_edits"])} |
| edits submitted / verified as corrections | {flow} |
| public responses read | {result["public_reads"]} |
| verified edits seen in public responses | {result["verified_edits_seen_in_public"]} |
| unverified edits seen in a public response | {len(result["unverified_in_public"])} |

| latency (ms) | p50 | p95 | max |
| --- | --- | --- | --- |
{latency}

Every accepted save is a row of the statement's history; every refused one
was answered with the edit-conflict message naming who saved first, or a
form error. A public response may only carry an edit's token once that edit
was verified.
"""
    text = REPORT.read_text(encoding="utf-8") if REPORT.exists() else "# Benchmarks\n"
    start = text.find(HEADING)
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        following = text.find("\n## ", start + len(HEADING))
        end = len(text) if following == -1 else following + 1
        text = text[:start] + section + ("\n" + text[end:] if following != -1 else "")
    REPORT.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--editors", type=int, default=3)
    parser.add_argument("--checkers", type=int, default=2)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--pool", type=int, default=4)
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"
        ),
    )
    parser.add_argument("--report", action="store_true")
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        raise SystemExit("The load test runs on PostgreSQL: give --database-url.")
    result = run(args)
    print(json.dumps(result, indent=2))
    if args.report:
        write_report(result)
    if not passed(result):
        raise SystemExit("FAILED: see the figures above")
    print("PASSED")


if __name__ == "__main__":
    main()
