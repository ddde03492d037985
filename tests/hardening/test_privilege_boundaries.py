"""Nobody gains rights beyond their role through the account admins.

The editor-in-chief requests every page and bulk action of the user, group,
API-key, lockout and two-factor device admins, for every object, posting
forged fields (superuser, staff, individual permissions, groups that are not
roles, group permissions). Afterwards every account holds only what its role
groups give (as ``factfile.roles`` defines them), no superuser was made, no
group changed, and the accounts the editor-in-chief does not manage (a
superuser's, another editor-in-chief's, their own) are as they were.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from factfile.accounts import permissions_of
from factfile.api.keys import ApiKey
from factfile.roles import (
    EDITOR_IN_CHIEF,
    FACT_CHECKER,
    REPORTER,
    ROLES,
    all_role_permissions,
)
from factfile.twofactor import issue_backup_codes
from tests import factories
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

User = get_user_model()
SITE_ADMINS = "Site administrators"
NEW_PASSWORD = "A new long passphrase 4417"
ACCOUNT_MODELS = [
    User,
    Group,
    Permission,
    ApiKey,
    AccessAttempt,
    AccessLog,
    AccessFailureLog,
    TOTPDevice,
    StaticDevice,
]


def lock_out(username: str) -> None:
    """Five failed logins from one address, as django-axes counts them."""
    for _ in range(5):
        Client().post(
            reverse("admin:login"),
            {"username": username, "password": "not the password"},
            REMOTE_ADDR="203.0.113.9",
        )


def logs_in(username: str, password: str = PASSWORD) -> bool:
    response = Client().post(
        reverse("admin:login"),
        {"username": username, "password": password},
        REMOTE_ADDR="203.0.113.9",
    )
    return response.status_code == 302


@pytest.fixture
def accounts(editor_in_chief, reporter, fact_checker, settings):  # type: ignore[no-untyped-def]
    """A newsroom's accounts, each with a device, backup codes and a lockout."""
    settings.AXES_ENABLED = True
    people = {
        "chief": editor_in_chief,
        "other_chief": factories.editor_in_chief_user(username="edgar.editor"),
        "root": User.objects.create_superuser(
            "root", "root@newsroom.example", PASSWORD
        ),
        "reporter": reporter,
        "checker": fact_checker,
        "dormant": factories.reporter_user(username="dora.reporter", is_active=False),
        "newcomer": factories.UserFactory(username="nora.newcomer", is_staff=False),
    }
    # A group that is not a role, with rights no role has: nobody is in it,
    # and nobody but a superuser may put anyone in it.
    Group.objects.create(name=SITE_ADMINS).permissions.set(
        Permission.objects.filter(content_type__app_label__in=["auth", "otp_totp"])
    )
    for person in people.values():
        TOTPDevice.objects.create(user=person, name="Phone", confirmed=True)
        issue_backup_codes(person)
        lock_out(person.username)
    ApiKey.issue(name="Wire desk")
    ApiKey.issue(name="Partner site")
    return people


def allowed_by_roles(user: Any) -> set[str]:
    """The permissions the role groups of ``user`` give, per ``factfile.roles``."""
    by_role = all_role_permissions()
    return {
        f"{app_label}.{codename}"
        for name in user.groups.values_list("name", flat=True)
        if name in by_role
        for app_label, codename in by_role[name]
    }


def account_row(user: Any) -> tuple[Any, ...]:
    user.refresh_from_db()
    return (
        user.username,
        user.password,
        user.email,
        user.is_active,
        user.is_staff,
        user.is_superuser,
        sorted(user.groups.values_list("name", flat=True)),
        sorted(user.user_permissions.values_list("codename", flat=True)),
        TOTPDevice.objects.filter(user=user).count(),
        StaticDevice.objects.filter(user=user).count(),
        AccessAttempt.objects.filter(username=user.username).count(),
    )


def groups_state() -> list[tuple[str, list[str]]]:
    return [
        (
            group.name,
            sorted(
                group.permissions.values_list("content_type__app_label", "codename")
            ),
        )
        for group in Group.objects.order_by("pk")
    ]


