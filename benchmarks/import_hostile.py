"""Time the importer on hostile texts of about 1 MB, stage by stage.

    python -m benchmarks.import_hostile [--size 1000000] [--timeout 120] [NAME ...]

Each input is generated here (nothing is committed as a file) and imported
through the real path, ``import_file``: reading, metadata, language, the
analysis stages and the drafts written to the database. Each runs in a child
process of its own with a fresh test database (SQLite in memory, or
``test_<name>`` on PostgreSQL when ``DATABASE_URL`` points there), so one
input that never ends is stopped at ``--timeout`` and the others still run.
Prints, per input, the time it took (wall clock and the child's CPU, which
differ when other work shares the machine), the outcome and the time of each
stage. Loading the language detector's profiles, which a worker does once, is
done before the clock starts. The goal: every input under 5 s on a 2-core
machine. ``tests/importing/test_linear_work.py`` imports the same inputs,
smaller, and counts the work instead.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SIZE = 1_000_000

_CAPITALISED = [
    "Kagame", "Nduhungirehe", "Ministry", "Council", "Goma", "Rwanda", "Forces",
    "President", "Union", "Paul", "Foreign", "Affairs", "Monday", "The", "Minister",
    "Democratic", "Republic", "Congo", "Southern", "African", "Community", "Of",
]  # fmt: skip
_LOWER = [
    "the", "minister", "said", "army", "and", "of", "talks", "on", "in", "that",
    "captured", "recalled", "its", "envoy", "told", "reporters", "ambassador",
    "statement", "declared", "met", "with", "rebels", "town", "border",
]  # fmt: skip
_DATE_WORDS = [
    "on Monday ", "last week ", "in February ", "3 March 2025 ", "la veille ",
    "2024-05-01 ", "le 24 janvier ", "in 2024 ", "Tuesday, March 4 ",
    "the next day ", "mid-April ",
]  # fmt: skip
_MARKS = ['"', "“", "”", "«", "»", "„", "‘", "’", "'", "‹", "›"]


def _fill(size: int, pieces: Callable[[random.Random], str]) -> str:
    rng = random.Random(1)  # the same text at every size, only longer
    out: list[str] = []
    length = 0
    while length < size:
        piece = pieces(rng)
        out.append(piece)
        length += len(piece)
    return "".join(out)[:size]


def _words(rng: random.Random, count: int, vocabulary: list[str]) -> str:
    return " ".join(rng.choice(vocabulary) for _ in range(count))


def _marked(size: int, marks: list[str]) -> str:
    """Words with a quote mark every 20 characters."""
    return _fill(
        size, lambda r: r.choice(marks) + (_words(r, 4, _LOWER) + " " * 19)[:19]
    )


def _page(size: int) -> str:
    """A news page of ``size`` characters: a paragraph per 200 of them, up to as
    many elements as are allowed (at 1 MB)."""
    from sources.importing.reading import MAX_HTML_ELEMENTS

    # Four elements a paragraph, and a few for the page around them.
    paragraphs = min(MAX_HTML_ELEMENTS // 4 - 10, max(size // 200, 1))
    text = _fill(size, lambda r: f"{_name(r)} said “{_words(r, 6, _LOWER)}.” ")
    step = len(text) // paragraphs
    body = "".join(
        f'<div class="p"><p>{text[i * step : (i + 1) * step]} '
        f'<a href="/story/{i}">more</a> <b>Goma</b></p></div>'
        for i in range(paragraphs)
    )
    return (
        "<!doctype html><html><head><title>Talks resume in Luanda</title></head>"
        f"<body><article><h1>Talks resume in Luanda</h1>{body}</article></body></html>"
    )


def _syllables(rng: random.Random) -> str:
    return "".join(
        rng.choice(["ka", "mu", "ngi", "re", "bo", "la", "to", "si"]) for _ in range(3)
    )


def _name(rng: random.Random) -> str:
    return f"{_syllables(rng).title()} {_syllables(rng).title()}"


def _articles(size: int) -> str:
    """Real dispatches one after the other: what a long text normally is."""
    folder = ROOT / "sources" / "seed_articles"
    # Not the reference page: all that follows its "References" is skipped.
    texts = [
        path.read_text(encoding="utf-8")
        for path in sorted(folder.glob("*.txt"))
        if not path.name.startswith("002")
    ]
    return _fill(size, lambda r: r.choice(texts) + "\n")


# name -> (extension, generator of the file's text for a size in characters)
INPUTS: dict[str, tuple[str, Callable[[int], str]]] = {
    "articles (not hostile)": ("txt", _articles),
    "one word": (
        "txt",
        lambda n: ("Nduhungirehe" * (n // 12 + 1))[:n],
    ),
    "one lower-case word": ("txt", lambda n: "x" * n),
    "no punctuation": (
        "txt",
        lambda n: _fill(n, lambda r: _words(r, 20, _CAPITALISED + _LOWER) + " "),
    ),
    # A mark every 20 characters: 50,000 in a megabyte, never closed in
    # the right order.
    "50,000 straight quotes": ("txt", lambda n: _marked(n, ['"'])),
    "50,000 curly quotes": ("txt", lambda n: _marked(n, ["“"])),
    "50,000 guillemets": ("txt", lambda n: _marked(n, ["«"])),
    "50,000 mixed quotes": ("txt", lambda n: _marked(n, _MARKS)),
    "quote marks alone": ("txt", lambda n: _fill(n, lambda r: r.choice(_MARKS))),
    "10,000 capitalised words": (
        "txt",
        lambda n: _fill(n, lambda r: _words(r, 10_000, _CAPITALISED) + ".\n"),
    ),
    "long sentences": (
        "txt",
        lambda n: _fill(
            n,
            lambda r: (
                ", ".join(_words(r, 8, _CAPITALISED + _LOWER) for _ in range(5_000))
                + ".\n"
            ),
        ),
    ),
    "date words": (
        "txt",
        lambda n: _fill(n, lambda r: r.choice(_DATE_WORDS)),
    ),
    "repeated names": (
        "txt",
        lambda n: _fill(
            n,
            lambda r: (
                "President Paul Kagame said “we will not be lectured by anyone,” "
                "and Foreign Minister Olivier Nduhungirehe of the Ministry of "
                "Foreign Affairs (MFA) met the Southern African Development "
                "Community (SADC) in Goma on Monday.\n"
            ),
        ),
    ),
    "many distinct names": (
        "txt",
        lambda n: _fill(
            n,
            lambda r: (
                f"President {_name(r)} said “we will hold talks in Goma,” "
                f"according to {_name(r)}, spokesperson of the {_name(r)} "
                f"Forces (RDF), who captured the town on Monday.\n"
            ),
        ),
    ),
    "HTML at the element limit": ("html", lambda n: _page(n)),
    "nested HTML": (
        "html",
        lambda n: "<html><body>" + "<div><b>" * (n // 16) + "Deep text.",
    ),
    "nested JSON": (
        "json",
        lambda n: '{"body": "Deep.", "x": ' + "[" * (n - 30) + "]",
    ),
}


def _timed(stages: dict[str, float], name: str, function: Callable[..., Any]) -> Any:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            stages[name] = stages.get(name, 0.0) + time.perf_counter() - started

    return wrapper


def _instrument(stages: dict[str, float]) -> None:
    """Wrap each stage where the import path looks it up, to time it."""
    from events.suggesting import analysis, drafting
    from sources.importing import importer

    for module, attribute, name in [
        (importer, "read_article", "read"),
        (importer, "propose", "metadata"),
        (importer, "detect_language", "language"),
        (analysis, "not_story", "not story"),
        (analysis, "find_names", "names"),
        (analysis, "find_dates", "dates"),
        (analysis, "find_quotes", "quotes"),
        (analysis, "attribute", "attribution"),
        (analysis, "find_events", "events"),
        (drafting, "analyse", "analysis"),
        (drafting.ActorIndex, "find", "actor matching"),
        (drafting, "propose_drafts", "drafting"),
    ]:
        setattr(module, attribute, _timed(stages, name, getattr(module, attribute)))


def _upload(user: Any, name: str, data: bytes) -> Any:
    """Import through the admin's upload page, reading its page to the end."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse

    from sources.importing.importer import Outcome, Result

    client = Client()
    client.force_login(user)
    response = client.post(
        reverse("admin:sources_importrecord_upload"),
        {"files": [SimpleUploadedFile(name, data)]},
    )
    page = b"".join(response.streaming_content).decode()
    results = (Result.CREATED, Result.SKIPPED, Result.ERROR)
    result = next(r for r in results if f"result-{r}" in page)
    cell = page.split(f'<tr class="result-{result}">', 1)[1].split("<td>")[4]
    return Outcome(name, result, cell.split("</td>", 1)[0].strip())


