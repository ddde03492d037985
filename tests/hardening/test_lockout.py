"""Repeated failed logins lock a username out from an address (django-axes)."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory
from django.urls import reverse

from factfile.security import client_ip
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def attempt(username: str, password: str, address: str, forwarded: str = ""):  # type: ignore[no-untyped-def]
    extra = {"REMOTE_ADDR": address}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return Client().post(
        reverse("admin:login"),
        {"username": username, "password": password},
        **extra,
    )


def logged_in(response) -> bool:  # type: ignore[no-untyped-def]
    return response.status_code == 302 and "_auth_user_id" in (
        response.wsgi_request.session
    )


@pytest.fixture
def limits(settings):  # type: ignore[no-untyped-def]
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    return settings


def test_five_failures_lock_the_username_from_that_address(limits, fact_checker):
    for _ in range(5):
        assert not logged_in(attempt(fact_checker.username, "wrong", "203.0.113.7"))

    locked = attempt(fact_checker.username, PASSWORD, "203.0.113.7")

    assert not logged_in(locked)
    assert locked.status_code == 429
    assert "Login locked" in locked.content.decode()
    assert "wrong" not in locked.content.decode()


def test_the_lock_holds_the_pair_not_the_account_everywhere(
    limits, fact_checker, reporter
):
    for _ in range(5):
        attempt(fact_checker.username, "wrong", "203.0.113.7")

    # The same person from another address, and another person from the
    # same address, can still log in: a stranger cannot lock staff out.
    assert logged_in(attempt(fact_checker.username, PASSWORD, "198.51.100.20"))
    assert logged_in(attempt(reporter.username, PASSWORD, "203.0.113.7"))


def test_a_success_before_the_limit_resets_the_count(limits, fact_checker):
    for _ in range(4):
        attempt(fact_checker.username, "wrong", "203.0.113.7")
    assert logged_in(attempt(fact_checker.username, PASSWORD, "203.0.113.7"))
    for _ in range(4):
        attempt(fact_checker.username, "wrong", "203.0.113.7")

    assert logged_in(attempt(fact_checker.username, PASSWORD, "203.0.113.7"))


def test_behind_a_proxy_the_client_cannot_dodge_the_lock_with_forged_headers(
    limits, fact_checker
):
    limits.FACTFILE_NUM_PROXIES = 1
    proxy = "10.0.0.2"
    for number in range(5):
        # A forged left-most entry changes every time; the proxy's own
        # right-most entry, the real client, does not.
        attempt(
            fact_checker.username,
            "wrong",
            proxy,
            forwarded=f"192.0.2.{number}, 203.0.113.7",
        )

    locked = attempt(
        fact_checker.username, PASSWORD, proxy, forwarded="192.0.2.99, 203.0.113.7"
    )
    assert not logged_in(locked)
    assert AccessAttempt.objects.get().ip_address == "203.0.113.7"
    # Another client behind the same proxy is not locked out.
    assert logged_in(
        attempt(fact_checker.username, PASSWORD, proxy, forwarded="198.51.100.20")
    )


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "", "10.0.0.2"),
        (0, "203.0.113.7", "10.0.0.2"),
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "192.0.2.1, 203.0.113.7", "203.0.113.7"),
        (2, "192.0.2.1, 203.0.113.7, 10.0.0.3", "203.0.113.7"),
        (2, "203.0.113.7", "203.0.113.7"),
    ],
)
def test_client_address_is_read_through_the_trusted_proxies(
    settings, proxies, forwarded, expected
):
    settings.FACTFILE_NUM_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2")
    if forwarded:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded

    assert client_ip(request) == expected


def test_a_login_without_a_request_still_checks_the_password(fact_checker):
    from django.contrib.auth import authenticate

    assert authenticate(username=fact_checker.username, password=PASSWORD) is not None
    assert authenticate(username=fact_checker.username, password="wrong") is None