def rights_beyond_roles() -> dict[str, set[str]]:
    """Permissions each account holds that its role groups do not give."""
    beyond = {}
    for user in User.objects.filter(is_superuser=False):
        extra = permissions_of(user) - allowed_by_roles(user)
        if extra:
            beyond[user.username] = extra
    return beyond


def admin_pages() -> list[tuple[str, str]]:
    """(model label, URL) for every page of the account admins, for every object."""
    pages = []
    for model in ACCOUNT_MODELS:
        model_admin = admin.site._registry.get(model)
        if model_admin is None:
            continue
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        pks = [str(pk) for pk in model._base_manager.values_list("pk", flat=True)]
        for pattern in model_admin.get_urls():
            route = str(pattern.pattern)
            if "<" not in route:
                pages.append((model._meta.label_lower, base + route))
                continue
            pages += [
                (
                    model._meta.label_lower,
                    base + re.sub(r"<(?:\w+:)?\w+>", pk, route),
                )
                for pk in pks
            ]
    return pages


def bulk_posts() -> list[tuple[str, dict[str, Any]]]:
    """Every bulk action of the account admins, on all objects and on each alone."""
    posts = []
    for model in ACCOUNT_MODELS:
        model_admin = admin.site._registry.get(model)
        if model_admin is None:
            continue
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        pks = [str(pk) for pk in model._base_manager.values_list("pk", flat=True)]
        names = {"delete_selected"} | {
            action if isinstance(action, str) else action.__name__
            for action in model_admin.actions or []
        }
        posts.extend(
            (
                base,
                {
                    "action": name,
                    "_selected_action": selection,
                    "post": "yes",
                    "index": "0",
                },
            )
            for name in sorted(names)
            for selection in [pks, *([pk] for pk in pks)]
        )
    return posts


def forged_forms() -> list[dict[str, Any]]:
    """Form data with every field that gives rights, and each kind of role."""
    every_permission = [
        str(pk) for pk in Permission.objects.values_list("pk", flat=True)
    ]
    every_group = [str(pk) for pk in Group.objects.values_list("pk", flat=True)]
    site_admins = Group.objects.get(name=SITE_ADMINS)
    common = {
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "usable_password": "true",
        "set_usable_password": "true",
        "first_name": "Forged",
        "email": "forged@newsroom.example",
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "user_permissions": every_permission,
        "groups": every_group,
        "permissions": every_permission,
        "name": "Forged name",
        # What the stock forms require besides, so that a form that should
        # not be offered would be valid if it were.
        "date_joined_0": "2025-01-06",
        "date_joined_1": "09:00:00",
        "user": str(User.objects.filter(is_superuser=True).first().pk),
        "confirmed": "on",
        "key": "3132333435363738393031323334353637383930",
        "step": "30",
        "t0": "0",
        "digits": "6",
        "tolerance": "1",
        "drift": "0",
        "throttling_failure_count": "0",
        "post": "yes",
    }
    return [
        common | {"role": role}
        for role in (
            EDITOR_IN_CHIEF,
            SITE_ADMINS,
            str(site_admins.pk),
            "Superuser",
            "",
        )
    ]


