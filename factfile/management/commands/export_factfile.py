from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from factfile import exporting
from factfile.published.export import FORMATS, export


class Command(BaseCommand):
    help = (
        "Write the whole published layer: with --build, the files the public "
        "API's export/ serves (into FACTFILE_EXPORT_DIR); otherwise JSON Lines "
        "(default) or CSV, to standard output or a file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=list(FORMATS), default="jsonl")
        parser.add_argument(
            "--output",
            help="A file to write; standard output if absent. A bare file name "
            "goes into the data folder (var/ by default), which git ignores.",
        )
        parser.add_argument(
            "--build",
            action="store_true",
            help="Build the API's export files (both formats) and their manifest.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["build"]:
            manifest = exporting.build()
            assert manifest is not None
            self.stdout.write(
                f"Built the export files of {manifest.data['rows']} records "
                f"up to change {manifest.last_seq} in {manifest.folder}."
            )
            return
        lines = export(options["format"])
        if not options["output"]:
            for line in lines:
                self.stdout.write(line, ending="")
            return
        # Written whole or not at all: a failure leaves no partial file.
        target = Path(options["output"])
        if target.parent == Path():
            target = Path(settings.DATA_DIR) / target
            target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w",
            encoding="utf-8",
            newline="",
            dir=target.parent,
            prefix=f".{target.name}.",
            delete=False,
        ) as out:
            try:
                out.writelines(lines)
                out.flush()
                os.fsync(out.fileno())
            except BaseException:
                out.close()
                os.unlink(out.name)
                raise
        os.replace(out.name, target)
        self.stderr.write(f"Wrote {target}.")
