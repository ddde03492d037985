"""Reading settings from the environment, and the error a bad value raises.

A ``ConfigurationError`` says in one line which variable is wrong and how to
fix it; ``manage.py`` and the WSGI entry point print that line and exit
non-zero, without a traceback.
"""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

# A secret of this length is what ``check --deploy`` accepts.
SECRET_HINT = (
    "set it to a random string of 50 characters or more, e.g. the output of "
    "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
)


class ConfigurationError(ImproperlyConfigured):
    """An environment variable with a missing or unusable value."""


def envbool(name: str, default: str) -> bool:
    """Read a boolean; anything but a clear yes or no is a configuration error."""
    value = os.environ.get(name, default).strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ConfigurationError(
        f"{name} must be true or false, not {value!r}: set {name}=true or {name}=false"
    )


def envint(name: str, default: str) -> int:
    """Read an integer; a malformed value is a configuration error."""
    value = os.environ.get(name, default).strip()
    try:
        return int(value)
    except ValueError:
        raise ConfigurationError(
            f"{name} must be an integer, not {value!r}: set it to a whole number"
        ) from None


def envlist(name: str, default: str) -> list[str]:
    """Read a comma-separated list, ignoring empty items."""
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]
