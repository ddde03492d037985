"""API keys in the admin: created with a name, shown once, revoked, never deleted.

The editor-in-chief's role gives the permissions to see, issue, rename and
revoke keys; nobody deletes one.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from factfile.api.keys import ApiKey


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "prefix",
        "created_at",
        "is_active",
        "writes_usage",
        "manages_webhooks",
    )
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    search_fields = ("name", "prefix")
    readonly_fields = ("prefix", "created_at", "revoked_at")
    fields = (
        "name",
        "writes_usage",
        "manages_webhooks",
        "prefix",
        "created_at",
        "revoked_at",
    )
    actions = ("revoke_keys",)

    def save_model(
        self, request: HttpRequest, obj: ApiKey, form: Any, change: bool
    ) -> None:
        if change:
            obj.save(update_fields=["name", "writes_usage", "manages_webhooks"])
            return
        raw = obj.set_new_secret()
        obj.save()
        messages.warning(
            request,
            f"The key for {obj.name} is {raw} — copy it now: it is stored only "
            "as a hash and cannot be shown again.",
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A revoked key stays listed, so that its use can still be traced.
        return False

    @admin.display(boolean=True, description="Active")
    def is_active(self, obj: ApiKey) -> bool:
        return obj.is_active

    @admin.action(description="Revoke the selected keys", permissions=["change"])
    def revoke_keys(self, request: HttpRequest, queryset: QuerySet[ApiKey]) -> None:
        keys = list(queryset.active())  # type: ignore[attr-defined]
        for key in keys:
            key.revoke()
            self.log_change(request, key, "Revoked.")
        messages.success(request, f"Revoked {len(keys)} key(s).")
