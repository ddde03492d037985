from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from factfile.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by the backup command into the database. An "
        "empty database is filled; one with tables needs --replace."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The backup file to restore.")
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Overwrite a database that already has tables, losing its content.",
        )

    def handle(
        self, *args: Any, path: str, database: str, replace: bool, **options: Any
    ) -> None:
        try:
            restore(Path(path), alias=database, replace=replace)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {path}")
