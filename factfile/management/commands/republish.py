from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from factfile.publishing import republish


class Command(BaseCommand):
    help = (
        "Rebuild the published layer from the verified version of every record. "
        "On a consistent layer nothing changes; every rewrite is logged in the "
        "change feed."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = republish()
        self.stdout.write(
            f"published {report.published}, refreshed {report.refreshed}, "
            f"retracted {report.retracted}, unchanged {report.unchanged}"
        )
