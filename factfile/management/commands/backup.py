from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from factfile.backup import BackupError, backup, engine_of


class Command(BaseCommand):
    help = (
        "Back up the whole database to one file: SQLite's online backup, or "
        "pg_dump's custom format for PostgreSQL. Safe while the app runs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path",
            nargs="?",
            help="The file to write; by default var/backups/factfile-<time>.<ext>.",
        )
        parser.add_argument("--database", default="default")

    def handle(
        self, *args: Any, path: str | None, database: str, **options: Any
    ) -> None:
        try:
            if path is None:
                extension = "sqlite3" if engine_of(database) == "sqlite" else "dump"
                stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
                path = str(
                    settings.DATA_DIR / "backups" / f"factfile-{stamp}.{extension}"
                )
            written = backup(Path(path), alias=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        size = written.stat().st_size
        self.stdout.write(f"Backed up to {written} ({size:,} bytes)")
