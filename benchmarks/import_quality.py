"""Measure the importer's suggestions against hand-checked gold files.

    python benchmarks/import_quality.py [--json] [--no-long] [--verbose]
        [--sets tune,held,gold] [GOLD.json ...]

Without arguments: the development corpus (``tests/importing/corpus/tune``,
the half the importer may be tuned on, and ``tests/importing/corpus/held``,
the half nobody tunes on) and the older gold set (``tests/importing/gold``),
reported per half and per language, then the time to import a generated
article of 10,000 words through ``import_file``, the path of the admin's
upload. With ``--json``, the same figures as JSON; with ``--sets``, only the
sets named (``--sets tune`` while tuning: the held half is not measured at
all). With ``--verbose``, every miss of the tune half and of the older gold
set, article by article. With gold files as arguments: those files, article
by article, with every miss.

The misses of the held half are never printed: reading them article by
article would be tuning on it. Its figures are given for the half and per
language only.

The articles are read by ``analyse``, with the limit of suggestions
``propose_drafts`` gives it when the admin imports a file.

What is measured is described in ``benchmarks/import_corpus.py`` (the
corpus and the gold set, figure by figure) and ``benchmarks/import_gold.py``
(the older measure of the gold set, which the tests pin); the gold format in
``tests/importing/corpus/README.md``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    # Run as ``python benchmarks/import_quality.py``: the project is importable.
    sys.path.insert(0, str(ROOT))

from benchmarks.import_corpus import (  # noqa: E402
    CORPUS_DIR,
    SETS,
    Figures,
    corpus_files,
    evaluate,
    evaluate_sets,
    is_held,
    set_files,
    title_problem,
    title_words,
)
from benchmarks.import_gold import GOLD_DIR, Tally, gold_files, measure, run  # noqa: E402

__all__ = [
    "CORPUS_DIR",
    "GOLD_DIR",
    "LONG_WORDS",
    "ROOT",
    "SETS",
    "Figures",
    "Tally",
    "corpus_files",
    "evaluate",
    "evaluate_sets",
    "gold_files",
    "is_held",
    "long_article",
    "main",
    "measure",
    "run",
    "set_files",
    "table",
    "time_long_import",
    "title_problem",
    "title_words",
]

LONG_WORDS = 10_000


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factfile.settings")
    import django

    django.setup()


def long_article(words: int = LONG_WORDS) -> str:
    """An article of ``words`` words: the tune half's articles, one after the other."""
    texts = [
        (CORPUS_DIR / "tune" / path.with_suffix(".txt").name).read_text(
            encoding="utf-8"
        )
        for path in corpus_files("tune")
    ]
    out: list[str] = []
    count = 0
    while count < words:
        text = texts[len(out) % len(texts)]
        out.append(text)
        count += len(text.split())
    return "\n".join(out)


