"""The newsroom's roles, kept as auth groups created by a migration."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

if TYPE_CHECKING:
    from django.contrib.auth.models import User

REPORTER = "Reporter"
FACT_CHECKER = "Fact-checker"
EDITOR_IN_CHIEF = "Editor-in-chief"
ROLES = (REPORTER, FACT_CHECKER, EDITOR_IN_CHIEF)

# The editorial models of each app; their permissions make up the roles.
EDITORIAL_MODELS = {
    "sources": ["source"],
    "events": ["actor", "statement", "event", "citation"],
}
PART_MODELS = {"events": ["alias", "role", "participant", "eventrelation"]}


def role_permissions() -> dict[str, list[tuple[str, str]]]:
    """(app_label, codename) pairs for each role; each role includes the one before."""
    reporter = [
        (app, f"{action}_{model}")
        for mapping in (EDITORIAL_MODELS, PART_MODELS)
        for app, models in mapping.items()
        for model in models
        for action in ("view", "add", "change", "delete")
    ]
    fact_checker = reporter + [
        (app, f"verify_{model}")
        for app, models in EDITORIAL_MODELS.items()
        for model in models
    ]
    editor_in_chief = (
        fact_checker
        + [
            (app, f"retract_{model}")
            for app, models in EDITORIAL_MODELS.items()
            for model in models
        ]
        + [
            ("auth", f"{action}_{model}")
            for model in ("user", "group")
            for action in ("view", "add", "change", "delete")
        ]
    )
    return {
        REPORTER: reporter,
        FACT_CHECKER: fact_checker,
        EDITOR_IN_CHIEF: editor_in_chief,
    }


def ensure_role_groups() -> None:
    """Create any missing role group with its permissions.

    A migration creates the groups; this restores them where a test database
    was flushed between tests, and is a no-op when they exist.
    """
    if Group.objects.filter(name__in=ROLES).count() == len(ROLES):
        return
    for role, pairs in role_permissions().items():
        group, _ = Group.objects.get_or_create(name=role)
        query = Q()
        for app_label, codename in pairs:
            query |= Q(content_type__app_label=app_label, codename=codename)
        group.permissions.set(Permission.objects.filter(query))


def give_role(user: User, role: str) -> None:
    """Make ``role`` the user's only role; staff status lets them into the admin."""
    if role not in ROLES:
        raise ValueError(f"Unknown role {role!r}; the roles are {', '.join(ROLES)}.")
    ensure_role_groups()
    user.groups.remove(*Group.objects.filter(name__in=ROLES))
    user.groups.add(Group.objects.get(name=role))
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