def test_the_editor_in_chief_gains_nobody_rights_beyond_roles_by_any_admin_url(
    accounts,
):
    chief = accounts["chief"]
    protected = {name: accounts[name] for name in ("chief", "other_chief", "root")}
    protected_before = {name: account_row(user) for name, user in protected.items()}
    superusers_before = set(User.objects.filter(is_superuser=True).values_list("pk"))
    groups_before = groups_state()
    reporter_before = account_row(accounts["reporter"])
    assert rights_beyond_roles() == {}
    # Permissions have no admin page of their own: they are given through
    # groups and the user form, both swept here.
    registered = {model for model in ACCOUNT_MODELS if admin.site.is_registered(model)}
    assert registered == set(ACCOUNT_MODELS) - {Permission}

    client = Client(raise_request_exception=False)
    client.force_login(chief)
    errors = []
    pages = admin_pages()
    assert len(pages) > 150
    forms = forged_forms()
    for number, (label, url) in enumerate(pages):
        response = client.get(url)
        if response.status_code >= 500:
            errors.append(("get", url, response.status_code))
        # Each kind of role is tried where a role can be chosen.
        variants = forms if label in ("auth.user", "auth.group") else forms[:1]
        for variant, data in enumerate(variants):
            data = data | {"username": f"forged{number}x{variant}"}
            response = client.post(url, data)
            if response.status_code >= 500:
                errors.append(("post", url, data["role"], response.status_code))
    for url, data in bulk_posts():
        response = client.post(url, data)
        if response.status_code >= 500:
            errors.append(("post", url, data["action"], response.status_code))

    assert errors == []
    assert rights_beyond_roles() == {}
    assert set(User.objects.filter(is_superuser=True).values_list("pk")) == (
        superusers_before
    )
    assert groups_state() == groups_before
    assert not User.objects.filter(groups__name=SITE_ADMINS).exists()
    assert (
        not User.objects.filter(is_staff=True, is_superuser=False)
        .exclude(groups__name__in=ROLES)
        .exists()
    )
    assert {name: account_row(user) for name, user in protected.items()} == (
        protected_before
    )
    # The sweep did reach what the editor-in-chief may do: it changed the
    # reporter's account, within the roles.
    assert account_row(accounts["reporter"]) != reporter_before
    assert User.objects.filter(username__startswith="forged").exists()


@pytest.mark.parametrize("role", ["reporter", "fact_checker"])
def test_reporters_and_fact_checkers_reach_no_account_admin_page(
    accounts, role, request
):
    user = request.getfixturevalue(role)
    everyone_before = {user.pk: account_row(user) for user in User.objects.all()}
    keys_before = list(ApiKey.objects.values_list("pk", "name", "revoked_at"))
    groups_before = groups_state()

    client = Client(raise_request_exception=False)
    client.force_login(user)
    reached = []
    data = forged_forms()[0] | {"username": "intruder"}
    for _label, url in admin_pages():
        for method in ("get", "post"):
            response = getattr(client, method)(url, data if method == "post" else {})
            moved = response.status_code == 302 and response["Location"] in (
                url + "change/",
                "/admin/",
            )
            if response.status_code not in (403, 404) and not moved:
                reached.append((method, url, response.status_code))
    for url, data in bulk_posts():
        response = client.post(url, data)
        if response.status_code not in (403, 404):
            reached.append(("post", url, data["action"], response.status_code))

    assert reached == []
    assert {user.pk: account_row(user) for user in User.objects.all()} == (
        everyone_before
    )
    assert list(ApiKey.objects.values_list("pk", "name", "revoked_at")) == keys_before
    assert groups_state() == groups_before


# What the editor-in-chief does with accounts --------------------------------


def chief_client(accounts) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(accounts["chief"])
    return client


def add_account(client: Client, username: str, **fields: Any) -> Any:
    return client.post(
        reverse("admin:auth_user_add"),
        {
            "username": username,
            "usable_password": "true",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            **fields,
        },
    )


def change_account(client: Client, user: Any, **fields: Any) -> Any:
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on" if user.is_active else "",
        "role": "",
    } | fields
    return client.post(reverse("admin:auth_user_change", args=[user.pk]), data)


def test_the_editor_in_chief_creates_a_reporter_who_can_log_into_the_admin(accounts):
    response = add_account(
        chief_client(accounts),
        "rosa.reporter",
        first_name="Rosa",
        role=REPORTER,
        is_superuser="on",
        is_staff="",
        user_permissions=[str(Permission.objects.get(codename="verify_statement").pk)],
        groups=[str(Group.objects.get(name=SITE_ADMINS).pk)],
    )

    assert response.status_code == 302
    rosa = User.objects.get(username="rosa.reporter")
    assert list(rosa.groups.values_list("name", flat=True)) == [REPORTER]
    assert rosa.is_staff
    assert not rosa.is_superuser
    assert not rosa.user_permissions.exists()
    assert permissions_of(rosa) == allowed_by_roles(rosa)
    client = Client()
    assert client.login(username="rosa.reporter", password=NEW_PASSWORD)
    assert client.get("/admin/events/statement/").status_code == 200


