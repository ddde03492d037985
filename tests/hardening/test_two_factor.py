"""Fact-checkers and the editor-in-chief confirm a second factor in production."""

from __future__ import annotations

import re
import time

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from factfile.twofactor import issue_backup_codes
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

ADMIN = "/admin/"


@pytest.fixture
def required(settings):  # type: ignore[no-untyped-def]
    settings.FACTFILE_REQUIRE_2FA = True
    # A wrong code makes the device wait before the next try; the tests try
    # the right code straight after a wrong one.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    return settings


def password_login(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    response = client.post(
        reverse("admin:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    return client


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def paired(user) -> TOTPDevice:  # type: ignore[no-untyped-def]
    return TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)


def test_fact_checker_must_pair_a_device_then_gets_backup_codes(required, fact_checker):
    client = password_login(fact_checker)

    first = client.get(ADMIN)
    assert first.status_code == 302
    assert first["Location"].startswith(reverse("two-factor-setup"))
    setup = client.get(first["Location"])
    assert setup.status_code == 200
    device = TOTPDevice.objects.get(user=fact_checker, confirmed=False)
    assert "otpauth://" in setup.content.decode()

    wrong = client.post(first["Location"], {"code": "000000", "next": ADMIN})
    assert "not valid" in wrong.content.decode()
    done = client.post(first["Location"], {"code": code_for(device), "next": ADMIN})

    assert done.status_code == 200
    codes = re.findall(r"<code>([0-9a-f]{10})</code>", done.content.decode())
    assert len(codes) == 10
    assert client.get(ADMIN).status_code == 200


@pytest.mark.parametrize("role", ["fact_checker", "editor_in_chief"])
def test_a_paired_user_enters_a_code_before_any_admin_page(required, role, request):
    user = request.getfixturevalue(role)
    device = paired(user)
    client = password_login(user)

    for path in (ADMIN, "/admin/events/statement/", "/admin/auth/user/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("two-factor-verify"))
    # A workflow POST is stopped as well.
    assert client.post("/admin/events/statement/1/workflow/verify/").status_code == 302

    refused = client.post(reverse("two-factor-verify"), {"code": "123456"})
    assert refused.status_code == 200
    assert client.get(ADMIN).status_code == 302
    accepted = client.post(
        reverse("two-factor-verify"), {"code": code_for(device), "next": ADMIN}
    )
    assert accepted.status_code == 302
    assert accepted["Location"] == ADMIN
    assert client.get(ADMIN).status_code == 200


def test_a_backup_code_works_once(required, fact_checker):
    paired(fact_checker)
    codes = issue_backup_codes(fact_checker)

    client = password_login(fact_checker)
    client.post(reverse("two-factor-verify"), {"code": codes[0]})
    assert client.get(ADMIN).status_code == 200

    again = password_login(fact_checker)
    refused = again.post(reverse("two-factor-verify"), {"code": codes[0]})
    assert "not valid" in refused.content.decode()
    assert again.get(ADMIN).status_code == 302


def test_the_next_address_cannot_leave_the_site(required, fact_checker):
    device = paired(fact_checker)
    client = password_login(fact_checker)

    response = client.post(
        reverse("two-factor-verify"),
        {"code": code_for(device), "next": "https://evil.example/"},
    )

    assert response["Location"] == ADMIN


def test_reporters_are_not_asked(required, reporter):
    assert password_login(reporter).get(ADMIN).status_code == 200


def test_demo_settings_do_not_ask_anyone(settings, fact_checker, editor_in_chief):
    settings.FACTFILE_REQUIRE_2FA = False
    for user in (fact_checker, editor_in_chief):
        assert password_login(user).get(ADMIN).status_code == 200


def test_a_logged_out_visitor_still_goes_to_the_login(required):
    response = Client().get(ADMIN)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_wrong_code_slows_down_the_next_tries(settings, fact_checker):
    settings.FACTFILE_REQUIRE_2FA = True
    device = paired(fact_checker)
    client = password_login(fact_checker)

    client.post(reverse("two-factor-verify"), {"code": "000000"})
    # Even the right code is refused while the device waits.
    client.post(reverse("two-factor-verify"), {"code": code_for(device)})

    assert client.get(ADMIN).status_code == 302


def test_the_demo_logins_say_they_need_no_second_factor(settings, db):  # type: ignore[no-untyped-def]
    from io import StringIO

    from django.core.management import call_command

    settings.DEBUG = True
    settings.FACTFILE_REQUIRE_2FA = False
    out = StringIO()

    call_command("seed_factfile", "--demo-users", stdout=out)

    assert "no two-factor code is asked while DEBUG is on" in out.getvalue()
