"""Two-factor authentication for the staff who verify, retract or manage accounts.

After the password, anyone who holds a right to verify, correct or retract
records, or to change accounts, groups, API keys, lockouts or devices (the
fact-checkers, the editor-in-chief and superusers, whatever their groups
are called) confirms a code from an authenticator app (TOTP) or one of
their single-use backup codes before any admin page opens. It is required
when ``FACTFILE_REQUIRE_2FA`` is on, which it is in production; on a
developer's machine (DEBUG on) the demo users log in with the password alone.
"""

from __future__ import annotations

import base64
import secrets
import unicodedata
from collections.abc import Callable
from typing import Any

import django_otp
from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from factfile.roles import EDITOR_IN_CHIEF, FACT_CHECKER

ROLES_REQUIRING_2FA = (FACT_CHECKER, EDITOR_IN_CHIEF)
# Rights that call for a second factor, whoever holds them: publishing
# decisions, and any change to who may do what or to the keys and locks.
GUARDED_ACTIONS = ("verify", "correct", "retract")
ACCOUNT_APPS = ("auth", "axes", "otp_totp", "otp_static", "admin")
ACCOUNT_MODELS = (("factfile", "apikey"),)
BACKUP_CODES = 10
ADMIN_PREFIX = "/admin/"


def guards_with_two_factor(permission: str) -> bool:
    """Whether holding ``permission`` (``app.codename``) calls for a second factor."""
    app_label, _, codename = permission.partition(".")
    action, _, model = codename.partition("_")
    if action in GUARDED_ACTIONS:
        return True
    if action == "view":
        return False
    return app_label in ACCOUNT_APPS or (app_label, model) in ACCOUNT_MODELS


def requires_two_factor(user: Any) -> bool:
    """Whether ``user`` must confirm a second factor before using the admin.

    Both the rights and the role groups are looked at, so that a right
    given to another group, or a role group left without its rights, still
    asks for it.
    """
    if not settings.FACTFILE_REQUIRE_2FA or not user.is_authenticated:
        return False
    if not user.is_staff:
        return False
    if user.is_superuser:
        return True
    if any(map(guards_with_two_factor, user.get_all_permissions())):
        return True
    return user.groups.filter(name__in=ROLES_REQUIRING_2FA).exists()


def has_device(user: Any) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def _exempt_paths() -> tuple[str, ...]:
    return (
        reverse("admin:login"),
        reverse("admin:logout"),
        reverse("two-factor-verify"),
        reverse("two-factor-setup"),
    )


class RequireTwoFactorMiddleware:
    """Send staff who need a second factor to confirm it before any admin page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.path.startswith(ADMIN_PREFIX)
            and request.path not in _exempt_paths()
            and requires_two_factor(request.user)
            and not request.user.is_verified()  # type: ignore[union-attr]
        ):
            target = "two-factor-verify"
            if not has_device(request.user):
                target = "two-factor-setup"
            return redirect_with_next(target, request.get_full_path())
        return self.get_response(request)


def redirect_with_next(url_name: str, next_url: str) -> HttpResponseRedirect:
    """Redirect to ``url_name``, carrying ``next_url`` as one encoded parameter."""
    return HttpResponseRedirect(f"{reverse(url_name)}?{urlencode({'next': next_url})}")


class CodeForm(forms.Form):
    code = forms.CharField(
        max_length=16,
        label="Code",
        help_text="Six digits from your authenticator app, or a backup code.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True}
        ),
    )


def _next(request: HttpRequest) -> str:
    """Where to go after the second factor: ``next`` if it stays on this site.

    Another host, another scheme (``javascript:``), ``//host``, ``\\host``
    and any control character (a CR or LF) send to the admin index instead.
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    if not any(unicodedata.category(char)[0] == "C" for char in target) and (
        url_has_allowed_host_and_scheme(
            target,
            allowed_hosts={request.get_host()},
            require_https=request.is_secure(),
        )
    ):
        return target
    return reverse("admin:index")


@sensitive_post_parameters("code")
@never_cache
@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """Ask for a TOTP or backup code and mark the session as verified."""
    if not has_device(request.user):
        return redirect_with_next("two-factor-setup", _next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = django_otp.match_token(request.user, form.cleaned_data["code"].strip())
        if device is not None:
            django_otp.login(request, device)
            return HttpResponseRedirect(_next(request))
        form.add_error("code", "This code is not valid. Try the current one.")
    return render(
        request,
        "twofactor/verify.html",
        {"form": form, "next": _next(request), "title": "Two-factor authentication"},
    )


@sensitive_post_parameters("code")
@never_cache
@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """Pair an authenticator app, then show single-use backup codes once."""
    user = request.user
    if has_device(user):
        return redirect_with_next("two-factor-verify", _next(request))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name="Authenticator", confirmed=False
        )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"].strip()):
            codes = confirm_device(device)
            django_otp.login(request, device)
            return render(
                request,
                "twofactor/backup_codes.html",
                {"codes": codes, "next": _next(request), "title": "Backup codes"},
            )
        form.add_error("code", "This code is not valid. Check the clock of your phone.")
    return render(
        request,
        "twofactor/setup.html",
        {
            "form": form,
            "next": _next(request),
            "key": base64.b32encode(device.bin_key).decode().rstrip("="),
            "config_url": device.config_url,
            "title": "Set up two-factor authentication",
        },
    )


@transaction.atomic
def confirm_device(device: TOTPDevice) -> list[str]:
    """Confirm a paired TOTP device and give its user fresh backup codes."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return issue_backup_codes(device.user)


def issue_backup_codes(user: Any) -> list[str]:
    """Replace ``user``'s backup codes with new single-use ones, and return them."""
    static, _ = StaticDevice.objects.get_or_create(user=user, name="Backup codes")
    static.token_set.all().delete()
    codes = [secrets.token_hex(5) for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(
        [StaticToken(device=static, token=code) for code in codes]
    )
    return codes
