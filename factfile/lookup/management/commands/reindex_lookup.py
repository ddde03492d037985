from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from factfile.lookup.indexing import rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the citation lookup's search index from the live published "
        "layer. Publishing keeps the index up to date; run this after restoring "
        "a database or upgrading from a version without the lookup."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = rebuild()
        self.stdout.write(f"indexed {count} published records for the lookup")
