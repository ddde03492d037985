"""The admin site reads rights in one query and keeps the app list per set of rights.

``factfile.admin_site``: the permissions it leaves for Django's
``ModelBackend`` must be what the backend reads itself, and the apps and
models of the navigation, kept per set of rights, what Django lists for
that person, for every role and for accounts with rights of their own.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from factfile import admin_site
from factfile.admin_site import FactfileAdminSite, read_rights
from factfile.roles import give_role
from tests import factories

pytestmark = pytest.mark.django_db

# Every permission method a registered admin takes from elsewhere than
# Django's admin, as read: asked without a record, each comes down to
# has_perm, has_module_perms, is_superuser or a constant, which the app
# list's key (active, staff, superuser, the set of permissions) decides.
# A method added or moved must be read before it is listed here: if it
# depends on anything else, that must go into factfile.admin_site's key.
REVIEWED = {
    "axes.admin.AccessAttemptAdmin.has_add_permission",
    "axes.admin.AccessFailureLogAdmin.has_add_permission",
    "axes.admin.AccessLogAdmin.has_add_permission",
    "events.admin_provenance.StatementPermissions.has_add_permission",
    "events.admin_provenance.StatementPermissions.has_change_permission",
    "events.admin_provenance.StatementPermissions.has_delete_permission",
    "events.admin_provenance.StatementPermissions.has_module_permission",
    "events.admin_provenance.StatementPermissions.has_view_permission",
    "events.admin_suggestions.SuggestionAdmin.has_add_permission",
    "events.admin_suggestions.SuggestionAdmin.has_change_permission",
    "events.admin_suggestions.SuggestionAdmin.has_delete_permission",
    "events.admin_suggestions.SuggestionAdmin.has_module_permission",
    "events.admin_suggestions.SuggestionAdmin.has_view_permission",
    "factfile.accounts_admin.AccountAdmin.has_change_permission",
    "factfile.accounts_admin.AccountAdmin.has_delete_permission",
    "factfile.accounts_admin.DeviceAdminMixin.has_add_permission",
    "factfile.accounts_admin.DeviceAdminMixin.has_change_permission",
    "factfile.accounts_admin.DeviceAdminMixin.has_delete_permission",
    "factfile.accounts_admin.LockoutAdmin.has_change_permission",
    "factfile.accounts_admin.LockoutAdmin.has_delete_permission",
    "factfile.accounts_admin.RoleGroupAdmin.has_add_permission",
    "factfile.accounts_admin.RoleGroupAdmin.has_change_permission",
    "factfile.accounts_admin.RoleGroupAdmin.has_delete_permission",
    "factfile.admin.EditorialAdmin.has_change_permission",
    "factfile.admin.EditorialAdmin.has_delete_permission",
    "factfile.api.admin.ApiKeyAdmin.has_delete_permission",
    "factfile.webhooks.admin.DeliveryAdmin.has_add_permission",
    "factfile.webhooks.admin.DeliveryAdmin.has_change_permission",
    "factfile.webhooks.admin.DeliveryAdmin.has_delete_permission",
    "factfile.webhooks.admin.StoryAdmin.has_add_permission",
    "factfile.webhooks.admin.StoryAdmin.has_change_permission",
    "factfile.webhooks.admin.StoryAdmin.has_delete_permission",
    "factfile.webhooks.admin.SubscriptionAdmin.has_delete_permission",
    "simple_history.admin.SimpleHistoryAdmin.has_view_or_change_permission",
    "simple_history.admin.SimpleHistoryAdmin.has_view_permission",
    "sources.admin_import.ImportRecordAdmin.has_add_permission",
    "sources.admin_import.ImportRecordAdmin.has_change_permission",
    "sources.admin_import.ImportRecordAdmin.has_delete_permission",
    "sources.admin_import.ImportRecordAdmin.has_module_permission",
    "sources.admin_import.ImportRecordAdmin.has_view_permission",
}
PERMISSION_METHODS = (
    "has_module_permission",
    "has_view_permission",
    "has_add_permission",
    "has_change_permission",
    "has_delete_permission",
    "has_view_or_change_permission",
)


def overridden() -> set[str]:
    """The qualified name of each permission method not Django's own."""
    found = set()
    for model_admin in admin.site._registry.values():
        for name in PERMISSION_METHODS:
            method = getattr(type(model_admin), name)
            if not method.__module__.startswith("django.contrib.admin"):
                found.add(f"{method.__module__}.{method.__qualname__}")
    return found


