"""The newsroom's roles, kept as auth groups created by migrations.

Roles are the only way rights are given: a role group's permissions are set
by a migration from the lists below, and only superusers change groups'
permissions or give an account rights of its own (``factfile.accounts``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

if TYPE_CHECKING:
    from django.contrib.auth.models import User

REPORTER = "Reporter"
FACT_CHECKER = "Fact-checker"
EDITOR_IN_CHIEF = "Editor-in-chief"
# From the lowest role to the highest.
ROLES = (REPORTER, FACT_CHECKER, EDITOR_IN_CHIEF)

# The editorial models of each app; their permissions make up the roles.
EDITORIAL_MODELS = {
    "sources": ["source"],
    "events": ["actor", "statement", "event", "citation"],
}
PART_MODELS = {"events": ["alias", "role", "participant", "eventrelation"]}
# The editor-in-chief's accounts: they see users and groups, add users and
# change them (within ``factfile.accounts``' limits), but never delete a
# user, nor create, change or delete a group.
ACCOUNT_PERMISSIONS = [
    ("auth", "view_user"),
    ("auth", "add_user"),
    ("auth", "change_user"),
    ("auth", "view_group"),
]
# Webhook subscriptions (made, replayed and ended, never deleted), their
# delivery log and the stories publishing tools registered, seen.
WEBHOOK_PERMISSIONS = [
    ("factfile", "view_subscription"),
    ("factfile", "add_subscription"),
    ("factfile", "change_subscription"),
    ("factfile", "view_delivery"),
    ("factfile", "view_story"),
]
# The editor-in-chief's tools beside the accounts: API keys (issued and
# revoked, never deleted), login lockouts (seen and lifted) and two-factor
# devices (seen and reset, never made or edited, since whoever makes a
# device knows its secret).
TOOL_PERMISSIONS = [
    ("factfile", "view_apikey"),
    ("factfile", "add_apikey"),
    ("factfile", "change_apikey"),
    ("axes", "view_accessattempt"),
    ("axes", "delete_accessattempt"),
    ("axes", "view_accesslog"),
    ("axes", "view_accessfailurelog"),
    ("otp_totp", "view_totpdevice"),
    ("otp_totp", "delete_totpdevice"),
    ("otp_static", "view_staticdevice"),
    ("otp_static", "delete_staticdevice"),
    *WEBHOOK_PERMISSIONS,
]


def role_permissions() -> dict[str, list[tuple[str, str]]]:
    """(app_label, codename) pairs for each role's records and accounts.

    Each role includes the one before. The role groups' first migration
    reads this, so it names only models of apps that exist by then
    (sources, events, auth); ``all_role_permissions()`` adds the tools.
    """
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
        + ACCOUNT_PERMISSIONS
    )
    return {
        REPORTER: reporter,
        FACT_CHECKER: fact_checker,
        EDITOR_IN_CHIEF: editor_in_chief,
    }


def all_role_permissions() -> dict[str, list[tuple[str, str]]]:
    """Every (app_label, codename) pair each role holds, tools included."""
    permissions = role_permissions()
    permissions[EDITOR_IN_CHIEF] = permissions[EDITOR_IN_CHIEF] + TOOL_PERMISSIONS
    return permissions


def permission_query(pairs: list[tuple[str, str]]) -> Q:
    """A filter on ``Permission`` for the (app_label, codename) pairs given."""
    query = Q(pk__in=[])
    for app_label, codename in pairs:
        query |= Q(content_type__app_label=app_label, codename=codename)
    return query


def ensure_role_groups() -> None:
    """Create any missing role group with its permissions.

    Migrations create the groups; this restores them where a test database
    was flushed between tests, and is a no-op when they exist.
    """
    if Group.objects.filter(name__in=ROLES).count() == len(ROLES):
        return
    for role, pairs in all_role_permissions().items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set(Permission.objects.filter(permission_query(pairs)))


def role_of(user: User, group_names: set[str] | None = None) -> str | None:
    """The highest role ``user`` holds, or None.

    ``group_names``: the names of the user's groups, where they were read
    already (``factfile.admin_site.read_rights``).
    """
    names = (
        group_names
        if group_names is not None
        else {group.name for group in user.groups.all()}
    )
    held = [role for role in ROLES if role in names]
    return held[-1] if held else None


def role_label(user: User, group_names: set[str] | None = None) -> str:
    """What ``user`` is in the newsroom, for a greeting: a superuser, a role or none."""
    if user.is_superuser:
        return "superuser"
    return role_of(user, group_names) or "no role"


def holds_rights_of_its_own(user: User) -> bool:
    """Whether ``user`` has rights that no role gives: only a superuser grants them."""
    return (
        user.is_superuser
        or user.user_permissions.exists()
        or user.groups.exclude(name__in=ROLES).exists()
    )


@transaction.atomic
def give_role(user: User, role: str | None) -> None:
    """Make ``role`` the user's only role (None: no role); staff status follows.

    Groups that are not roles are left as they are: only a superuser gives
    or takes them, in the user admin.
    """
    if role is not None and role not in ROLES:
        raise ValueError(f"Unknown role {role!r}; the roles are {', '.join(ROLES)}.")
    ensure_role_groups()
    user.groups.remove(*Group.objects.filter(name__in=ROLES))
    if role is not None:
        user.groups.add(Group.objects.get(name=role))
    update_staff_status(user)


def update_staff_status(user: User) -> None:
    """Make ``user`` staff if it holds a role, or rights of its own that it had.

    So a person given a role can log into the admin, and a person whose
    role was taken away no longer can, without anyone setting the flag.
    """
    has_role = user.groups.filter(name__in=ROLES).exists()
    staff = has_role or (user.is_staff and holds_rights_of_its_own(user))
    if user.is_staff != staff:
        user.is_staff = staff
        user.save(update_fields=["is_staff"])
