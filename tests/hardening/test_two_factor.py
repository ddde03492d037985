"""Fact-checkers and the editor-in-chief confirm a second factor in production."""

from __future__ import annotations

import re
import time
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
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


# Rights, not group names -----------------------------------------------------


def test_a_reporter_given_a_verify_right_by_any_group_is_asked(required, reporter):
    from django.contrib.auth.models import Group, Permission

    extra = Group.objects.create(name="Night desk")
    extra.permissions.add(Permission.objects.get(codename="verify_statement"))
    reporter.groups.add(extra)

    response = password_login(reporter).get(ADMIN)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two-factor-setup"))


def test_a_right_over_accounts_asks_for_a_second_factor(required, reporter):
    from django.contrib.auth.models import Permission

    reporter.user_permissions.add(Permission.objects.get(codename="add_apikey"))

    assert password_login(reporter).get(ADMIN).status_code == 302


# The address to go back to -------------------------------------------------

# A changelist with a search holding "&", "#", "?" and non-ASCII letters, and
# a second parameter that a "&" left unencoded would cut off.
WANTED_QUERY = {"q": "Prévot & C#? «Kigali»", "worklist": "mine"}
WANTED = "/admin/events/statement/?" + urlencode(WANTED_QUERY)
UNSAFE = [
    "https://evil.example/",
    "//evil.example/",
    "\\\\evil.example\\",
    "/\\evil.example",
    "javascript:alert(1)",
    " //evil.example",
    "/admin/\r\nSet-Cookie: session=stolen",
    "/admin/\x00",
]


def next_of(location: str) -> list[str]:
    return parse_qs(urlsplit(location).query).get("next", [])


def test_next_survives_the_login_form_and_the_second_factor(required, fact_checker):
    device = paired(fact_checker)
    client = Client()

    login = client.post(
        reverse("admin:login") + "?" + urlencode({"next": WANTED}),
        {"username": fact_checker.username, "password": PASSWORD, "next": WANTED},
    )
    assert login.status_code == 302
    assert login["Location"] == WANTED
    stopped = client.get(login["Location"])
    assert stopped.status_code == 302
    assert stopped["Location"].startswith(reverse("two-factor-verify") + "?")
    assert next_of(stopped["Location"]) == [WANTED]
    form = client.get(stopped["Location"])
    assert f'name="next" value="{escape(WANTED)}"' in form.content.decode()

    confirmed = client.post(
        stopped["Location"], {"code": code_for(device), "next": WANTED}
    )
    assert confirmed["Location"] == WANTED
    landed = client.get(confirmed["Location"])
    assert landed.status_code == 200
    assert landed.wsgi_request.GET.dict() == WANTED_QUERY


def test_next_is_encoded_on_the_way_to_pairing_a_device(required, fact_checker):
    client = password_login(fact_checker)

    first = client.get(WANTED)
    from_verify = client.get(reverse("two-factor-verify"), {"next": WANTED})

    for response in (first, from_verify):
        assert response["Location"].startswith(reverse("two-factor-setup") + "?")
        assert next_of(response["Location"]) == [WANTED]


def test_the_setup_page_sends_a_paired_user_to_verify_with_next_encoded(
    required, fact_checker
):
    paired(fact_checker)
    client = password_login(fact_checker)

    response = client.get(reverse("two-factor-setup"), {"next": WANTED})

    assert response["Location"].startswith(reverse("two-factor-verify") + "?")
    assert next_of(response["Location"]) == [WANTED]


@pytest.mark.parametrize("unsafe", UNSAFE)
def test_an_unsafe_next_after_the_second_factor_goes_to_the_admin_index(
    required, fact_checker, unsafe
):
    device = paired(fact_checker)
    client = password_login(fact_checker)
    page = client.get(reverse("two-factor-verify"), {"next": unsafe})

    response = client.post(
        reverse("two-factor-verify"), {"code": code_for(device), "next": unsafe}
    )

    assert f'name="next" value="{ADMIN}"' in page.content.decode()
    assert response.status_code == 302
    assert response["Location"] == ADMIN


@pytest.mark.parametrize(
    "unsafe", [u for u in UNSAFE if "\r" not in u and "\0" not in u]
)
def test_an_unsafe_next_at_login_lands_on_the_admin_index(fact_checker, unsafe):
    """Not on /accounts/profile/, which does not exist."""
    response = Client().post(
        reverse("admin:login") + "?" + urlencode({"next": unsafe}),
        {"username": fact_checker.username, "password": PASSWORD, "next": unsafe},
    )

    assert response.status_code == 302
    assert response["Location"] == ADMIN
