"""Accounts in a real browser: the editor-in-chief gives roles, staff log in."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from factfile.roles import FACT_CHECKER, REPORTER, ROLES
from tests import factories

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDE = {"viewport": {"width": 1280, "height": 900}}
PASSWORD = "A long passphrase for Rosa 2291"


def log_in(page, live_server, user) -> None:  # type: ignore[no-untyped-def]
    """Log in through the admin's login form."""
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", user.username)
    page.fill("#id_password", factories.PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")


def test_the_editor_in_chief_creates_an_account_and_gives_it_a_role(
    new_page, live_server, editor_in_chief
):
    page = new_page(**WIDE)
    log_in(page, live_server, editor_in_chief)

    page.goto(live_server.url + reverse("admin:auth_user_add"))
    # Only roles are offered: no superuser, staff, group or permission field.
    offered = page.locator("input[name=role]").evaluate_all(
        "inputs => inputs.map(input => input.value)"
    )
    assert offered == ["", *ROLES]
    for field in ("is_superuser", "is_staff", "groups", "user_permissions"):
        assert page.locator(f"[name={field}]").count() == 0
    page.fill("#id_username", "rosa.reporter")
    page.fill("#id_first_name", "Rosa")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.check(f"input[name=role][value='{REPORTER}']")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")

    # The account opens on its change page, where the role can change.
    assert page.is_checked(f"input[name=role][value='{REPORTER}']")
    page.check(f"input[name=role][value='{FACT_CHECKER}']")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")

    rosa = get_user_model().objects.get(username="rosa.reporter")
    assert list(rosa.groups.values_list("name", flat=True)) == [FACT_CHECKER]
    assert rosa.is_staff
    assert not rosa.is_superuser
    assert not rosa.user_permissions.exists()
    assert rosa.check_password(PASSWORD)


def test_a_fact_checker_logs_in_with_a_code_and_lands_where_they_were_going(
    new_page, live_server, fact_checker, settings
):
    settings.FACTFILE_REQUIRE_2FA = True
    device = TOTPDevice.objects.create(user=fact_checker, name="Phone", confirmed=True)
    query = {"q": "Prévot & C#? «Kigali»", "worklist": "mine"}
    wanted = "/admin/events/statement/?" + urlencode(query)
    page = new_page(**WIDE)

    page.goto(live_server.url + wanted)
    page.fill("#id_username", fact_checker.username)
    page.fill("#id_password", factories.PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#id_code")
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    page.fill("#id_code", f"{totp.token():0{device.digits}d}")
    page.click("input[type=submit]")
    page.wait_for_selector("#changelist")

    landed = urlsplit(page.url)
    assert landed.path == "/admin/events/statement/"
    assert {k: v[0] for k, v in parse_qs(landed.query).items()} == query
    assert page.input_value("#searchbar") == query["q"]
