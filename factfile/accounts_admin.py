"""The admin of accounts, groups, login lockouts and two-factor devices.

Registered in place of the stock admins of Django, django-axes and
django-otp. Superusers keep every field; anyone else gives rights only by
role, on the accounts ``factfile.accounts`` lets them manage: no superuser,
staff or individual-permission field, no group editing, no device made or
edited, and every change and bulk action checked on the server.
"""

from __future__ import annotations

from typing import Any

# Importing the stock admins registers them, so that they can be replaced
# here, and the admin's discovery of those apps later does not register them
# again.
from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from factfile import accounts
from factfile.roles import role_of, update_staff_status

NO_ROLE = ""
ROLE_HELP = (
    "What this person may do. A role lets them log into the admin; without "
    "one they cannot."
)
PERSONAL = (_("Personal info"), {"fields": ("first_name", "last_name", "email")})


class RoleFormMixin(forms.Form):
    """A choice of one role, among those the acting user may give."""

    role = forms.ChoiceField(
        choices=[(NO_ROLE, "No role")],
        required=False,
        widget=forms.RadioSelect,
        help_text=ROLE_HELP,
    )
    # Set per request on a subclass made by the admin's ``get_form``.
    assignable_roles: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(NO_ROLE, "No role")] + [
            (role, role) for role in self.assignable_roles
        ]
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk is not None:
            self.fields["role"].initial = role_of(instance) or NO_ROLE


class AccountCreationForm(RoleFormMixin, AdminUserCreationForm):
    pass


class AccountChangeForm(RoleFormMixin, UserChangeForm):
    pass


admin.site.unregister(User)


@admin.register(User)
class AccountAdmin(UserAdmin):
    """Accounts; anyone but a superuser gives rights only by role."""

    add_form = AccountCreationForm
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "usable_password", "password1", "password2"),
            },
        ),
        PERSONAL,
        (_("Role"), {"fields": ("role",)}),
    )
    # Without superuser, staff and individual-permission fields.
    role_fieldsets = (
        (None, {"fields": ("username", "password")}),
        PERSONAL,
        (_("Role and access"), {"fields": ("role", "is_active")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    list_display = (
        "username",
        "first_name",
        "last_name",
        "email",
        "role",
        "is_active",
        "is_staff",
    )
    list_filter = ("groups", "is_active", "is_staff", "is_superuser")
    actions = ("deactivate_selected", "reset_two_factor_selected")

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        # The role column reads each row's groups.
        return super().get_queryset(request).prefetch_related("groups")

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None or request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        return self.role_fieldsets

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None and not request.user.is_superuser:
            return ("last_login", "date_joined")
        return super().get_readonly_fields(request, obj)

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is not None and not request.user.is_superuser:
            kwargs.setdefault("form", AccountChangeForm)
        form = super().get_form(request, obj, change=change, **kwargs)
        if issubclass(form, RoleFormMixin):
            # A subclass per request: the choices depend on who asks.
            roles = tuple(accounts.assignable_roles(request.user))
            form = type(form.__name__, (form,), {"assignable_roles": roles})
        return form

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or accounts.can_manage_account(request.user, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Accounts are deactivated; deleting one loses who did what, so only
        # a superuser may, whatever permissions a group was given.
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def has_reset_two_factor_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perms(
            ["otp_totp.delete_totpdevice", "otp_static.delete_staticdevice"]
        )

    def save_related(
        self, request: HttpRequest, form: Any, formsets: Any, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        account = form.instance
        if "role" in form.fields and (not change or "role" in form.changed_data):
            accounts.assign_role(
                account, role=form.cleaned_data["role"] or None, by=request.user
            )
        else:
            update_staff_status(account)

    @admin.display(description="role")
    def role(self, obj: User) -> str:
        return role_of(obj) or "—"

    @admin.action(
        description="Deactivate the selected accounts", permissions=["change"]
    )
    def deactivate_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        try:
            count = accounts.deactivate_accounts(queryset, by=request.user)
        except PermissionDenied as refused:
            self.message_user(request, str(refused), messages.ERROR)
            return
        self.message_user(request, f"Deactivated {count} account(s).")

    @admin.action(
        description="Reset two-factor authentication of the selected accounts",
        permissions=["change", "reset_two_factor"],
    )
    def reset_two_factor_selected(
        self, request: HttpRequest, queryset: QuerySet
    ) -> None:
        try:
            accounts.reset_two_factor(queryset, by=request.user)
        except PermissionDenied as refused:
            self.message_user(request, str(refused), messages.ERROR)
            return
        self.message_user(
            request,
            "Two-factor authentication was reset: each person pairs a new "
            "authenticator app at their next login.",
        )


admin.site.unregister(Group)


@admin.register(Group)
class RoleGroupAdmin(GroupAdmin):
    """Groups and their permissions, which only a superuser changes."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser and super().has_add_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser and super().has_delete_permission(request, obj)


class DeviceAdminMixin:
    """Devices are seen and reset, never made or edited but by a superuser.

    Whoever makes or edits a device can know its secret and pass as its
    owner; a reset makes the owner pair a new one themselves.
    """

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return request.user.is_superuser and super().has_add_permission(  # type: ignore[misc]
            request, *args
        )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser and super().has_change_permission(  # type: ignore[misc]
            request, obj
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not super().has_delete_permission(request, obj):  # type: ignore[misc]
            return False
        return obj is None or accounts.can_manage_account(request.user, obj.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        if not all(self.has_delete_permission(request, device) for device in queryset):
            raise PermissionDenied
        super().delete_queryset(request, queryset)  # type: ignore[misc]


admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class AuthenticatorAdmin(DeviceAdminMixin, TOTPDeviceAdmin):
    pass


admin.site.unregister(StaticDevice)


@admin.register(StaticDevice)
class BackupCodesAdmin(DeviceAdminMixin, StaticDeviceAdmin):
    pass


admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class LockoutAdmin(AccessAttemptAdmin):
    """Failed logins; deleting an attempt lifts the lockout it counts toward."""

    # Not axes' "clean up expired attempts": it answers 500 from the admin
    # (it reads a time that only axes' login handling sets on the request),
    # and ignores the selection.
    actions = ["lift_selected"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Every field is read-only: there is nothing to change.
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or accounts.may_lift_lockout(request.user, obj)

    def delete_model(self, request: HttpRequest, obj: AccessAttempt) -> None:
        accounts.lift_lockouts([obj], by=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        accounts.lift_lockouts(queryset, by=request.user)

    @admin.action(description="Unlock the selected logins", permissions=["delete"])
    def lift_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        try:
            count = accounts.lift_lockouts(queryset, by=request.user)
        except PermissionDenied as refused:
            self.message_user(request, str(refused), messages.ERROR)
            return
        self.message_user(request, f"Unlocked {count} login(s).")
