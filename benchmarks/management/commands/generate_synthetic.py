"""``manage.py generate_synthetic``: a large, deterministic fact file for benchmarks."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from benchmarks.synthetic.loading import NotEmpty, load


class Command(BaseCommand):
    help = (
        "Build a synthetic fact file of N statements (about N/500 actors, N/10 "
        "sources with full texts, N/5 events), with history and the published "
        "layer, the same for the same seed. Meant for benchmarks: on PostgreSQL "
        "worker processes write the rows, streamed with COPY, and the indexes "
        "are built afterwards."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--statements",
            type=int,
            required=True,
            help="How many statements; everything else scales with it.",
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="The same seed gives the same data."
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="Processes that write the rows on PostgreSQL (default: one per "
            "core). The fact file is the same for any number.",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete every record of the fact file first (sources, actors, "
            "statements, events, citations, their history and the published "
            "layer). Without it, the fact file must be empty.",
        )

    def handle(
        self,
        *args: Any,
        statements: int,
        seed: int,
        replace: bool,
        workers: int | None,
        **options: Any,
    ) -> None:
        if statements < 1:
            raise CommandError("--statements must be at least 1.")
        if workers is not None and workers < 1:
            raise CommandError("--workers must be at least 1.")
        try:
            report = load(
                statements=statements,
                seed=seed,
                replace=replace,
                workers=workers,
                progress=self.progress,
            )
        except NotEmpty as error:
            raise CommandError(str(error)) from error
        self.stdout.write("Synthetic fact file:")
        for line in report.lines():
            self.stdout.write(f"  {line}")

    def progress(self, line: str) -> None:
        self.stdout.write(line)
        # Shown as it happens, also when the output goes to a file.
        self.stdout.flush()
