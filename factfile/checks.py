"""System checks for a deployment: what ``check --deploy`` adds to Django's."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.staticfiles.storage import (
    ManifestFilesMixin,
    staticfiles_storage,
)
from django.core.checks import CheckMessage, Error, Tags, register

# Files that every page of the admin, the lookup and the API docs asks for.
PAGE_ASSETS = ("admin/css/base.css", "lookup/lookup.js", "lookup/lookup.css")


@register(Tags.staticfiles, deploy=True)
def static_files_collected(
    app_configs: Any = None, **kwargs: Any
) -> list[CheckMessage]:
    """With DEBUG off, the pages' files must have been collected into STATIC_ROOT."""
    if settings.DEBUG or not isinstance(staticfiles_storage, ManifestFilesMixin):
        return []
    # Read from staticfiles.json when the storage was made.
    collected = staticfiles_storage.hashed_files
    missing = [name for name in PAGE_ASSETS if name not in collected]
    if not missing:
        return []
    return [
        Error(
            f"Static files are not collected in {settings.STATIC_ROOT} "
            f"(no entry for {', '.join(missing)}): pages would load without "
            "their styles and scripts.",
            hint="Run `python manage.py collectstatic --noinput` with the "
            "production settings, at every release.",
            id="factfile.E001",
        )
    ]