def test_the_editor_in_chief_changes_a_role_and_staff_status_follows(accounts):
    client = chief_client(accounts)
    reporter = accounts["reporter"]

    promoted = change_account(client, reporter, role=FACT_CHECKER, is_staff="")
    assert promoted.status_code == 302
    assert list(reporter.groups.values_list("name", flat=True)) == [FACT_CHECKER]
    reporter.refresh_from_db()
    assert reporter.is_staff

    demoted = change_account(client, reporter, role="")
    assert demoted.status_code == 302
    reporter.refresh_from_db()
    assert not reporter.groups.exists()
    assert not reporter.is_staff


def test_a_group_that_is_not_a_role_is_refused_with_a_clear_error(accounts):
    client = chief_client(accounts)
    reporter = accounts["reporter"]
    before = account_row(reporter)

    response = change_account(client, reporter, role=SITE_ADMINS)

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert account_row(reporter) == before


def test_the_editor_in_chief_gives_only_roles_and_sees_no_rights_fields(accounts):
    client = chief_client(accounts)
    page = client.get(
        reverse("admin:auth_user_change", args=[accounts["reporter"].pk])
    ).content.decode()

    for field in ("is_superuser", "is_staff", "user_permissions", "groups"):
        assert f'name="{field}"' not in page
    roles = re.findall(r'name="role" value="([^"]*)"', page)
    assert roles == ["", *ROLES]


@pytest.mark.parametrize("name", ["root", "other_chief", "chief"])
def test_the_editor_in_chief_cannot_change_or_set_the_password_of_an_equal_or_higher(
    accounts, name
):
    client = chief_client(accounts)
    account = accounts[name]
    before = account_row(account)

    change = change_account(client, account, role=REPORTER, is_active="")
    password = client.post(
        reverse("admin:auth_user_password_change", args=[account.pk]),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": ""},
    )
    reset = client.post(
        reverse("admin:auth_user_changelist"),
        {
            "action": "reset_two_factor_selected",
            "_selected_action": [str(account.pk)],
        },
    )

    assert change.status_code == 403
    assert password.status_code == 403
    assert reset.status_code == 302
    assert account_row(account) == before
    # The page is still there to read, without the password's hash.
    page = client.get(reverse("admin:auth_user_change", args=[account.pk]))
    assert page.status_code == 200
    assert account.password.split("$")[-1] not in page.content.decode()


def test_the_editor_in_chief_sets_a_reporters_password(accounts):
    reporter = accounts["reporter"]

    response = chief_client(accounts).post(
        reverse("admin:auth_user_password_change", args=[reporter.pk]),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": ""},
    )

    assert response.status_code == 302
    reporter.refresh_from_db()
    assert reporter.check_password(NEW_PASSWORD)


