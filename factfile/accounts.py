"""Who may do what to an account: roles, passwords, second factors, lockouts.

Roles are the only way rights are given. A superuser may do anything; anyone
else manages only accounts below their own role whose rights are all rights
they hold themselves, and never their own account through these paths: an
editor-in-chief can set a reporter's password and reset their second factor,
but not those of another editor-in-chief or of a superuser, since whoever
sets a password and pairs a device can log in as that person.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from axes.models import AccessAttempt
from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from factfile.roles import ROLES, all_role_permissions, give_role

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def permissions_of(account: User) -> set[str]:
    """Every permission ``account`` holds as ``app_label.codename``, active or not.

    Unlike ``get_all_permissions()``, an inactive account's rights count:
    whoever may activate it again would otherwise see none.
    """
    return {
        f"{app_label}.{codename}"
        for app_label, codename in Permission.objects.filter(
            Q(user=account) | Q(group__user=account)
        ).values_list("content_type__app_label", "codename")
    }


def role_rank(account: User) -> int:
    """The index in ``ROLES`` of the highest role ``account`` holds; -1 for none."""
    names = set(account.groups.values_list("name", flat=True))
    held = [rank for rank, role in enumerate(ROLES) if role in names]
    return max(held, default=-1)


def may_open_accounts(viewer: User) -> bool:
    """Whether ``viewer`` may open account pages, so names may link to them.

    Superusers and the editor-in-chief may (they see users); a reporter or a
    fact-checker reads the name as text, not a link that answers 403.
    """
    return viewer.is_active and (
        viewer.has_perm("auth.view_user") or viewer.has_perm("auth.change_user")
    )


def display_name(account: User | None) -> str:
    """The person's full name, or their username when the account has none."""
    if account is None:
        return ""
    return account.get_full_name().strip() or account.get_username()


def can_manage_account(actor: User, account: User) -> bool:
    """Whether ``actor`` may change ``account``, set its password or reset its factor.

    A superuser may; anyone else needs the change-user permission, and the
    account must be another person's, not a superuser's, below the actor's
    role, and hold no right the actor does not hold.
    """
    if not actor.is_active:
        return False
    if actor.is_superuser:
        return True
    if account.is_superuser or account.pk == actor.pk:
        return False
    if not actor.has_perm("auth.change_user"):
        return False
    if role_rank(account) >= role_rank(actor):
        return False
    return permissions_of(account) <= actor.get_all_permissions()


def assignable_roles(actor: User) -> list[str]:
    """The roles ``actor`` may give: those whose every right the actor holds."""
    if not actor.is_active:
        return []
    if actor.is_superuser:
        return list(ROLES)
    if not actor.has_perm("auth.change_user"):
        return []
    held = actor.get_all_permissions()
    return [
        role
        for role, pairs in all_role_permissions().items()
        if {f"{app_label}.{codename}" for app_label, codename in pairs} <= held
    ]


def _check_may_manage(actor: User, accounts: Iterable[User]) -> None:
    refused = [str(a) for a in accounts if not can_manage_account(actor, a)]
    if refused:
        raise PermissionDenied(
            f"Nothing was changed: you may not manage {', '.join(refused)}."
        )


@transaction.atomic
def assign_role(account: User, *, role: str | None, by: User) -> None:
    """Make ``role`` the only role of ``account`` (None: no role), as ``by`` may."""
    _check_may_manage(by, [account])
    if role is not None and role not in assignable_roles(by):
        raise PermissionDenied(f"You may not give the role {role!r}.")
    give_role(account, role)


@transaction.atomic
def deactivate_accounts(accounts: Iterable[User], *, by: User) -> int:
    """Stop ``accounts`` from logging in, all or none; return how many changed."""
    accounts = list(accounts)
    _check_may_manage(by, accounts)
    changed = [account for account in accounts if account.is_active]
    for account in changed:
        account.is_active = False
        account.save(update_fields=["is_active"])
    LogEntry.objects.log_actions(
        by.pk, changed, CHANGE, [{"changed": {"fields": ["Active"]}}]
    )
    return len(changed)


@transaction.atomic
def reset_two_factor(accounts: Iterable[User], *, by: User) -> int:
    """Delete the accounts' devices and backup codes; each pairs a new device next time.

    Nobody sees the secret of the old device or of the new one: the person
    pairs their new authenticator app themselves after their password.
    """
    accounts = list(accounts)
    _check_may_manage(by, accounts)
    ids = [account.pk for account in accounts]
    count, _ = TOTPDevice.objects.filter(user__in=ids).delete()
    StaticDevice.objects.filter(user__in=ids).delete()
    LogEntry.objects.log_actions(
        by.pk,
        accounts,
        CHANGE,
        "Reset two-factor authentication: a new device is paired at the next login.",
    )
    return count


def may_lift_lockout(actor: User, attempt: AccessAttempt) -> bool:
    """Whether ``actor`` may lift the lockout that ``attempt`` counts toward.

    Lifting a lockout lets someone guess the password again, so the account
    it protects must be one the actor manages; a username that matches no
    account protects nobody.
    """
    if actor.is_superuser:
        return actor.is_active
    accounts = get_user_model().objects.filter(username__iexact=attempt.username or "")
    return all(can_manage_account(actor, account) for account in accounts)


@transaction.atomic
def lift_lockouts(attempts: Iterable[AccessAttempt], *, by: User) -> int:
    """Forget the failed logins of ``attempts``, all or none; return how many."""
    attempts = list(attempts)
    refused = [str(a.username) for a in attempts if not may_lift_lockout(by, a)]
    if refused:
        raise PermissionDenied(
            "Nothing was unlocked: you may not unlock the logins of "
            f"{', '.join(refused)}."
        )
    LogEntry.objects.log_actions(by.pk, attempts, DELETION, "Unlocked the login.")
    _, deleted = AccessAttempt.objects.filter(
        pk__in=[attempt.pk for attempt in attempts]
    ).delete()
    return deleted.get(AccessAttempt._meta.label, 0)
