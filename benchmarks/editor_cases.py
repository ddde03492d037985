"""The editor's cases of ``make bench`` that are not one URL under wrk.

    python -m benchmarks.editor_cases desk     # prints {"source": id, ...}
    python -m benchmarks.editor_cases desk-remove
    python -m benchmarks.editor_cases import [--repeat 5]

Run with the environment of the app under benchmark (``benchmarks.run`` does).

``desk`` imports, as a synthetic reporter, an article that gives about fifty
suggestions, and prints its source's id and its desk's address, for wrk to
request; ``desk-remove`` deletes what that import wrote (drafts, never
public), so that the benchmark database holds its synthetic fact file
alone again and keeps its statement count.

``import`` times ``import_file``, the importer's whole path (reading,
analysis, drafts and citations written), on an article of about 2,000 words
made of the seed articles, each time with a first line of its own so that
it is a new source; each import runs in a transaction that is rolled back,
so the database is left as it was. Loading the language profiles, which a
worker does once, happens before the clock starts.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEED_ARTICLES = ROOT / "sources" / "seed_articles"
DESK_QUOTES = 16  # gives about 50 suggestions: quotes, events, actors, mentions
DESK_TITLE = "Talks resumed in Luanda on Tuesday."  # the desk article's first line
IMPORT_WORDS = 2_000


def long_article(number: int) -> str:
    """About ``IMPORT_WORDS`` words of news text, with a first line of its own."""
    texts = [
        path.read_text()
        for path in sorted(SEED_ARTICLES.glob("*.txt"), key=lambda p: -p.stat().st_size)
    ]
    words: list[str] = []
    paragraphs = [f"Benchmark dispatch number {number}."]
    for text in texts:
        for paragraph in text.split("\n"):
            if len(words) >= IMPORT_WORDS:
                break
            words += paragraph.split()
            paragraphs.append(paragraph)
    return "\n".join(paragraphs) + "\n"


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def desk() -> dict[str, int | str]:
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from benchmarks.desk_page import article
    from events.suggesting.records import Suggestion
    from sources.importing.importer import import_file

    reporter = get_user_model().objects.get(username="synthetic.reporter1")
    text = article(DESK_QUOTES, 0)
    outcome = import_file("desk-benchmark.txt", text.encode(), by=reporter)
    source = outcome.source
    suggestions = Suggestion.objects.filter(import_record__source=source).count()
    url = reverse("admin:events_desk", args=[source.pk])
    return {"source": source.pk, "suggestions": suggestions, "url": url}


def remove_desk() -> dict[str, int]:
    """Delete the desk article's source and every draft its import wrote."""
    from django.db import transaction

    from events.models import Actor, Citation, Event, Statement
    from events.suggesting.records import Suggestion
    from sources.models import Source

    removed: dict[str, int] = {}
    with transaction.atomic():
        for source in Source.objects.filter(title=DESK_TITLE, status="draft"):
            record = getattr(source, "import_record", None)
            suggestions = Suggestion.objects.filter(import_record__source=source)
            actor_ids = set(
                suggestions.exclude(actor=None).values_list("actor_id", flat=True)
            )
            citations = Citation.objects.filter(source=source)
            statement_ids = list(citations.values_list("statement_id", flat=True))
            event_ids = list(citations.values_list("event_id", flat=True))
            statements = Statement.objects.filter(pk__in=statement_ids, status="draft")
            events = Event.objects.filter(pk__in=event_ids, status="draft")
            actor_ids |= set(statements.values_list("speaker_id", flat=True))
            parts = [suggestions, citations, statements, events]
            for queryset in parts:
                removed[queryset.model.__name__] = len(queryset)
                queryset.delete()
            # Actors the import proposed, never verified and used by nothing else.
            fresh = Actor.objects.filter(
                pk__in=actor_ids, status="draft", created_at__gte=source.created_at
            )
            removed["Actor"] = 0
            for actor in fresh:
                if not (actor.statements.exists() or actor.participations.exists()):
                    actor.delete()
                    removed["Actor"] += 1
            if record is not None:
                record.delete()
            source.delete()
            removed["Source"] = removed.get("Source", 0) + 1
    return removed


def import_times(repeat: int) -> dict[str, float | int]:
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from sources.importing.importer import import_file

    reporter = get_user_model().objects.get(username="synthetic.reporter1")
    stamp = int(time.time())
    with transaction.atomic():
        # The language profiles load on first use; a worker does it once.
        import_file("warm-up.txt", long_article(stamp).encode(), by=reporter)
        transaction.set_rollback(True)
    times = []
    drafts = 0
    for n in range(repeat):
        data = long_article(stamp + n + 1).encode()
        with transaction.atomic():
            started = time.perf_counter()
            outcome = import_file(f"import-benchmark-{n}.txt", data, by=reporter)
            times.append(time.perf_counter() - started)
            assert outcome.source is not None, outcome
            drafts = outcome.source.import_record.suggestions.count()
            transaction.set_rollback(True)
    times.sort()
    return {
        "words": len(long_article(stamp).split()),
        "suggestions": drafts,
        "p50_ms": round(statistics.median(times) * 1000, 1),
        "max_ms": round(times[-1] * 1000, 1),
        "requests": len(times),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("case", choices=["desk", "desk-remove", "import"])
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    setup()
    if options.case == "desk":
        result: dict[str, Any] = desk()
    elif options.case == "desk-remove":
        result = remove_desk()
    else:
        result = import_times(options.repeat)
    print("RESULT " + json.dumps(result))


if __name__ == "__main__":
    main()
