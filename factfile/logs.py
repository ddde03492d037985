"""Calm logs: every line once, and no traceback for what is expected."""

from __future__ import annotations

import logging


class WithoutExpectedTracebacks(logging.Filter):
    """Drop the traceback of a 4xx response, or of a refused request.

    Django logs a 403 or a 400 raised as an exception with the exception's
    traceback; these are answers to the client, not faults of the app. The
    line itself (``Forbidden (Permission denied): /admin/...``) stays.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        expected = (isinstance(status, int) and status < 500) or record.name.startswith(
            "django.security."
        )
        if expected and record.exc_info:
            record.exc_info = None
            record.exc_text = None
        return True
