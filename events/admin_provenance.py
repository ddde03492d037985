"""The admin of provenance: relations between statements and events, translations."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest

from events.attribution import AttributionStep
from events.merging import ActorMerge
from events.models import Citation
from events.names import ActorName
from events.relations import PERMISSION_MODEL, Relation
from events.translations import Translation
from factfile.admin import EditorialAdmin, EditorialInline, status_label
from factfile.admin_forms import (
    InlineFormSet,
    LoadedAutocompletes,
    SeparateRecordFormSet,
)
from factfile.admin_transitions import WorklistFilter
from factfile.editorial import Status
from sources.standing import CHANGED


class StatementPermissions:
    """Whoever may edit, verify or retract statements may do so for these records."""

    permission_model = PERMISSION_MODEL

    def _has(self, request: HttpRequest, action: str) -> bool:
        return request.user.has_perm(f"events.{action}_{self.permission_model}")

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._has(request, "view") or self._has(request, "change")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._has(request, "add")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and getattr(obj, "status", None) == Status.RETRACTED:
            return False
        return self._has(request, "change")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and getattr(obj, "verified_version", None) is not None:
            return False
        return self._has(request, "delete")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._has(request, "view")


class RelationInline(StatementPermissions, EditorialInline):  # type: ignore[misc]
    """Relations under a statement or event; each is verified on its own."""

    model = Relation
    formset = SeparateRecordFormSet
    fields = ("kind", "to_statement", "to_event", "evidence", "status")
    readonly_fields = ("status",)
    autocomplete_fields = ("to_statement", "to_event", "evidence")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).for_list()


class SourceChangesFilter(admin.SimpleListFilter):
    """Statements or events whose sources were corrected or withdrawn."""

    title = "source changes"
    parameter_name = "source_changes"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [
            ("review", "Affected by source changes: back in review"),
            ("flagged", "Citing a corrected or withdrawn source"),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() not in ("review", "flagged"):
            return queryset
        item = queryset.model._meta.model_name
        changed = Citation.objects.filter(
            **{item: OuterRef("pk")}, source__standing__in=CHANGED
        )
        queryset = queryset.filter(Exists(changed))
        if self.value() == "review":
            return queryset.with_pending_edit()
        return queryset


def inlines_for(inlines: tuple[type, ...], obj: Any) -> list[type]:
    """The inlines of a change page; a record being added has no relations yet.

    The add page keeps to what a reporter enters first (the words, the
    speaker, the citation); provenance is added on the change page.
    """
    return [
        inline
        for inline in inlines
        if obj is not None
        or not (
            issubclass(inline.formset, SeparateRecordFormSet)
            or issubclass(inline, AttributionInline | ActorNameInline)
        )
    ]


class OutgoingRelationInline(RelationInline):
    fk_name = "statement"
    verbose_name = "relation to another statement or an event"
    verbose_name_plural = (
        "relations: this statement contradicts, corrects, supersedes, repeats, "
        "responds to, announces, confirms, denies, claims or condemns"
    )


class IncomingRelationInline(RelationInline):
    fields = ("statement", "kind", "evidence", "status")
    autocomplete_fields = ("statement", "evidence")


class StatementIncomingRelationInline(IncomingRelationInline):
    fk_name = "to_statement"
    verbose_name = "relation from another statement"
    verbose_name_plural = "relations from other statements (contradicted by, ...)"


class EventIncomingRelationInline(IncomingRelationInline):
    fk_name = "to_event"
    verbose_name = "statement about this event"
    verbose_name_plural = (
        "statements that announce, confirm, deny, claim or condemn this event"
    )


@admin.register(Relation)
class RelationAdmin(StatementPermissions, EditorialAdmin):  # type: ignore[misc]
    list_display = ("__str__", "kind", status_label, "updated_by", "updated_at")
    list_select_related = (
        "statement__speaker",
        "to_statement__speaker",
        "to_event",
        "updated_by",
    )
    list_filter = (WorklistFilter, "status", "kind")
    search_fields = ("statement__text", "to_statement__text", "to_event__title")
    autocomplete_fields = ("statement", "to_statement", "to_event", "evidence")
    fieldsets = (
        (None, {"fields": ("statement", "kind", "to_statement", "to_event")}),
        ("Where it is established", {"fields": ("evidence",)}),
    )


class TranslationInline(StatementPermissions, EditorialInline):  # type: ignore[misc]
    """Translations under their statement; each is verified on its own."""

    model = Translation
    formset = SeparateRecordFormSet
    fields = ("language", "kind", "translator", "text", "source", "status")
    readonly_fields = ("status",)
    autocomplete_fields = ("source",)


@admin.register(Translation)
class TranslationAdmin(StatementPermissions, EditorialAdmin):  # type: ignore[misc]
    list_display = ("__str__", "language", "kind", "translator", status_label)
    list_select_related = ("statement",)
    list_filter = (WorklistFilter, "status", "language", "kind")
    search_fields = ("text", "statement__text", "translator")
    autocomplete_fields = ("statement", "source")
    fieldsets = (
        (None, {"fields": ("statement", "language", "text")}),
        ("Whose translation", {"fields": ("kind", "translator", "source")}),
    )


class AttributionInline(LoadedAutocompletes, admin.TabularInline):
    """The hands a statement passed through, edited with the statement itself."""

    model = AttributionStep
    formset = InlineFormSet
    extra = 0
    fields = ("position", "via", "actor")
    autocomplete_fields = ("actor",)
    verbose_name = "step of the attribution chain"
    verbose_name_plural = (
        "attribution chain: through whom it reached the source (quoted by, "
        "relayed by, reported by, posted by)"
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("actor")

    def _may_edit(self, request: HttpRequest) -> bool:
        return request.user.has_perm(f"events.change_{PERMISSION_MODEL}")

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm(f"events.view_{PERMISSION_MODEL}") or (
            self._may_edit(request)
        )

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_edit(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_edit(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_edit(request)


class ActorNameInline(admin.TabularInline):
    """Names an actor went by for a time, edited with the actor itself."""

    model = ActorName
    formset = InlineFormSet
    extra = 0
    fields = (
        "name",
        "starts_on",
        "starts_on_precision",
        "ends_on",
        "ends_on_precision",
    )
    verbose_name_plural = "dated names (before or after a renaming)"

    def _may_edit(self, request: HttpRequest) -> bool:
        return request.user.has_perm("events.change_actor")

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("events.view_actor") or self._may_edit(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_edit(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_edit(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_edit(request)


@admin.register(ActorMerge)
class ActorMergeAdmin(StatementPermissions, EditorialAdmin):  # type: ignore[misc]
    """Merges of duplicate actors: verifying merges, retracting reverts."""

    permission_model = "actor"
    list_display = ("__str__", status_label, "merged_at", "reverted_at", "updated_by")
    list_select_related = ("duplicate", "survivor", "updated_by")
    list_filter = (WorklistFilter, "status")
    search_fields = ("duplicate__name", "survivor__name", "reason")
    autocomplete_fields = ("duplicate", "survivor")
    readonly_fields = ("merged_at", "reverted_at", "moved_rows")
    fieldsets = (
        (None, {"fields": ("duplicate", "survivor", "reason")}),
        (
            "Carried out",
            {
                "fields": ("merged_at", "reverted_at", "moved_rows"),
                "description": "Verifying the merge carries it out; retracting "
                "it puts every row back where it was.",
            },
        ),
    )

    @admin.display(description="rows moved")
    def moved_rows(self, merge: ActorMerge) -> str:
        relinked = merge.moved.get("relinked", [])
        removed = merge.moved.get("removed", [])
        return f"{len(relinked)} repointed, {len(removed)} set aside as duplicates"