def test_an_account_with_rights_of_its_own_is_left_to_superusers(accounts):
    """Rights a superuser gave beyond the roles put an account out of reach."""
    dormant = accounts["dormant"]
    dormant.groups.add(Group.objects.get(name=SITE_ADMINS))
    before = account_row(dormant)
    client = chief_client(accounts)

    assert change_account(client, dormant, is_active="on").status_code == 403
    response = client.post(
        reverse("admin:auth_user_password_change", args=[dormant.pk]),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 403
    assert account_row(dormant) == before


def test_the_editor_in_chief_cannot_edit_groups_or_their_permissions(accounts):
    client = chief_client(accounts)
    reporters = Group.objects.get(name=REPORTER)
    verify = Permission.objects.get(codename="verify_statement")
    before = groups_state()

    change = client.post(
        reverse("admin:auth_group_change", args=[reporters.pk]),
        {"name": REPORTER, "permissions": [str(verify.pk)]},
    )
    add = client.post(
        reverse("admin:auth_group_add"),
        {"name": "Checkers too", "permissions": [str(verify.pk)]},
    )
    delete = client.post(
        reverse("admin:auth_group_delete", args=[reporters.pk]), {"post": "yes"}
    )

    assert (change.status_code, add.status_code, delete.status_code) == (403,) * 3
    assert groups_state() == before
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 200


def test_deactivating_a_batch_with_an_account_out_of_reach_changes_nothing(accounts):
    client = chief_client(accounts)
    chosen = [accounts["reporter"], accounts["root"]]

    response = client.post(
        reverse("admin:auth_user_changelist"),
        {
            "action": "deactivate_selected",
            "_selected_action": [str(user.pk) for user in chosen],
        },
        follow=True,
    )

    assert "Nothing was changed" in response.content.decode()
    assert (
        User.objects.filter(pk__in=[u.pk for u in chosen], is_active=True).count() == 2
    )
    client.post(
        reverse("admin:auth_user_changelist"),
        {
            "action": "deactivate_selected",
            "_selected_action": [str(accounts["reporter"].pk)],
        },
    )
    assert not logs_in(accounts["reporter"].username)


# API keys, lockouts and devices ---------------------------------------------


def test_the_editor_in_chief_issues_and_revokes_an_api_key(accounts):
    client = chief_client(accounts)

    issued = client.post(reverse("admin:factfile_apikey_add"), {"name": "Radio desk"})
    assert issued.status_code == 302
    key = ApiKey.objects.get(name="Radio desk")
    revoked = client.post(
        reverse("admin:factfile_apikey_changelist"),
        {"action": "revoke_keys", "_selected_action": [str(key.pk)]},
    )

    assert revoked.status_code == 302
    key.refresh_from_db()
    assert not key.is_active
    assert ApiKey.objects.filter(pk=key.pk).exists()


def test_the_editor_in_chief_unlocks_a_reporters_login_but_not_a_superusers(
    accounts,
):
    client = chief_client(accounts)
    reporter, root = accounts["reporter"], accounts["root"]
    assert not logs_in(reporter.username)
    mine = AccessAttempt.objects.get(username=reporter.username)
    theirs = AccessAttempt.objects.get(username=root.username)

    refused = client.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "lift_selected", "_selected_action": [str(mine.pk), str(theirs.pk)]},
        follow=True,
    )
    assert "Nothing was unlocked" in refused.content.decode()
    assert AccessAttempt.objects.filter(pk__in=[mine.pk, theirs.pk]).count() == 2
    assert (
        client.post(
            reverse("admin:axes_accessattempt_delete", args=[theirs.pk]),
            {"post": "yes"},
        ).status_code
        == 403
    )

    unlocked = client.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "lift_selected", "_selected_action": [str(mine.pk)]},
    )
    assert unlocked.status_code == 302
    assert logs_in(reporter.username)
    assert AccessAttempt.objects.filter(pk=theirs.pk).exists()


def test_the_editor_in_chief_resets_a_lost_device_so_its_owner_pairs_a_new_one(
    accounts, settings
):
    client = chief_client(accounts)
    checker = accounts["checker"]
    device = TOTPDevice.objects.get(user=checker)

    response = client.post(
        reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=checker).exists()
    settings.FACTFILE_REQUIRE_2FA = True
    checker_client = Client()
    checker_client.post(
        reverse("admin:login"),
        {"username": checker.username, "password": PASSWORD},
        REMOTE_ADDR="198.51.100.4",
    )
    assert checker_client.get("/admin/")["Location"].startswith(
        reverse("two-factor-setup")
    )


def test_resetting_two_factor_from_the_user_list_removes_devices_and_codes(accounts):
    checker = accounts["checker"]

    chief_client(accounts).post(
        reverse("admin:auth_user_changelist"),
        {"action": "reset_two_factor_selected", "_selected_action": [str(checker.pk)]},
    )

    assert not TOTPDevice.objects.filter(user=checker).exists()
    assert not StaticDevice.objects.filter(user=checker).exists()


