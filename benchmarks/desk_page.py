"""Time the article desk page on articles from a few quotes to the limits.

    python -m benchmarks.desk_page [--repeat 5]

Each article is generated here and imported through ``import_file`` into a
fresh SQLite database in a temporary folder (or the database ``DATABASE_URL``
names, which must be a throwaway one), then its desk is requested through
Django's test client as a logged-in reporter. Prints, per article: its size,
the suggestions and citations on it, the queries of one request, the size of
the page and the median time of ``--repeat`` requests. The largest ones hold
as many suggestions as the importer makes from one article (100 of a kind)
and a text at the source limit.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

QUOTE = '"Point {n} is settled," Foreign Minister Olivier Nduhungirehe said.'
EVENT = "Rwanda on Monday summoned envoy number {n} of Belgium."
FILLER = "The talks went on late into the evening, with no statement from either side. "


def article(quotes: int, size: int) -> str:
    lines = ["GOMA -- Talks resumed in Luanda on Tuesday."]
    for n in range(quotes):
        lines += [QUOTE.format(n=n), EVENT.format(n=n)]
    text = "\n".join(lines) + "\n"
    if len(text) < size:
        text += FILLER * ((size - len(text)) // len(FILLER) + 1)
    return text[: max(size, len(text))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="desk-bench-")
    os.environ.setdefault("FACTFILE_DATA_DIR", folder)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factfile.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from events.models import Actor, Citation
    from events.suggesting.records import Suggestion
    from factfile.editorial import Status
    from factfile.roles import REPORTER, give_role
    from sources.importing.importer import import_file

    call_command("migrate", verbosity=0)
    user_model = django.contrib.auth.get_user_model()
    reporter = user_model.objects.create_user("bench.reporter", is_staff=True)
    give_role(reporter, REPORTER)
    for name, kind in (("Rwanda", "state"), ("Belgium", "state")):
        actor = Actor(name=name, kind=kind, status=Status.VERIFIED)
        actor.mark_changed_by(reporter)
        actor.save()
    client = Client(HTTP_HOST="localhost")
    client.force_login(reporter)
    print(
        f"{'article':>18} {'chars':>9} {'suggest.':>8} {'citations':>9} "
        f"{'queries':>7} {'page KB':>8} {'median ms':>9}"
    )
    for label, quotes, size in (
        ("2 quotes", 2, 0),
        ("20 quotes", 20, 0),
        ("100 quotes", 100, 0),
        ("100 quotes, 1 MB", 100, 1_000_000),
        ("100 quotes, 2 MB", 100, 1_990_000),
    ):
        text = article(quotes, size)
        outcome = import_file(f"{label}.txt", text.encode(), by=reporter)
        source = outcome.source
        url = reverse("admin:events_desk", args=[source.pk])
        client.get(url)
        # The query log keeps the last 9,000 queries; the import filled it.
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        queries = len(captured)
        assert response.status_code == 200, response.status_code
        times = []
        for _ in range(options.repeat):
            started = time.perf_counter()
            client.get(url)
            times.append(time.perf_counter() - started)
        suggestions = Suggestion.objects.filter(import_record__source=source).count()
        citations = Citation.objects.filter(source=source).count()
        print(
            f"{label:>18} {len(text):>9,} {suggestions:>8} {citations:>9} "
            f"{queries:>7} {len(response.content) / 1000:>8.0f} "
            f"{statistics.median(times) * 1000:>9.0f}"
        )


if __name__ == "__main__":
    main()