def time_long_import(words: int = LONG_WORDS) -> dict[str, Any]:
    """Import a generated article through ``import_file`` into a fresh test database."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import setup_test_environment

    from sources.importing.importer import import_file
    from sources.importing.language import detect_language

    # A worker loads the language detector's profiles once, before any import.
    detect_language("The minister said talks would resume in Luanda on Monday.")
    data = long_article(words).encode("utf-8")
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        user = get_user_model().objects.create_superuser("bench", password=None)
        started = time.perf_counter()
        outcome = import_file(
            "long.txt", data, by=user, published_on=datetime.date(2025, 6, 13)
        )
        seconds = time.perf_counter() - started
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return {
        "words": len(data.decode().split()),
        "seconds": seconds,
        "result": str(outcome.result),
    }


_COLUMNS = [
    ("n", "articles", "{:d}"),
    ("q rec", "quote recall", "{:.2f}"),
    ("q prec", "quote precision", "{:.2f}"),
    ("unmarked", "statements without marks recall", "{:.2f}"),
    ("spk ok", "speaker right", "{:.2f}"),
    ("spk bad", "speaker wrong", "{:.2f}"),
    ("spk none", "speaker missing", "{:.2f}"),
    ("anon", "anonymous right", "{:.2f}"),
    ("date", "date exact", "{:.2f}"),
    ("rel", "relative date exact", "{:.2f}"),
    ("chan", "channel right", "{:.2f}"),
    ("ev prec", "event precision", "{:.2f}"),
    ("ev rec", "event recall", "{:.2f}"),
    ("ev neg", "events from negative sentences", "{:d}"),
    ("ev cond", "events from conditional or future sentences", "{:d}"),
    ("act prec", "new actor precision", "{:.2f}"),
    ("titled", "new actors with title in name", "{:d}"),
    ("s/art", "seconds per article", "{:.3f}"),
]


# The events found, field by field: each field the gold gives, apart.
_EVENT_COLUMNS = [
    ("found", "events found", "{:d}"),
    ("date", "event date exact", "{:.2f}"),
    ("kind", "event kind right", "{:.2f}"),
    ("kind n/a", "event kinds not judged", "{:d}"),
    ("title =", "event title same words", "{:.2f}"),
    ("title words", "event title shared words", "{:.2f}"),
    ("title form", "event titles acceptable", "{:.2f}"),
    ("place ok", "event place right", "{:.2f}"),
    ("place bad", "event place wrong", "{:.2f}"),
    ("place none", "event place missing", "{:.2f}"),
]


def table(
    results: dict[str, dict[str, Figures]],
    columns: list[tuple[str, str, str]] | None = None,
) -> str:
    """The figures as a Markdown table, a row per set and language."""
    columns = _COLUMNS if columns is None else columns
    lines = [
        "| set | lang | " + " | ".join(h for h, _, _ in columns) + " |",
        "| --- | --- | " + " | ".join("---:" for _ in columns) + " |",
    ]
    for name, by_language in results.items():
        for language in ["all", *sorted(k for k in by_language if k != "all")]:
            summary = by_language[language].summary()
            cells = [
                "–" if summary[key] is None else form.format(summary[key])
                for _, key, form in columns
            ]
            lines.append(f"| {name} | {language} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", nargs="*", type=Path, help="gold files, one by one")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument(
        "--no-long", action="store_true", help="skip the 10,000-word import"
    )
    parser.add_argument(
        "--verbose",
        action="store_true",
        help="print every miss of the tune half and the older gold set "
        "(never of the held half)",
    )
    parser.add_argument(
        "--sets",
        default=",".join(SETS),
        help=f"the sets to measure, among {', '.join(SETS)} (default: all)",
    )
    options = parser.parse_args(argv)
    sets = tuple(name for name in options.sets.split(",") if name)
    if not sets or set(sets) - set(SETS):
        parser.error(f"--sets takes names among {', '.join(SETS)}")
    held = [str(path) for path in options.gold if is_held(path)]
    if held:
        parser.error(
            "the held half is measured as a whole, never article by article: "
            + ", ".join(held)
        )
    _setup_django()
    if options.gold:
        for path in options.gold:
            figures = evaluate(path)
            print(path.stem)
            for miss in figures.misses:
                print(f"    {miss}")
        return
    results = evaluate_sets(sets)
    if options.verbose:
        for name in sets:
            if name == "held":
                continue  # tuning on its misses would make it a tune half
            for path in set_files(name):
                for miss in evaluate(path).misses:
                    print(f"{name}/{path.stem}: {miss}")
    long = None if options.no_long else time_long_import()
    if options.json:
        figures = {
            name: {lang: f.summary() for lang, f in by_language.items()}
            for name, by_language in results.items()
        }
        print(json.dumps({"sets": figures, "long article": long}, indent=1))
        return
    print(table(results))
    print()
    print(table(results, _EVENT_COLUMNS))
    if long is not None:
        print(
            f"\nA generated article of {long['words']:,} words imports through "
            f"import_file in {long['seconds']:.2f} s ({long['result']})."
        )


if __name__ == "__main__":
    main()