@pytest.mark.parametrize("name", ["root", "other_chief", "chief"])
def test_the_editor_in_chief_cannot_reset_the_device_of_an_equal_or_higher(
    accounts, name
):
    client = chief_client(accounts)
    device = TOTPDevice.objects.get(user=accounts[name])

    response = client.post(
        reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_nobody_but_a_superuser_makes_or_edits_a_device(accounts):
    client = chief_client(accounts)
    device = TOTPDevice.objects.get(user=accounts["reporter"])

    added = client.post(
        reverse("admin:otp_totp_totpdevice_add"),
        {
            "user": str(accounts["root"].pk),
            "name": "Mine now",
            "confirmed": "on",
            "key": "3132333435363738393031323334353637383930",
            "step": "30",
            "t0": "0",
            "digits": "6",
            "tolerance": "1",
            "drift": "0",
        },
    )
    changed = client.post(
        reverse("admin:otp_totp_totpdevice_change", args=[device.pk]),
        {"user": str(accounts["chief"].pk), "name": "Moved", "confirmed": "on"},
    )
    page = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))

    assert (added.status_code, changed.status_code) == (403, 403)
    assert TOTPDevice.objects.count() == len(accounts)
    assert TOTPDevice.objects.get(pk=device.pk).user == accounts["reporter"]
    assert page.status_code == 200
    assert device.key not in page.content.decode()


def test_a_superuser_still_grants_any_right_and_a_role_makes_staff(accounts):
    client = Client()
    client.force_login(accounts["root"])
    reporter, newcomer = accounts["reporter"], accounts["newcomer"]
    site_admins = Group.objects.get(name=SITE_ADMINS)
    checkers = Group.objects.get(name=FACT_CHECKER)

    def post(user: Any, **fields: Any) -> Any:
        return client.post(
            reverse("admin:auth_user_change", args=[user.pk]),
            {
                "username": user.username,
                "is_active": "on",
                "date_joined_0": "2025-01-01",
                "date_joined_1": "09:00:00",
                **fields,
            },
        )

    granted = post(
        reporter, is_superuser="on", is_staff="on", groups=[str(site_admins.pk)]
    )
    # The staff box left empty: the role makes the account staff anyway.
    given_role = post(newcomer, groups=[str(checkers.pk)])

    assert (granted.status_code, given_role.status_code) == (302, 302)
    reporter.refresh_from_db()
    newcomer.refresh_from_db()
    assert reporter.is_superuser
    assert reporter.is_staff
    assert list(reporter.groups.values_list("name", flat=True)) == [SITE_ADMINS]
    assert newcomer.is_staff


# The role migration ----------------------------------------------------------

MIGRATION = "0006_role_permissions_for_accounts_and_tools"


def role_group_permissions() -> dict[str, set[tuple[str, str]]]:
    return {
        role: set(
            Group.objects.get(name=role).permissions.values_list(
                "content_type__app_label", "codename"
            )
        )
        for role in ROLES
    }


def test_the_role_migration_sets_every_role_back_to_its_definition_and_reverses(db):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    migration = importlib.import_module(f"factfile.migrations.{MIGRATION}")
    state = MigrationExecutor(connection).loader.project_state(("factfile", MIGRATION))
    wanted = {role: set(pairs) for role, pairs in all_role_permissions().items()}
    # As an attacker left it: verify given to reporters, group editing to
    # the editor-in-chief.
    Group.objects.get(name=REPORTER).permissions.add(
        Permission.objects.get(codename="verify_statement")
    )
    Group.objects.get(name=EDITOR_IN_CHIEF).permissions.add(
        Permission.objects.get(codename="change_group")
    )

    migration.limit_accounts_and_add_tools(state.apps, None)
    assert role_group_permissions() == wanted

    migration.restore_former_role_permissions(state.apps, None)
    former = role_group_permissions()
    assert former[REPORTER] == wanted[REPORTER]
    assert ("auth", "change_group") in former[EDITOR_IN_CHIEF]
    assert ("factfile", "add_apikey") not in former[EDITOR_IN_CHIEF]

    migration.limit_accounts_and_add_tools(state.apps, None)
    assert role_group_permissions() == wanted


def test_the_account_list_costs_as_many_queries_for_ten_accounts_as_for_one(
    editor_in_chief,
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(editor_in_chief)
    url = reverse("admin:auth_user_changelist")

    def queries() -> int:
        client.get(url)  # the session and permission caches warm up
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    one = queries()
    for number in range(9):
        factories.reporter_user(username=f"reporter{number}")

    assert queries() == one
