"""Review the importer's suggestions: accept, edit or discard, one by one or in bulk.

Registered here rather than in ``events/admin.py``; that module imports this
one so that the admin site picks it up.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse

from events.admin_desk import desk_view
from events.suggesting.drafting import accept, decide_many, discard, retitle
from events.suggesting.records import Suggestion
from factfile.editorial import Status, WorkflowError


class SuggestionForm(forms.ModelForm):
    """A suggestion as the editor corrects it; a suggested event has its title."""

    title = forms.CharField(
        max_length=300,
        required=False,
        help_text="The title of the draft event: what happened, in a few words.",
    )

    class Meta:
        model = Suggestion
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        event = self.instance.event if self.instance.pk else None
        if "title" in self.fields and event is not None:
            self.fields["title"].initial = event.title
            self.fields["title"].required = True

    def clean_title(self) -> str:
        title = self.cleaned_data.get("title", "").strip()
        event = self.instance.event
        if "title" in self.changed_data and event.status != Status.DRAFT:
            raise forms.ValidationError(
                f"The event is {event.get_status_display().lower()}: "
                "change its title on the event's page."
            )
        return title


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    list_display = [
        "kind",
        "passage_excerpt",
        "actor",
        "speaker_name",
        "date_display",
        "state",
        "import_record",
    ]
    list_filter = ["state", "kind", "anonymous"]
    list_select_related = ["actor", "import_record__source"]
    search_fields = ["passage", "speaker_name", "import_record__source__title"]
    raw_id_fields = ["actor"]
    form = SuggestionForm
    fields = [
        "kind",
        "title",
        "passage",
        "actor",
        "speaker_name",
        "anonymous",
        "speaker_title",
        "attribution",
        "date",
        "date_precision",
        "date_phrase",
        "statement",
        "repeats",
        "event",
        "citation",
        "import_record",
        "state",
    ]
    readonly_fields = [
        "kind",
        "passage",
        "speaker_name",
        "attribution",
        "date_phrase",
        "anonymous",
        "statement",
        "repeats",
        "event",
        "citation",
        "import_record",
        "state",
    ]
    actions = ["accept_selected", "discard_selected"]
    show_full_result_count = False
    change_form_template = "events/suggestion_change_form.html"

    def get_urls(self) -> list[Any]:
        desk = path(
            "desk/<int:source_id>/",
            self.admin_site.admin_view(
                lambda request, source_id: desk_view(
                    self.admin_site, request, source_id
                )
            ),
            name="events_desk",
        )
        return [desk, *super().get_urls()]

    # Reviewing suggestions is writing statements: the statement
    # permissions decide who may do it.
    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("events.view_statement")

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("events.view_statement")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        pending = obj is None or obj.state == Suggestion.State.PENDING
        return pending and request.user.has_perm("events.add_statement")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Suggestion]:
        return super().get_queryset(request).for_list()

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = list(super().get_fields(request, obj))
        # Only a suggested event has a title: that of its draft event.
        if obj is None or obj.kind != Suggestion.Kind.EVENT or obj.event is None:
            fields.remove("title")
        return fields

    def save_model(
        self, request: HttpRequest, obj: Suggestion, form: Any, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        if "title" in form.changed_data:
            retitle(obj, title=form.cleaned_data["title"], by=request.user)

    @admin.display(description="title")
    def title(self, suggestion: Suggestion) -> str:
        return suggestion.event.title if suggestion.event else ""

    @admin.display(description="Passage")
    def passage_excerpt(self, suggestion: Suggestion) -> str:
        return suggestion.passage[:80]

    @admin.display(description="Date")
    def date_display(self, suggestion: Suggestion) -> str:
        return suggestion.date_display

    def _bulk(
        self, request: HttpRequest, queryset: QuerySet[Suggestion], how: str
    ) -> None:
        done, problems = decide_many(list(queryset.pending()), how, by=request.user)
        verb = "accepted" if how == "accept" else "discarded"
        self.message_user(request, f"{done} suggestions {verb}.", messages.SUCCESS)
        for problem in problems:
            self.message_user(request, problem, messages.ERROR)

    @admin.action(description="Accept selected suggestions", permissions=["change"])
    def accept_selected(
        self, request: HttpRequest, queryset: QuerySet[Suggestion]
    ) -> None:
        self._bulk(request, queryset, "accept")

    @admin.action(description="Discard selected suggestions", permissions=["change"])
    def discard_selected(
        self, request: HttpRequest, queryset: QuerySet[Suggestion]
    ) -> None:
        self._bulk(request, queryset, "discard")

    def response_change(self, request: HttpRequest, obj: Suggestion) -> HttpResponse:
        for button, decide in (("_accept", accept), ("_discard", discard)):
            if button in request.POST:
                try:
                    decide(obj, by=request.user)
                except WorkflowError as error:
                    self.message_user(request, str(error), messages.ERROR)
                    return HttpResponseRedirect(request.path)
                self.message_user(request, f"{obj}: {button[1:]}ed.", messages.SUCCESS)
                # Back to the list the editor came from, filters kept.
                listing = add_preserved_filters(
                    {
                        "preserved_filters": self.get_preserved_filters(request),
                        "opts": self.opts,
                    },
                    reverse("admin:events_suggestion_changelist"),
                )
                return HttpResponseRedirect(listing)
        return super().response_change(request, obj)
