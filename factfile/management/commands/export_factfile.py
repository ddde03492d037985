from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from factfile.published.export import FORMATS, export


class Command(BaseCommand):
    help = (
        "Write the whole published layer, as the public API's export/ serves it: "
        "JSON Lines (default) or CSV, to standard output or a file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=list(FORMATS), default="jsonl")
        parser.add_argument(
            "--output", help="A file to write; standard output if absent."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        lines = export(options["format"])
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8", newline="") as out:
                out.writelines(lines)
        else:
            for line in lines:
                self.stdout.write(line, ending="")
