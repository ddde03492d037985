"""The admin site: a person's rights read in one query, the apps kept per set of rights.

Every admin page asks for the person's permissions (Django reads those given
to the account and those of its groups in two queries) and for the groups
again to name the role in the greeting. ``FactfileAdminSite`` reads the
three in one query when it lets the person in, and leaves them where
Django's ``ModelBackend`` keeps what it read, so that Django's own checks
use them unchanged.

Every admin page also lists the apps and models the person may open: a
permission check of each admin and two URLs per model. What that list holds
is decided only by whether the account is active, staff or superuser and by
its set of permissions (every permission method of the registered admins
comes down to ``has_perm``, ``has_module_perms`` or ``is_superuser`` when
asked without a record: ``tests/admin/test_admin_site.py`` keeps the list
of those methods and compares the lists with Django's for every role), and
by the language and the address prefix. It is kept under exactly those, in
this process: a change of rights changes the key, so nothing needs to be
forgotten.
"""

from __future__ import annotations

import functools
from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db.models import CharField, Value
from django.http import HttpRequest
from django.urls import get_script_prefix
from django.utils.module_loading import import_string
from django.utils.translation import get_language

# Where ModelBackend keeps what it read about a user, for the request.
_CACHES = ("_user_perm_cache", "_group_perm_cache", "_perm_cache")
# The names of the groups read with the permissions (the greeting's role).
GROUP_NAMES = "_factfile_group_names"

_APPS: dict[tuple[Any, ...], dict[str, dict[str, Any]]] = {}
_APPS_KEPT = 256


def read_rights(user: Any) -> None:
    """Read ``user``'s own permissions, its groups' and the groups' names at once.

    What ``ModelBackend`` would read for each of its caches, in one query
    instead of two (and the greeting's third). Only for an active account
    that is not a superuser (a superuser's checks read nothing) and whose
    permissions nothing has read yet.
    """
    if (
        not user.is_authenticated
        or not user.is_active
        or user.is_superuser
        or any(hasattr(user, name) for name in (*_CACHES, GROUP_NAMES))
    ):
        return
    own = (
        Permission.objects.filter(user=user)
        .values_list(
            "content_type__app_label", "codename", Value(None, output_field=CharField())
        )
        .order_by()
    )
    of_groups = (
        Group.objects.filter(user=user)
        .values_list(
            "permissions__content_type__app_label", "permissions__codename", "name"
        )
        .order_by()
    )
    user_perms: set[str] = set()
    group_perms: set[str] = set()
    names: set[str] = set()
    for app_label, codename, group in own.union(of_groups, all=True):
        if group is None:
            user_perms.add(f"{app_label}.{codename}")
            continue
        names.add(group)
        if codename is not None:
            group_perms.add(f"{app_label}.{codename}")
    user._user_perm_cache = user_perms
    user._group_perm_cache = group_perms
    user._perm_cache = user_perms | group_perms
    setattr(user, GROUP_NAMES, names)


def _rights_key(request: HttpRequest) -> tuple[Any, ...] | None:
    """What decides the apps ``request``'s person sees, or None if not kept."""
    user = request.user
    if not user.is_authenticated:
        return None
    if user.is_active and user.is_superuser:
        # Every check is true for an active superuser, whatever it holds.
        rights: frozenset[str] | None = None
    else:
        rights = frozenset(user.get_all_permissions())
    return (user.is_active, user.is_staff, user.is_superuser, rights)


def _copy(apps: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    # Callers sort and may change what they get: each gets its own.
    return {
        label: {
            **app,
            "models": [
                {**model, "perms": dict(model["perms"])} for model in app["models"]
            ],
        }
        for label, app in apps.items()
    }


class FactfileAdminSite(admin.AdminSite):
    """Django's admin site, reading rights in one query and keeping the app list."""

    def has_permission(self, request: HttpRequest) -> bool:
        allowed = super().has_permission(request)
        if allowed and _uses_model_backend():
            read_rights(request.user)
        return allowed

    def _build_app_dict(
        self, request: HttpRequest, label: str | None = None
    ) -> dict[str, dict[str, Any]]:
        rights = _rights_key(request)
        if rights is None:
            return super()._build_app_dict(request, label)
        key = (self.name, label, get_language(), get_script_prefix(), *rights)
        apps = _APPS.get(key)
        if apps is None:
            apps = super()._build_app_dict(request, label)
            if len(_APPS) >= _APPS_KEPT:
                _APPS.clear()
            _APPS[key] = apps
        return _copy(apps)


def _uses_model_backend() -> bool:
    """Whether Django's ``ModelBackend`` itself keeps the permissions read here."""
    return _model_backend_among(tuple(settings.AUTHENTICATION_BACKENDS))


@functools.cache
def _model_backend_among(paths: tuple[str, ...]) -> bool:
    # A subclass would keep its caches under the same names, read otherwise.
    classes = [import_string(path) for path in paths]
    return ModelBackend in classes and not any(
        issubclass(cls, ModelBackend) and cls is not ModelBackend for cls in classes
    )
