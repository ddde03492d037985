"""manage.py check_fixity: sources whose text changed or was altered, and anchors."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from events.fixity import check_fixity


class Command(BaseCommand):
    help = (
        "Hash every stored source text and report sources altered outside the "
        "app (the stored text is not the one its recorded hash names), sources "
        "whose text changed since it was captured, and citations anchored in "
        "another version of their source's text: whether each passage still "
        "holds, moved or broke. Writes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--source", type=int, action="append", help="Only this source id."
        )
        parser.add_argument("--json", action="store_true", help="Print JSON.")
        parser.add_argument(
            "--fail-on-broken",
            action="store_true",
            help="Exit with an error when a text was altered outside the app, or "
            "an anchor moved or broke (for CI or cron).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = check_fixity(options["source"])
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), indent=2))
        else:
            self._print(report)
        if report.altered_sources and options["fail_on_broken"]:
            raise CommandError(
                f"{len(report.altered_sources)} source text(s) altered outside the "
                "app: restore them from a backup."
            )
        if options["fail_on_broken"] and (
            report.of_state("moved") or report.of_state("broken")
        ):
            raise CommandError("Some citations moved or broke.")

    def _print(self, report: Any) -> None:
        if report.clean:
            self.stdout.write(self.style.SUCCESS("Every source and anchor is intact."))
            return
        for altered in report.altered_sources:
            self.stdout.write(
                self.style.ERROR(
                    f"source {altered.source_id} “{altered.title}”: stored text "
                    "does not match its recorded hash "
                    f"({altered.recorded_sha256[:12]} recorded, stored text hashes "
                    f"to {altered.stored_sha256[:12]}): altered outside the app"
                )
            )
        for source in report.changed_sources:
            self.stdout.write(
                f"source {source.pk} “{source.title}”: text changed since capture "
                f"({source.captured_sha256[:12]} -> {source.stored_sha256[:12]})"
            )
        labels = {
            "moved": "anchor moved",
            "broken": "anchor broke",
            "holds": "text changed, anchor holds",
        }
        for finding in report.citations:
            line = (
                f"citation {finding.citation_id} (source {finding.source_id}): "
                f"{labels[finding.state]}"
            )
            if finding.state == "moved":
                line += f" from {finding.was[0]}-{finding.was[1]}"
                line += f" to {finding.now[0]}-{finding.now[1]}"
            if finding.detail:
                line += f": {finding.detail}"
            style = (
                self.style.ERROR if finding.state == "broken" else self.style.WARNING
            )
            self.stdout.write(style(line))
        self.stdout.write(
            f"{len(report.altered_sources)} source(s) altered outside the app, "
            f"{len(report.changed_sources)} changed since capture; "
            f"{len(report.of_state('moved'))} anchor(s) moved, "
            f"{len(report.of_state('broken'))} broke, "
            f"{len(report.of_state('holds'))} hold."
        )