def run_one(name: str, size: int, *, admin: bool = False) -> dict[str, Any]:
    """Import one hostile input in this process, with a fresh test database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factfile.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import setup_test_environment

    import sources.admin_import  # noqa: F401 -- registers the upload page
    from sources.importing.importer import import_file
    from sources.importing.language import detect_language

    # Loading langdetect's profiles takes a worker a few seconds, once.
    detect_language("The minister said talks would resume in Luanda on Monday.")
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        user = get_user_model().objects.create_superuser("bench", password=None)
        extension, generate = INPUTS[name]
        data = generate(size).encode("utf-8")
        stages: dict[str, float] = {}
        _instrument(stages)
        started, cpu = time.perf_counter(), time.process_time()
        if admin:
            outcome = _upload(user, f"hostile.{extension}", data)
        else:
            outcome = import_file(f"hostile.{extension}", data, by=user)
        total, cpu = time.perf_counter() - started, time.process_time() - cpu
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    # What the analysis and the writes took apart from their sub-stages.
    inner = ("not story", "names", "dates", "quotes", "attribution", "events")
    if "analysis" in stages:
        stages["analysis"] -= sum(stages.get(stage, 0.0) for stage in inner)
        stages["analysis other"] = stages.pop("analysis")
    if "drafting" in stages:
        stages["drafting"] -= sum(
            stages.get(stage, 0.0) for stage in (*inner, "analysis other")
        ) + stages.get("actor matching", 0.0)
        stages["writes"] = stages.pop("drafting")
    return {
        "name": name,
        "bytes": len(data),
        "seconds": total,
        "cpu": cpu,
        "result": outcome.result,
        "message": outcome.message[:100],
        "stages": stages,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", metavar="NAME", help="inputs to run")
    parser.add_argument("--size", type=int, default=SIZE, help="characters each")
    parser.add_argument("--timeout", type=float, default=120, help="seconds each")
    parser.add_argument(
        "--admin",
        action="store_true",
        help="upload through the admin's page instead of calling import_file",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        row = run_one(options.child, options.size, admin=options.admin)
        print(json.dumps(row))
        return
    names = options.names or list(INPUTS)
    unknown = set(names) - set(INPUTS)
    if unknown:
        parser.error(f"unknown inputs {sorted(unknown)}; known: {list(INPUTS)}")
    print(f"{'input':<26} {'MB':>5} {'seconds':>8} {'CPU':>6}  outcome / stages (s)")
    for name in names:
        command = [
            sys.executable,
            "-m",
            "benchmarks.import_hostile",
            "--child",
            name,
            "--size",
            str(options.size),
            *(["--admin"] if options.admin else []),
        ]
        try:
            done = subprocess.run(
                command,
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=options.timeout,
                check=True,
            )
        except subprocess.TimeoutExpired:
            stopped = f">{options.timeout:.0f}"
            print(f"{name:<26} {options.size / 1e6:>5.1f} {stopped:>8}  did not finish")
            continue
        except subprocess.CalledProcessError as error:
            print(f"{name:<26} failed: {error.stderr.strip().splitlines()[-1]}")
            continue
        row = json.loads(done.stdout.strip().splitlines()[-1])
        stages = ", ".join(
            f"{stage} {seconds:.2f}"
            for stage, seconds in sorted(row["stages"].items(), key=lambda i: -i[1])
            if seconds >= 0.01
        )
        print(
            f"{name:<26} {row['bytes'] / 1e6:>5.1f} {row['seconds']:>8.2f}"
            f" {row['cpu']:>6.2f}  {row['result']}: {row['message']}\n{'':<49}{stages}"
        )


if __name__ == "__main__":
    main()
