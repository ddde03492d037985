#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factfile.settings")
    from django.core.management import execute_from_command_line

    from factfile.configuration import ConfigurationError

    try:
        execute_from_command_line(sys.argv)
    except ConfigurationError as error:
        # A bad environment variable: one line saying which and how to fix it.
        sys.exit(f"Configuration error: {error}")


if __name__ == "__main__":
    main()
