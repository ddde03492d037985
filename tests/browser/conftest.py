"""Fixtures for the browser tests, which run against a live server."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.management import create_contenttypes
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from factfile.roles import all_role_permissions
from tests.importing.article_server import article_server, loopback_allowed

__all__ = ["article_server", "loopback_allowed", "role_groups"]


@pytest.fixture(autouse=True)
def role_groups(transactional_db):  # type: ignore[no-untyped-def]
    """The role groups with exactly their role's permissions, whatever ran before.

    They come from a data migration; a flush keeps the permissions (made
    again after it) but not the groups, and a test that migrates backwards
    and forwards may leave a group with part of its permissions.
    """
    # A serialized-rollback test's flush skips post_migrate, which makes the
    # content types and permissions: make them as it would.
    ContentType.objects.clear_cache()
    for app_config in apps.get_app_configs():
        create_contenttypes(app_config, verbosity=0)
        create_permissions(app_config, verbosity=0)
    for role, permissions in all_role_permissions().items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = Q()
        for app_label, codename in permissions:
            wanted |= Q(content_type__app_label=app_label, codename=codename)
        group.permissions.set(Permission.objects.filter(wanted))