@pytest.fixture
def people(reporter, fact_checker, editor_in_chief):
    nobody = factories.UserFactory(username="nora.norole", is_staff=True)
    own = factories.UserFactory(username="otto.own", is_staff=True)
    own.user_permissions.add(
        Permission.objects.get(codename="view_statement"),
        Permission.objects.get(codename="view_subscription"),
    )
    # A group that is no role, with and without permissions of its own.
    extra = factories.UserFactory(username="gina.groups", is_staff=True)
    give_role(extra, "Reporter")
    empty = Group.objects.create(name="Night desk")
    webhooks = Group.objects.create(name="Webhook watchers")
    webhooks.permissions.add(Permission.objects.get(codename="view_delivery"))
    extra.groups.add(empty, webhooks)
    boss = factories.UserFactory(username="sam.super", is_staff=True, is_superuser=True)
    return {
        "reporter": reporter,
        "fact-checker": fact_checker,
        "editor-in-chief": editor_in_chief,
        "no group": nobody,
        "rights of its own": own,
        "groups that are no role": extra,
        "superuser": boss,
    }


def fresh(user):
    """The account as a new request reads it: nothing kept on it."""
    return type(user).objects.get(pk=user.pk)


def request_of(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def djangos_apps(user) -> list[dict]:
    """Django's own app list for ``user``, its permissions read by ModelBackend."""
    request = request_of(fresh(user))
    apps = admin.AdminSite._build_app_dict(admin.site, request)
    listed = sorted(apps.values(), key=lambda app: app["name"].lower())
    for app in listed:
        app["models"].sort(key=lambda model: model["name"])
    return listed


def test_the_admin_is_factfile_s_site():
    assert isinstance(admin.site._wrapped, FactfileAdminSite)


def test_every_permission_method_of_the_admins_was_reviewed():
    assert overridden() == REVIEWED, (
        "A registered admin decides a permission in code not yet read for the "
        "app list's key: check that it depends only on has_perm, "
        "has_module_perms or is_superuser when asked without a record (else "
        "add what it reads to factfile.admin_site's key), then update REVIEWED."
    )


@pytest.mark.parametrize(
    "who",
    [
        "reporter",
        "fact-checker",
        "editor-in-chief",
        "no group",
        "rights of its own",
        "groups that are no role",
        "superuser",
    ],
)
def test_the_rights_read_at_once_are_what_model_backend_reads(people, who):
    user = people[who]
    ours = fresh(user)
    read_rights(ours)
    theirs = fresh(user)
    backend = ModelBackend()
    expected_all = backend.get_all_permissions(theirs)
    if user.is_superuser:
        # A superuser's checks read nothing: left to Django.
        assert not hasattr(ours, "_perm_cache")
        return
    assert ours._user_perm_cache == backend.get_user_permissions(theirs)
    assert ours._group_perm_cache == backend.get_group_permissions(theirs)
    assert ours._perm_cache == expected_all
    assert getattr(ours, admin_site.GROUP_NAMES) == {
        group.name for group in user.groups.all()
    }
    with CaptureQueriesContext(connection) as queries:
        assert backend.get_all_permissions(ours) == expected_all
        for perm in ("events.view_statement", "events.verify_statement"):
            assert ours.has_perm(perm) == theirs.has_perm(perm)
    assert len(queries) == 0


def test_an_inactive_account_gets_no_rights(people):
    user = fresh(people["fact-checker"])
    user.is_active = False
    read_rights(user)
    assert not hasattr(user, "_perm_cache")
    assert not user.has_perm("events.view_statement")


@pytest.mark.parametrize(
    "who",
    [
        "reporter",
        "fact-checker",
        "editor-in-chief",
        "no group",
        "rights of its own",
        "groups that are no role",
        "superuser",
    ],
)
def test_the_kept_app_list_is_django_s_for_each_role(people, who):
    admin_site._APPS.clear()
    user = people[who]
    expected = djangos_apps(user)
    # Made, then read back from what was kept, through either way in.
    first = admin.site.get_app_list(request_of(fresh(user)))
    request = request_of(fresh(user))
    admin.site.has_permission(request)
    kept = admin.site.get_app_list(request)
    assert first == expected
    assert kept == expected
    assert admin.site._build_app_dict(request_of(fresh(user)), "events") == (
        admin.AdminSite._build_app_dict(admin.site, request_of(fresh(user)), "events")
    )
    if who != "no group":
        assert expected, who


def test_every_role_sees_its_own_list_whatever_was_kept_before(people):
    admin_site._APPS.clear()
    lists = {}
    for who in people:
        lists[who] = admin.site.get_app_list(request_of(fresh(people[who])))
    for who in people:
        assert admin.site.get_app_list(request_of(fresh(people[who]))) == lists[who]
        assert lists[who] == djangos_apps(people[who])
    # The roles differ, so a list kept for one is never shown to another.
    assert lists["reporter"] != lists["editor-in-chief"]
    assert lists["no group"] == []


def test_a_change_of_rights_changes_the_list_at_once(people):
    admin_site._APPS.clear()
    user = people["no group"]
    assert admin.site.get_app_list(request_of(fresh(user))) == []
    give_role(user, "Fact-checker")
    assert admin.site.get_app_list(request_of(fresh(user))) == djangos_apps(
        people["fact-checker"]
    )
    user.user_permissions.add(Permission.objects.get(codename="view_subscription"))
    with_own = admin.site.get_app_list(request_of(fresh(user)))
    assert with_own == djangos_apps(user)
    assert with_own != djangos_apps(people["fact-checker"])
    give_role(user, None)
    user.user_permissions.clear()
    assert admin.site.get_app_list(request_of(fresh(user))) == []


def test_what_a_caller_changes_is_not_kept(people):
    admin_site._APPS.clear()
    user = people["editor-in-chief"]
    apps = admin.site.get_app_list(request_of(fresh(user)))
    apps[0]["models"].clear()
    apps[1]["name"] = "changed"
    assert admin.site.get_app_list(request_of(fresh(user))) == djangos_apps(user)


def test_the_index_and_an_app_page_are_django_s(people):
    admin_site._APPS.clear()
    client = Client()
    client.force_login(people["fact-checker"])
    for path in (reverse("admin:index"), reverse("admin:app_list", args=["events"])):
        response = client.get(path)
        assert response.status_code == 200
        expected = djangos_apps(people["fact-checker"])
        if "events" in path:
            expected = [app for app in expected if app["app_label"] == "events"]
        assert response.context["app_list"] == expected


def test_the_greeting_names_the_role_from_the_same_query(people):
    client = Client()
    for who, label in (
        ("reporter", "Reporter"),
        ("fact-checker", "Fact-checker"),
        ("editor-in-chief", "Editor-in-chief"),
        ("no group", "no role"),
        ("groups that are no role", "Reporter"),
        ("superuser", "superuser"),
    ):
        client.force_login(people[who])
        page = client.get(reverse("admin:index")).content.decode()
        assert f"({label})." in page, who


def test_the_statement_list_reads_the_rights_in_one_query(fact_checker):
    client = Client()
    client.force_login(fact_checker)
    url = reverse("admin:events_statement_changelist")
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    rights = [q["sql"] for q in captured if "auth_permission" in q["sql"]]
    groups = [q["sql"] for q in captured if "auth_group" in q["sql"]]
    assert len(rights) == 1
    assert groups == rights
