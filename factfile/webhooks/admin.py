"""Webhook subscriptions, their delivery log and the stories in the admin.

An editor sees which subscriptions fail, reads every attempt, and replays a
subscription from a change number (which also resumes one marked failing).
Subscriptions are ended, never deleted, so that their log stays.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from factfile.paginators import EstimatedCountPaginator
from factfile.usage import Story
from factfile.webhooks import delivery
from factfile.webhooks.models import Delivery, Subscription


class HealthFilter(admin.SimpleListFilter):
    title = "health"
    parameter_name = "health"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [
            ("failing", "Failing: retries stopped"),
            ("retrying", "Retrying"),
            ("ended", "Ended"),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet | None:
        value = self.value()
        if value == "failing":
            return queryset.filter(ended_at__isnull=True, failing_since__isnull=False)
        if value == "retrying":
            return queryset.filter(
                ended_at__isnull=True, failing_since__isnull=True, attempts__gt=0
            )
        if value == "ended":
            return queryset.filter(ended_at__isnull=False)
        return None


class SubscriptionForm(forms.ModelForm):
    class Meta:
        model = Subscription
        fields = ("api_key", "url", "scope", "last_seq")

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        if problem := delivery.url_problem(url):
            raise forms.ValidationError(problem)
        return url.strip()


class ReplayForm(forms.Form):
    from_seq = forms.IntegerField(
        min_value=1,
        label="Replay from change number",
        help_text="Every change from this number on is sent again, in order.",
    )


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    form = SubscriptionForm
    list_display = (
        "url",
        "api_key",
        "scope",
        "last_seq",
        "health_label",
        "last_error",
        "next_attempt_at",
        "deliveries_link",
    )
    list_filter = (HealthFilter, "scope")
    list_select_related = ("api_key",)
    search_fields = ("url", "api_key__name")
    autocomplete_fields = ("api_key",)
    readonly_fields = (
        "created_at",
        "ended_at",
        "attempts",
        "first_failed_at",
        "next_attempt_at",
        "failing_since",
        "last_error",
    )
    actions = ("replay", "end_subscriptions")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # The key and the position change only through replay.
        if obj is not None:
            return ("api_key", "last_seq", *self.readonly_fields)
        return self.readonly_fields

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ("api_key", "url", "scope", "last_seq")
        return ("api_key", "url", "scope", "last_seq", *self.readonly_fields)

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        return {"last_seq": delivery.latest_seq()}

    def save_model(
        self, request: HttpRequest, obj: Subscription, form: Any, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        if not change:
            messages.warning(
                request,
                f"The signing secret of this subscription is {obj.secret} — give "
                "it to the receiver's owner now; it is not shown again.",
            )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Ended, never deleted: the delivery log stays.
        return False

    @admin.display(description="health")
    def health_label(self, obj: Subscription) -> str:
        return obj.health

    @admin.display(description="deliveries")
    def deliveries_link(self, obj: Subscription) -> str:
        url = reverse("admin:factfile_delivery_changelist")
        return format_html('<a href="{}?subscription={}">log</a>', url, obj.pk)

    @admin.action(
        description="Replay from a change number (resumes a failing one)…",
        permissions=["change"],
    )
    def replay(
        self, request: HttpRequest, queryset: QuerySet[Subscription]
    ) -> TemplateResponse | None:
        form = ReplayForm(request.POST if "replay_confirm" in request.POST else None)
        if form.is_bound and form.is_valid():
            number = form.cleaned_data["from_seq"]
            for subscription in queryset:
                delivery.replay(subscription, from_seq=number)
                self.log_change(request, subscription, f"Replayed from #{number}.")
            messages.success(
                request,
                f"{len(queryset)} subscription(s) will get every change from "
                f"#{number} on.",
            )
            return None
        return TemplateResponse(
            request,
            "admin/factfile/webhook_replay.html",
            {
                **self.admin_site.each_context(request),
                "title": "Replay webhook deliveries",
                "opts": self.opts,
                "queryset": queryset,
                "form": form,
                "latest_seq": delivery.latest_seq(),
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(description="End the selected subscriptions", permissions=["change"])
    def end_subscriptions(
        self, request: HttpRequest, queryset: QuerySet[Subscription]
    ) -> None:
        ended = queryset.filter(ended_at__isnull=True).update(ended_at=timezone.now())
        messages.success(request, f"Ended {ended} subscription(s).")


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = (
        "attempted_at",
        "subscription",
        "first_seq",
        "last_seq",
        "entries",
        "attempt",
        "ok",
        "status_code",
        "error",
        "duration_ms",
    )
    list_filter = ("ok",)
    list_select_related = ("subscription__api_key",)
    search_fields = ("subscription__url",)
    show_full_result_count = False
    paginator = EstimatedCountPaginator

    def get_queryset(self, request: HttpRequest) -> QuerySet[Delivery]:
        return super().get_queryset(request).newest_first()

    # ``?subscription=<id>``: one subscription's log, linked from its row.
    def lookup_allowed(self, lookup: str, value: str, request: Any = None) -> bool:
        return lookup == "subscription" or super().lookup_allowed(
            lookup, value, request
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ("url", "registered_through", "uses_count", "updated_at")
    list_select_related = ("api_key", "registered_by")
    search_fields = ("url",)
    readonly_fields = ("url", "api_key", "registered_by", "created_at", "updated_at")
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Story]:
        return super().get_queryset(request).annotate(uses_total=Count("uses"))

    @admin.display(description="records")
    def uses_count(self, obj: Story) -> int:
        return obj.uses_total  # type: ignore[attr-defined]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
