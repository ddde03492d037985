"""Settings for webhook tests: receivers on the loopback address, quick retries."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _loopback_receivers(settings):  # type: ignore[no-untyped-def]
    # Only these tests let receivers be on the loopback address.
    settings.FACTFILE_WEBHOOK_ALLOW_PRIVATE = True
    settings.FACTFILE_WEBHOOK_RETRY_BASE_SECONDS = 0
    settings.FACTFILE_WEBHOOK_TIMEOUT_SECONDS = 2
    settings.FACTFILE_WEBHOOK_WORKERS = 4


@pytest.fixture
def migrated_data(transactional_db):  # type: ignore[no-untyped-def]
    """Content types, permissions and role groups, as migrating leaves them.

    Tests that commit use serialized rollback, whose flush skips
    post_migrate: make what it would, so that the roles work.
    """
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes
    from django.contrib.contenttypes.models import ContentType

    from factfile.roles import ensure_role_groups

    ContentType.objects.clear_cache()
    for app_config in apps.get_app_configs():
        create_contenttypes(app_config, verbosity=0)
        create_permissions(app_config, verbosity=0)
    ensure_role_groups()
