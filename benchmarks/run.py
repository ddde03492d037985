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

The app is served by ``serving``, the databases made and warmed by
``databases``, the requests chosen by ``sampling``, driven by ``wrk``, and
the editors' cases run by ``editing``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
import urllib.parse
from typing import Any

from benchmarks.commands import manage
from benchmarks.databases import (
    SEED,
    counts,
    ensure_database,
    label,
    postgres_version,
    warm_cache,
)
from benchmarks.editing import editor_case, session_cookie, verify_action
from benchmarks.sampling import lookup_queries, sample
from benchmarks.serving import (
    ROOT,
    app_env,
    collect_static,
    gunicorn,
    machine,
    redis_server,
    worker_rss_mb,
)
from benchmarks.wrk import wrk

# Other benchmarks take these from here.
__all__ = [
    "ROOT",
    "app_env",
    "label",
    "lookup_queries",
    "machine",
    "manage",
    "postgres_version",
    "sample",
]

RESULTS = ROOT / "benchmarks" / "results"
DRAIN_SECONDS = 8


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
