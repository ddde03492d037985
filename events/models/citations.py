"""Citations: the passage of a source that supports a statement or an event."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from events.models.events import Event
from events.models.statements import Statement
from events.models.support import _citation_problems
from factfile.editorial import (
    EditorialQuerySet,
    EditorialRecord,
    Status,
    editorial_permissions,
)
from factfile.review import Problem
from factfile.workflow import four_eyes_problem, reopen, retraction_reason
from sources.anchoring import PassageNotFound, locate
from sources.anchoring import fold as fold_passage
from sources.models import text_hash

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser as User

    from factfile.representation import PublicContext


class CitationQuerySet(EditorialQuerySet):
    def broken(self) -> CitationQuerySet:
        return self.filter(is_broken=True)

    def for_list(self) -> CitationQuerySet:
        return self.select_related("source", "statement__speaker", "event")


class Citation(EditorialRecord):
    """The passage of a source that supports (or disputes) a statement or event."""

    class Stance(models.TextChoices):
        SUPPORTS = "supports", "Supports"
        DISPUTES = "disputes", "Disputes"

    source = models.ForeignKey(
        "sources.Source", on_delete=models.PROTECT, related_name="citations"
    )
    statement = models.ForeignKey(
        Statement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="citations",
    )
    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, null=True, blank=True, related_name="citations"
    )
    passage = models.TextField(
        help_text="Paste the passage; quotes, dashes and spacing may differ."
    )
    stance = models.CharField(max_length=16, choices=Stance, default=Stance.SUPPORTS)
    start = models.PositiveIntegerField(null=True, blank=True, editable=False)
    end = models.PositiveIntegerField(null=True, blank=True, editable=False)
    prefix = models.CharField(max_length=64, blank=True, editable=False)
    suffix = models.CharField(max_length=64, blank=True, editable=False)
    is_broken = models.BooleanField(default=False, editable=False)
    broken_reason = models.TextField(blank=True, editable=False)
    anchored_at = models.DateTimeField(null=True, blank=True, editable=False)
    anchored_sha256 = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="SHA-256 of the source text the passage was last anchored in.",
    )

    objects = CitationQuerySet.as_manager()
    history = HistoricalRecords()

    # A citation exists to support its item, in the words of its source.
    retracts_with = ("statement", "event", "source")

    class Meta:
        permissions = editorial_permissions("citation")
        indexes = [
            *EditorialRecord.Meta.indexes,
            models.Index(fields=["is_broken"], name="citation_is_broken"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(statement__isnull=False) & models.Q(event__isnull=True)
                )
                | (models.Q(statement__isnull=True) & models.Q(event__isnull=False)),
                name="citation_cites_statement_xor_event",
            ),
            models.CheckConstraint(
                condition=models.Q(start__isnull=True)
                | models.Q(end__gte=models.F("start")),
                name="citation_end_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(is_broken=True)
                | (models.Q(start__isnull=False) & models.Q(end__isnull=False)),
                name="citation_resolved_has_offsets",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source}: “{self.passage[:60]}”"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Offsets are derived from the passage and the source text: they are
        # recomputed on every save so that they never disagree with either.
        self.anchor()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        # The related objects rather than their ids: a citation added in the
        # same form as its statement or event cites it before it has an id.
        if (self.statement is None) == (self.event is None):
            raise ValidationError(
                "A citation cites exactly one statement or one event."
            )

    @property
    def item(self) -> Statement | Event:
        return self.statement if self.statement_id else self.event

    @property
    def quoted_text(self) -> str:
        """The passage exactly as it stands in the source, or as entered if broken."""
        if self.is_broken or self.start is None:
            return self.passage
        return self.source.full_text[self.start : self.end]

    def anchor(self) -> None:
        """Find the passage in the source's text and record where it stands."""
        try:
            found = locate(
                self.source.full_text,
                self.passage,
                prefix=self.prefix,
                suffix=self.suffix,
                near=self.start,
            )
        except PassageNotFound as not_found:
            self.is_broken = True
            self.broken_reason = str(not_found)
            self.start = self.end = None
        else:
            self.is_broken = False
            self.broken_reason = ""
            self.start, self.end = found.start, found.end
            self.prefix, self.suffix = found.prefix, found.suffix
        self.anchored_at = timezone.now()
        self.anchored_sha256 = text_hash(self.source.full_text)

    def can_support(self, by: User | None) -> bool:
        """Whether this citation supports its item when ``by`` verifies it."""
        if self.is_broken or self.status == Status.RETRACTED:
            return False
        if self.source.status != Status.VERIFIED:
            return False
        if self.source.standing == self.source.Standing.WITHDRAWN:
            return False
        return (
            self.status == Status.VERIFIED
            or by is None
            or not four_eyes_problem(self, by)
        )

    def why_it_cannot_support(self, by: User | None) -> str:
        """Why this citation does not support its item, as the refusal says it."""
        if self.status == Status.RETRACTED:
            return "was retracted"
        if self.is_broken:
            return f"does not resolve in its source: {self.broken_reason}"
        source = f"its source, “{self.source}”,"
        if self.source.standing == self.source.Standing.WITHDRAWN:
            return f"{source} was withdrawn"
        if self.source.status == Status.DRAFT:
            return f"{source} is a draft, not yet submitted for review"
        if self.source.status != Status.VERIFIED:
            return f"{source} is not verified yet"
        if by is not None and self.created_by_id == by.pk:
            return "was added by you"
        if by is not None and self.updated_by_id == by.pk:
            return "was last changed by you"
        return "cannot support it"

    def waits_only_for_its_source(self, by: User | None) -> bool:
        """Whether this citation would support its item once its source is verified."""
        return (
            self.status != Status.RETRACTED
            and not self.is_broken
            and self.source.status != Status.VERIFIED
            and self.source.standing != self.source.Standing.WITHDRAWN
            and (
                self.status == Status.VERIFIED
                or by is None
                or not four_eyes_problem(self, by)
            )
        )

    def missing_for_verification(self, by: User | None = None) -> list[str]:
        missing = []
        if self.is_broken:
            missing.append(f"The passage does not resolve: {self.broken_reason}")
        if self.source.status != Status.VERIFIED:
            missing.append(
                Problem(f"The source, {self.source}, is not verified.", self.source)
            )
        if self.source.standing == self.source.Standing.WITHDRAWN:
            missing.append(f"The source, {self.source}, was withdrawn.")
        item = self.item
        if item is not None and not item.is_public:
            kind = item._meta.verbose_name
            missing.append(
                Problem(f"The {kind} it cites, “{item}”, was retracted.", item)
                if item.status == Status.RETRACTED
                else Problem(
                    f"The {kind} it cites, “{item}”, is not verified: verify the "
                    f"{kind}, which verifies this citation with it.",
                    item,
                )
            )
        return missing

    def on_retracted(self, *, by: User) -> None:
        # The item stays public, but if this was its last usable citation it
        # no longer meets the verification rule and goes back to review.
        item = self.item
        item = type(item)._base_manager.get(pk=item.pk)
        if item.status != Status.VERIFIED or not _citation_problems(item, None):
            return
        reopen(
            item,
            by=by,
            reason=f"Its citation of “{self.source}” was retracted: "
            f"{retraction_reason(self)}",
        )

    # Public representation, written to the published layer on verification.
    public_rank: ClassVar[int] = 30

    def public_representation(self, context: PublicContext) -> dict[str, Any]:
        source_model = self._meta.get_field("source").related_model
        source = context.verified(source_model, self.source_id)
        quote = self.passage
        if source is not None and not self.is_broken and self.start is not None:
            # The exact words from the source's verified text, when the
            # offsets still point at the passage there.
            exact = source.full_text[self.start : self.end]
            if fold_passage(exact)[0].lower() == fold_passage(quote)[0].strip().lower():
                quote = exact
        return {
            "statement_id": self.statement_id,
            "event_id": self.event_id,
            "stance": self.stance,
            "quote": quote,
            "prefix": self.prefix,
            "suffix": self.suffix,
            "start": self.start,
            "end": self.end,
            "is_broken": self.is_broken,
            "source": context.summary(
                "source",
                self.source_id,
                "title",
                "kind",
                "publisher",
                "authors",
                "url",
                "published_on",
                "published_on_precision",
                "accessed_on",
                "archive_url",
                "language",
                "standing",
                "standing_note",
                "standing_since",
            ),
        }

    def public_shown_in(self) -> list[tuple[str, int]]:
        """The item that lists this citation, once it is public on its own."""
        if self.statement_id:
            return [("statement", self.statement_id)]
        return [("event", self.event_id)]

    def public_columns(self, data: dict[str, Any]) -> dict[str, Any]:
        source = data["source"]
        return {
            "kind": self.stance,
            "statement_id": self.statement_id,
            "event_id": self.event_id,
            "source_id": self.source_id,
            "publisher": source.get("publisher") or "",
            "search_text": " ".join([data["quote"], source.get("title") or ""]),
        }
