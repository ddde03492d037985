"""People named on admin pages: a link to their account only for who may open it.

Django links every read-only foreign key to the related record's admin page;
for a user that page answers 403 to reporters and fact-checkers. Here the
name is text for them, and a link for superusers and the editor-in-chief.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst

from factfile.accounts import display_name, may_open_accounts

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.db import models
    from django.http import HttpRequest

# The foreign keys to users that change pages show read-only.
PEOPLE = frozenset(
    {
        "created_by",
        "updated_by",
        "verified_by",
        "imported_by",
        "confirmed_by",
        "decided_by",
    }
)
EMPTY = "-"


@functools.cache
def person_field(name: str, label: str, *, linked: bool) -> Callable[[Any], str]:
    """A read-only field showing the person in ``name``, by name, linked or not.

    The same callable for the same arguments: the admin matches the form's
    fields against its read-only fields by identity.
    """

    @admin.display(description=label)
    def show(obj: Any) -> str:
        account = getattr(obj, name)
        if account is None:
            return EMPTY
        if not linked:
            return display_name(account)
        url = reverse("admin:auth_user_change", args=[account.pk])
        return format_html('<a href="{}">{}</a>', url, display_name(account))

    # The row keeps the field's class name (field-created_by) for styling.
    show.__name__ = name
    return show


def people_named(
    fields: Sequence[Any], *, model: type[models.Model], viewer: User
) -> tuple[Any, ...]:
    """``fields`` (names, or rows of them) with people as ``viewer`` may see them."""
    linked = may_open_accounts(viewer)

    def named(item: Any) -> Any:
        if isinstance(item, list | tuple):
            return tuple(named(part) for part in item)
        if isinstance(item, str) and item in PEOPLE:
            label = capfirst(str(model._meta.get_field(item).verbose_name))
            return person_field(item, label, linked=linked)
        return item

    return tuple(named(item) for item in fields)


class PeopleByName:
    """A ModelAdmin mixin: its read-only people by name, linked only if they may.

    For admins whose form is made from the model: the people's foreign keys
    stay out of the form, and their read-only fields show them.
    """

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> Any:
        exclude = super().get_exclude(request, obj) or ()  # type: ignore[misc]
        readonly = super().get_readonly_fields(request, obj)  # type: ignore[misc]
        return (*exclude, *(name for name in readonly if name in PEOPLE))

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        readonly = super().get_readonly_fields(request, obj)  # type: ignore[misc]
        return people_named(readonly, model=self.model, viewer=request.user)  # type: ignore[attr-defined]
