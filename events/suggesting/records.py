"""A suggestion the importer made, waiting for an editor to accept or discard it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from factfile.dates import (
    Precision,
    clean_partial_dates,
    format_human,
    partial_date_constraint,
)


class SuggestionQuerySet(models.QuerySet):
    def pending(self) -> SuggestionQuerySet:
        return self.filter(state=Suggestion.State.PENDING)

    def for_list(self) -> SuggestionQuerySet:
        """Load what the review list touches, in a fixed number of queries."""
        return self.select_related(
            "import_record__source",
            "actor",
            "statement",
            "repeats",
            "event",
            "citation",
            "created_by",
        )


class Suggestion(models.Model):
    """A quote, event, actor, mention or date the importer proposes from a source.

    A suggested quote whose speaker was found is already a draft statement
    with its citation anchored, and a sentence reporting an event is already
    a draft event with its participants and citation; the suggestion marks
    it as suggested until an editor accepts it (it stays an ordinary draft)
    or discards it (the never-public draft is deleted). A quote without a
    speaker waits here until an editor names one.
    """

    class Kind(models.TextChoices):
        QUOTE = "quote", "Quote"
        ACTOR = "actor", "New actor"
        MENTION = "mention", "Actor mention"
        DATE = "date", "Date"
        EVENT = "event", "Event"

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        DISCARDED = "discarded", "Discarded"

    import_record = models.ForeignKey(
        "sources.ImportRecord", on_delete=models.CASCADE, related_name="suggestions"
    )
    kind = models.CharField(max_length=16, choices=Kind)
    state = models.CharField(
        max_length=16, choices=State, default=State.PENDING, editable=False
    )
    passage = models.TextField(help_text="The words of the source it came from.")
    start = models.PositiveIntegerField(
        help_text="Where the passage starts in the text."
    )
    end = models.PositiveIntegerField()
    actor = models.ForeignKey(
        "events.Actor",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestions",
        help_text="The speaker of a quote, the actor mentioned, or the new actor.",
    )
    speaker_name = models.CharField(
        max_length=300, blank=True, help_text="The speaker as the text names them."
    )
    speaker_title = models.CharField(max_length=300, blank=True)
    attribution = models.CharField(
        max_length=500,
        blank=True,
        help_text="What in the text attributes the quote; empty when nothing does.",
    )
    date = models.DateField(null=True, blank=True)
    date_precision = models.CharField(
        max_length=8, choices=Precision, default=Precision.UNKNOWN
    )
    date_phrase = models.CharField(
        max_length=200, blank=True, help_text="The words the date was read from."
    )
    anonymous = models.BooleanField(
        default=False,
        help_text=(
            "The text does not name the speaker (“a resident”, “a diplomat who asked "
            "not to be named”): choose who it is, or the body the source speaks "
            "for, before accepting."
        ),
    )
    statement = models.ForeignKey(
        "events.Statement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestions",
    )
    repeats = models.ForeignKey(
        "events.Statement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="repeated_in_suggestions",
        help_text=(
            "A statement already in the fact file with the same words and speaker: "
            "accepting adds this article as another citation of it."
        ),
    )
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestions",
        help_text="The draft event made from a sentence reporting what happened.",
    )
    citation = models.ForeignKey(
        "events.Citation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestions",
    )
    details = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        app_label = "events"
        ordering = ["import_record", "start", "id"]
        indexes = [
            models.Index(fields=["state", "kind"], name="suggestion_state_kind"),
            models.Index(
                fields=["import_record", "start"], name="suggestion_record_start"
            ),
        ]
        constraints = [
            partial_date_constraint("date", "suggestion_date_precision"),
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")),
                name="suggestion_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.passage[:60]}"

    def clean(self) -> None:
        # A day left in a date known to the month is stored as the first:
        # the record made from the suggestion takes the date as it is.
        clean_partial_dates(self, "date")

    @property
    def date_display(self) -> str:
        if self.date is None:
            return f"unresolved ({self.date_phrase})" if self.date_phrase else ""
        return format_human(self.date, self.date_precision)
