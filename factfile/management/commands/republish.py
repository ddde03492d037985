from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from factfile import editorial, workflow
from factfile.republishing import republish


class Command(BaseCommand):
    help = (
        "Rebuild the published layer from the verified version of every record. "
        "On a consistent layer nothing changes; every rewrite is logged in the "
        "change feed. With --as, first retract the citations, translations and "
        "relations still public beside a retracted or never-verified record."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--as",
            dest="username",
            metavar="USERNAME",
            help="The editor-in-chief in whose name what is left public beside a "
            "retracted record is retracted, with that record's public reason.",
        )

    def handle(self, *args: Any, username: str | None = None, **options: Any) -> None:
        if username is not None:
            user = get_user_model().objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"No user is called {username!r}.")
            try:
                done = workflow.complete_retractions(by=user)
            except editorial.WorkflowError as refused:
                raise CommandError(" ".join(refused.reasons)) from refused
            self.stdout.write(f"retracted with the records they support {len(done)}")
        report = republish()
        self.stdout.write(
            f"published {report.published}, refreshed {report.refreshed}, "
            f"retracted {report.retracted}, unchanged {report.unchanged}, "
            f"change entries withdrawn {report.withdrawn}"
        )
        left = workflow.left_public()
        if left:
            shown = ", ".join(
                f"{part._meta.verbose_name} {part.pk}" for part, _ in left[:10]
            )
            more = f" and {len(left) - 10} more" if len(left) > 10 else ""
            raise CommandError(
                f"Still public beside a retracted or never-verified record: {shown}"
                f"{more}. Run again with --as <username of an editor-in-chief> to "
                "retract them with that record's public reason."
            )
