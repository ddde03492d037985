"""The admin of actors, statements, events and citations."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Exists, OuterRef, Q, QuerySet, prefetch_related_objects
from django.http import HttpRequest
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe

from events.admin_provenance import (
    ActorNameInline,
    AttributionInline,
    EventIncomingRelationInline,
    OutgoingRelationInline,
    SourceChangesFilter,
    StatementIncomingRelationInline,
    TranslationInline,
    inlines_for,
)
from events.models import (
    Actor,
    Alias,
    Citation,
    Event,
    EventRelation,
    Participant,
    Role,
    Statement,
)
from events.reviewing import chosen_beside, cited_passages, waiting_beside
from factfile.admin import EditorialAdmin, EditorialInline, status_label
from factfile.admin_forms import InlineFormSet, LoadedAutocompletes
from factfile.admin_transitions import ReviewWorklistFilter, WorklistFilter
from factfile.api.parameters import whole_number
from factfile.editorial import EditorialRecord
from sources.folding import fold


def actors_matching(term: str) -> QuerySet:
    """Ids of actors whose name or an alias contains ``term``, ignoring accents."""
    folded = fold(term)
    return Actor.objects.filter(
        Q(folded_name__contains=folded) | Q(aliases__folded_name__contains=folded)
    ).values("pk")


class BrokenCitationFilter(admin.SimpleListFilter):
    title = "citations"
    parameter_name = "broken"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", "With a broken citation"), ("no", "No broken citation")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.filter(has_broken_citation=True)
        if self.value() == "no":
            return queryset.filter(has_broken_citation=False)
        return queryset


class SpeakerFilter(admin.SimpleListFilter):
    """Speakers to filter by, without listing every actor of the fact file."""

    title = "speaker"
    parameter_name = "speaker"
    shown = 20

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        # The actors most recently changed that have spoken; a speaker
        # picked from a list row (its name links here) is added.
        speakers = Actor.objects.filter(
            Exists(Statement.objects.filter(speaker=OuterRef("pk")))
        ).order_by("-updated_at")[: self.shown]
        choices = {str(actor.pk): actor.name for actor in speakers}
        value = self.value()
        chosen = whole_number(value or "")
        if chosen and value not in choices:
            selected = Actor.objects.filter(pk=chosen).first()
            if selected is not None:
                choices[value] = selected.name
        return sorted(choices.items(), key=lambda choice: fold(choice[1]))

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        # ASCII digits within the id range: "²" passes str.isdigit(), and
        # thirty digits overflow the column.
        speaker_id = whole_number(self.value() or "")
        if speaker_id:
            return queryset.filter(speaker_id=speaker_id)
        return queryset


def with_broken_flag(queryset: QuerySet, item: str) -> QuerySet:
    """Annotate whether each row has a broken citation, in the same query."""
    broken = Citation.objects.filter(**{item: OuterRef("pk")}, is_broken=True)
    return queryset.annotate(has_broken_citation=Exists(broken))


# Inlines -------------------------------------------------------------------


class AliasInline(admin.TabularInline):
    formset = InlineFormSet
    model = Alias
    extra = 0
    fields = ("name", "language")


class RoleInline(LoadedAutocompletes, admin.TabularInline):
    formset = InlineFormSet
    model = Role
    fk_name = "actor"
    extra = 0
    fields = (
        "title",
        "organisation",
        "starts_on",
        "starts_on_precision",
        "ends_on",
        "ends_on_precision",
    )
    autocomplete_fields = ("organisation",)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("organisation")


class ParticipantInline(LoadedAutocompletes, admin.TabularInline):
    formset = InlineFormSet
    model = Participant
    extra = 0
    fields = ("actor", "role")
    autocomplete_fields = ("actor",)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("actor")


class EventRelationInline(LoadedAutocompletes, admin.TabularInline):
    formset = InlineFormSet
    model = EventRelation
    fk_name = "from_event"
    extra = 0
    fields = ("kind", "to_event")
    autocomplete_fields = ("to_event",)
    verbose_name = "relation to another event"
    verbose_name_plural = "relations to other events"

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("to_event")


class CitationInline(EditorialInline):
    """Citations under their statement or event, saying whether each resolves."""

    model = Citation
    fields = (
        "source",
        "passage",
        "stance",
        "resolves",
        "broken_reason",
        "status",
        "loaded_version",
    )
    readonly_fields = ("resolves", "broken_reason", "status")
    autocomplete_fields = ("source",)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("source")

    @admin.display(description="passage found in the source", boolean=True)
    def resolves(self, citation: Citation) -> bool | None:
        if citation.pk is None:
            return None
        return not citation.is_broken


class StatementCitationInline(CitationInline):
    fk_name = "statement"


class EventCitationInline(CitationInline):
    fk_name = "event"


# Admins --------------------------------------------------------------------


class ReviewPanelAdmin(EditorialAdmin):
    """A record a checker reads beside its cited passages and its article's others."""

    def review_passages(self, request: HttpRequest, obj: EditorialRecord) -> list[Any]:
        return cited_passages(obj)

    def review_beside(self, request: HttpRequest, obj: EditorialRecord) -> list[Any]:
        beside = waiting_beside(obj, request.user)
        # Each statement is named by its speaker: one query for them all.
        prefetch_related_objects(
            [b.record for b in beside if isinstance(b.record, Statement)], "speaker"
        )
        return beside

    def chosen_along(
        self, request: HttpRequest, obj: EditorialRecord
    ) -> list[EditorialRecord]:
        return chosen_beside(obj, request.user, request.POST.getlist("_also"))


