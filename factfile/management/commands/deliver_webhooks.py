"""Deliver the change feed to webhook subscribers: a long-running worker."""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from factfile.webhooks import delivery


class Command(BaseCommand):
    help = (
        "Send new changes to every subscribed receiver, signed and in order; "
        "retry failures with backoff. Runs until stopped (SIGTERM or Ctrl-C)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once",
            action="store_true",
            help="Deliver what is due now, once per subscription, then exit.",
        )
        parser.add_argument(
            "--poll",
            type=float,
            default=0.5,
            help="Seconds between looks at the change feed (default 0.5).",
        )

    def handle(self, *args: Any, once: bool, poll: float, **options: Any) -> None:
        if poll <= 0 or poll > 60:
            self.stderr.write("--poll must be between 0 and 60 seconds.")
            raise SystemExit(2)
        stop = threading.Event()
        if threading.current_thread() is threading.main_thread():
            # A clean stop finishes the requests in flight; a killed worker
            # loses nothing either: unacknowledged changes are sent again.
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, lambda *_: stop.set())
        sent = delivery.run(once=once, poll=poll, stop=stop)
        if once:
            self.stdout.write(f"{sent} batch(es) delivered.")
