"""``manage.py seed_factfile``: load the seed articles and their fact file."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from events.seeding import SeedError, seed_factfile


class Command(BaseCommand):
    help = (
        "Load the five seed articles as sources and the curated fact file drawn "
        "from them, through the editorial workflow. Running it again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--demo-users",
            action="store_true",
            help="Also give the demo reporter, fact-checker and editor-in-chief "
            "known passwords and print them. For local use only: refused when "
            "DEBUG is off.",
        )

    def handle(self, *args: Any, demo_users: bool, **options: Any) -> None:
        if demo_users and not settings.DEBUG:
            raise CommandError(
                "--demo-users creates accounts with published passwords; "
                "it only runs with DEBUG on, on a developer's machine."
            )
        try:
            report = seed_factfile(demo_users=demo_users)
        except SeedError as error:
            raise CommandError(f"Nothing was loaded: {error}") from error
        self.stdout.write("Seed fact file:")
        for line in report.lines():
            self.stdout.write(f"  {line}")
        if report.demo_logins:
            self.stdout.write(
                self.style.WARNING("demo logins (demo accounts, for local use only):")
            )
            for account in report.demo_logins:
                self.stdout.write(
                    f"  {account.role:<16} {account.username} / {account.password}"
                )
            if not settings.FACTFILE_REQUIRE_2FA:
                self.stdout.write(
                    "  (no two-factor code is asked while DEBUG is on; production "
                    "asks fact-checkers and the editor-in-chief for one)"
                )