@admin.register(Actor)
class ActorAdmin(EditorialAdmin):
    list_display = (
        "name",
        "kind",
        "alias_names",
        status_label,
        "updated_by",
        "updated_at",
    )
    list_select_related = ("updated_by",)
    list_filter = (WorklistFilter, "status", "kind")
    # Searching folds accents and looks in aliases: see get_search_results.
    search_fields = ("name",)
    search_help_text = "Name or alias; accents and case do not matter (RDC, Prevot)."
    fieldsets = ((None, {"fields": ("name", "kind", "description", "wikidata_id")}),)
    ordering = ("name",)
    inlines = (AliasInline, RoleInline, ActorNameInline)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).prefetch_related("aliases")

    def get_inlines(self, request: HttpRequest, obj: Any) -> list[type]:
        return inlines_for(self.inlines, obj)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        if not search_term.strip():
            return queryset, False
        # A subquery rather than a join: one row per actor, no DISTINCT.
        return queryset.filter(pk__in=actors_matching(search_term)), False

    @admin.display(description="aliases")
    def alias_names(self, actor: Actor) -> str:
        return ", ".join(alias.name for alias in actor.aliases.all())


@admin.register(Statement)
class StatementAdmin(ReviewPanelAdmin):
    list_display = (
        "short_text",
        "speaker_link",
        "said_on",
        "channel",
        "kind",
        status_label,
        "has_broken_citation",
        "updated_by",
    )
    list_select_related = ("speaker", "updated_by")
    list_filter = (
        ReviewWorklistFilter,
        "status",
        "kind",
        SpeakerFilter,
        "channel",
        ("said_on", admin.DateFieldListFilter),
        BrokenCitationFilter,
        SourceChangesFilter,
    )
    date_hierarchy = "said_on"
    search_fields = ("text", "speaker_title")
    search_help_text = "Words of the statement, or the speaker's name or alias."
    autocomplete_fields = ("speaker", "on_behalf_of", "about", "event")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "text",
                    "kind",
                    "speaker",
                    "on_behalf_of",
                    "speaker_title",
                    ("said_on", "said_on_precision"),
                    "channel",
                    "language",
                    "about",
                    "event",
                )
            },
        ),
        (
            "Claim assessment",
            {"fields": ("claim_rating", "claim_summary", "claim_reasoning")},
        ),
    )
    inlines = (
        StatementCitationInline,
        AttributionInline,
        TranslationInline,
        OutgoingRelationInline,
        StatementIncomingRelationInline,
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return with_broken_flag(super().get_queryset(request), "statement")

    def get_inlines(self, request: HttpRequest, obj: Any) -> list[type]:
        return inlines_for(self.inlines, obj)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        found, duplicates = super().get_search_results(request, queryset, search_term)
        if not search_term.strip():
            return found, duplicates
        by_speaker = queryset.filter(speaker__in=actors_matching(search_term))
        return found | by_speaker, duplicates

    @admin.display(description="statement", ordering="text")
    def short_text(self, statement: Statement) -> str:
        text = statement.text
        return text if len(text) <= 90 else f"{text[:87]}…"

    @admin.display(description="speaker", ordering="speaker__name")
    def speaker_link(self, statement: Statement) -> str:
        # One row of every page: the markup of format_html, without its
        # per-argument machinery.
        return mark_safe(
            f'<a href="?speaker={escape(statement.speaker_id)}" '
            f'title="Only this speaker">{conditional_escape(statement.speaker)}</a>'
        )

    @admin.display(description="broken citation", boolean=True)
    def has_broken_citation(self, statement: Statement) -> bool:
        return statement.has_broken_citation  # type: ignore[attr-defined]


@admin.register(Event)
class EventAdmin(ReviewPanelAdmin):
    list_display = (
        "title",
        "kind",
        "starts_on",
        "place_name",
        "participant_names",
        status_label,
        "has_broken_citation",
        "updated_by",
    )
    list_select_related = ("updated_by",)
    list_filter = (
        ReviewWorklistFilter,
        "status",
        "kind",
        ("starts_on", admin.DateFieldListFilter),
        "place_country",
        BrokenCitationFilter,
        SourceChangesFilter,
    )
    date_hierarchy = "starts_on"
    search_fields = ("title", "description", "place_name", "place_country")
    fieldsets = (
        (None, {"fields": ("title", "kind", "description")}),
        (
            "When and where",
            {
                "fields": (
                    ("starts_on", "starts_on_precision"),
                    ("ends_on", "ends_on_precision"),
                    ("place_name", "place_country"),
                    ("latitude", "longitude"),
                )
            },
        ),
    )
    inlines = (
        ParticipantInline,
        EventRelationInline,
        EventCitationInline,
        EventIncomingRelationInline,
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return with_broken_flag(super().get_queryset(request), "event").for_list()

    def get_inlines(self, request: HttpRequest, obj: Any) -> list[type]:
        return inlines_for(self.inlines, obj)

    @admin.display(description="participants")
    def participant_names(self, event: Event) -> str:
        return ", ".join(str(p) for p in event.participants.all())

    @admin.display(description="broken citation", boolean=True)
    def has_broken_citation(self, event: Event) -> bool:
        return event.has_broken_citation  # type: ignore[attr-defined]


@admin.register(Citation)
class CitationAdmin(ReviewPanelAdmin):
    list_display = (
        "short_passage",
        "source",
        "item",
        "stance",
        "resolves",
        status_label,
        "updated_by",
    )
    list_select_related = ("source", "statement__speaker", "event", "updated_by")
    list_filter = (
        ReviewWorklistFilter,
        "status",
        "stance",
        ("is_broken", admin.BooleanFieldListFilter),
    )
    search_fields = ("passage", "source__title")
    autocomplete_fields = ("source", "statement", "event")
    readonly_fields = ("resolves", "broken_reason", "start", "end")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "source",
                    "statement",
                    "event",
                    "passage",
                    "stance",
                    "resolves",
                    "broken_reason",
                    ("start", "end"),
                )
            },
        ),
    )

    @admin.display(description="passage", ordering="passage")
    def short_passage(self, citation: Citation) -> str:
        passage = citation.passage
        return passage if len(passage) <= 80 else f"{passage[:77]}…"

    @admin.display(description="cites")
    def item(self, citation: Citation) -> str:
        return str(citation.item)

    @admin.display(description="passage found in the source", boolean=True)
    def resolves(self, citation: Citation) -> bool | None:
        if citation.pk is None:
            return None
        return not citation.is_broken


# The importer registers its own admin pages.
from events import admin_suggestions  # noqa: E402, F401
