"""Template tags naming people: the greeting, and a name that links only if it may."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html

from factfile.accounts import display_name, may_open_accounts
from factfile.admin_site import GROUP_NAMES
from factfile.roles import role_label

register = template.Library()


@register.simple_tag
def greeting(user: Any) -> str:
    """Welcome, <name> (<role>), the role from the groups read with the rights."""
    role = role_label(user, getattr(user, GROUP_NAMES, None))
    return format_html("Welcome, <strong>{}</strong> ({}).", display_name(user), role)


@register.simple_tag(takes_context=True)
def person(context: Any, account: Any) -> str:
    """A person's name, linked to their account for those who may open it."""
    if account is None:
        return "nobody recorded"
    request = context.get("request")
    viewer = getattr(request, "user", None)
    if viewer is None or not may_open_accounts(viewer):
        return display_name(account)
    url = reverse("admin:auth_user_change", args=[account.pk])
    return format_html('<a href="{}">{}</a>', url, display_name(account))
