"""manage.py import_sources PATH...: import article files as draft sources."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sources.importing.importer import Result, expand_paths, import_path


class Command(BaseCommand):
    help = (
        "Import plain-text (.txt), HTML (.html) and JSON (.json) articles as draft "
        "sources, with suggested quotes, speakers, actors and dates for review. "
        "Directories are searched for such files."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--user",
            help="Username the drafts are created by; defaults to the only superuser.",
        )
        parser.add_argument(
            "--published-on",
            type=datetime.date.fromisoformat,
            help="Confirm this publication date (YYYY-MM-DD) for every file, so "
            "relative dates are resolved at once.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = self._user(options["user"])
        paths = list(expand_paths(options["paths"]))
        if not paths:
            raise CommandError("No files to import.")
        totals = {Result.CREATED: 0, Result.SKIPPED: 0, Result.ERROR: 0}
        for number, path in enumerate(paths, start=1):
            outcome = import_path(path, by=user, published_on=options["published_on"])
            totals[outcome.result] += 1
            style = {
                Result.CREATED: self.style.SUCCESS,
                Result.SKIPPED: self.style.WARNING,
                Result.ERROR: self.style.ERROR,
            }[outcome.result]
            self.stdout.write(
                f"[{number}/{len(paths)}] {path}: "
                + style(outcome.result)
                + f": {outcome.message}"
            )
        summary = (
            f"{len(paths)} files: {totals[Result.CREATED]} created, "
            f"{totals[Result.SKIPPED]} skipped, {totals[Result.ERROR]} errors"
        )
        if totals[Result.ERROR]:
            self.stdout.write(summary)
            raise CommandError(
                f"{totals[Result.ERROR]} of {len(paths)} files were not imported."
            )
        self.stdout.write(self.style.SUCCESS(summary))

    def _user(self, username: str | None) -> Any:
        users = get_user_model().objects
        if username:
            try:
                return users.get(username=username)
            except users.model.DoesNotExist:
                raise CommandError(f"No user named {username!r}.") from None
        superusers = list(users.filter(is_superuser=True, is_active=True)[:2])
        if len(superusers) != 1:
            raise CommandError("Say who imports with --user USERNAME.")
        return superusers[0]
