"""Sources: where the facts of the fact file come from, with their full text."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from factfile.addresses import validate_http_url
from factfile.dates import (
    Precision,
    clean_partial_dates,
    format_iso,
    partial_date_constraint,
)
from factfile.editorial import EditorialQuerySet, EditorialRecord, editorial_permissions
from sources.standing import review_what_it_alone_supports

if TYPE_CHECKING:
    from factfile.representation import PublicContext


class SourceQuerySet(EditorialQuerySet):
    def with_text_hash(self, text: str) -> SourceQuerySet:
        """Sources whose stored text is exactly ``text``."""
        return self.filter(text_sha256=text_hash(text))


def text_hash(text: str) -> str:
    """The SHA-256 of a text as stored, in hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Standing(models.TextChoices):
    CURRENT = "current", "Current"
    CORRECTED = "corrected", "Corrected by its publisher"
    WITHDRAWN = "withdrawn", "Withdrawn by its publisher"


class Source(EditorialRecord):
    Standing = Standing

    class Kind(models.TextChoices):
        NEWS_ARTICLE = "news_article", "News article"
        OFFICIAL_STATEMENT = "official_statement", "Official statement"
        SOCIAL_MEDIA_POST = "social_media_post", "Social-media post"
        REPORT = "report", "Report"
        RESOLUTION = "resolution", "Resolution"
        ENCYCLOPEDIA = "encyclopedia", "Encyclopedia page"
        TRANSCRIPT = "transcript", "Transcript"
        OTHER = "other", "Other"

    title = models.CharField(
        max_length=500, help_text="The headline or title as published."
    )
    kind = models.CharField(max_length=32, choices=Kind, default=Kind.NEWS_ARTICLE)
    publisher = models.CharField(
        max_length=200,
        blank=True,
        help_text="The outlet or body that published it; empty if unknown.",
    )
    authors = models.CharField(
        max_length=500,
        blank=True,
        help_text="Names as in the byline, separated by semicolons.",
    )
    # Citations turn these into links in other people's pages: only http(s),
    # and nothing that could end an attribute or a Markdown link early.
    url = models.URLField(
        max_length=2000,
        blank=True,
        validators=[validate_http_url],
        help_text="Where it was published: an http:// or https:// address.",
    )
    published_on = models.DateField(
        null=True, blank=True, help_text="Empty when the text does not establish it."
    )
    published_on_precision = models.CharField(
        max_length=8, choices=Precision, default=Precision.UNKNOWN
    )
    language = models.CharField(
        max_length=16,
        default="en",
        help_text="Language code of the text: en, fr, rw, ...",
    )
    accessed_on = models.DateField(
        null=True, blank=True, help_text="When the newsroom read or captured it."
    )
    archive_url = models.URLField(
        max_length=2000,
        blank=True,
        validators=[validate_http_url],
        help_text="A permanent archived copy, if any: an http:// or https:// address.",
    )
    full_text = models.TextField(
        help_text="The whole text as captured; citations anchor into it."
    )
    text_sha256 = models.CharField(max_length=64, editable=False, db_index=True)
    captured_sha256 = models.CharField(
        max_length=64,
        editable=False,
        blank=True,
        help_text="SHA-256 of the text as first captured; the current text's "
        "hash differs once the text is edited.",
    )
    derived_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="derivatives",
        help_text="The source this one republishes or quotes, e.g. the wire story.",
    )
    notes = models.TextField(blank=True, help_text="Internal notes; never published.")
    standing = models.CharField(
        max_length=16,
        choices=Standing,
        default=Standing.CURRENT,
        help_text="Whether the publisher has since corrected or withdrawn it. Once "
        "verified, citations into it are flagged, and what a withdrawn source "
        "alone supported goes back to review.",
    )
    standing_note = models.TextField(
        blank=True,
        help_text="The publisher's correction or withdrawal notice, as published.",
    )
    standing_since = models.DateField(
        null=True, blank=True, help_text="When the publisher corrected or withdrew it."
    )

    objects = SourceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        permissions = editorial_permissions("source")
        indexes = [
            *EditorialRecord.Meta.indexes,
            models.Index(fields=["published_on"], name="source_published_on"),
            models.Index(fields=["publisher"], name="source_publisher"),
            models.Index(fields=["kind"], name="source_kind"),
            models.Index(fields=["language"], name="source_language"),
            models.Index(fields=["title"], name="source_title"),
        ]
        constraints = [
            partial_date_constraint("published_on", "source_published_on_precision"),
            models.CheckConstraint(
                condition=~models.Q(derived_from=models.F("id")),
                name="source_not_derived_from_itself",
            ),
            models.CheckConstraint(
                condition=models.Q(standing=Standing.CURRENT)
                | ~models.Q(standing_note=""),
                name="source_standing_has_note",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.text_sha256 = text_hash(self.full_text)
        if not self.captured_sha256:
            self.captured_sha256 = self.text_sha256
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        clean_partial_dates(self, "published_on")
        if self.standing != Standing.CURRENT and not self.standing_note.strip():
            raise ValidationError(
                {"standing_note": "Give the publisher's correction or notice."}
            )
        if len(self.full_text) > settings.FACTFILE_MAX_SOURCE_CHARS:
            raise ValidationError(
                {
                    "full_text": f"The text is longer than the limit of "
                    f"{settings.FACTFILE_MAX_SOURCE_CHARS:,} characters."
                }
            )

    @property
    def author_names(self) -> list[str]:
        return [name.strip() for name in self.authors.split(";") if name.strip()]

    def missing_for_verification(self, by: Any = None) -> list[str]:
        if not self.full_text.strip():
            return ["The source has no text."]
        return []

    # Public representation, written to the published layer on verification.
    public_rank: ClassVar[int] = 10

    def public_representation(self, context: PublicContext) -> dict[str, Any]:
        """The public fields; the full text and internal notes stay in the newsroom."""
        return {
            "title": self.title,
            "kind": self.kind,
            "publisher": self.publisher,
            "authors": self.author_names,
            "url": self.url,
            "published_on": format_iso(self.published_on, self.published_on_precision),
            "published_on_precision": self.published_on_precision,
            "language": self.language,
            "accessed_on": self.accessed_on.isoformat() if self.accessed_on else "",
            "archive_url": self.archive_url,
            "derived_from": context.summary("source", self.derived_from_id, "title"),
            "standing": self.standing,
            "standing_note": self.standing_note,
            "standing_since": (
                self.standing_since.isoformat() if self.standing_since else ""
            ),
        }

    def public_columns(self, data: dict[str, Any]) -> dict[str, Any]:
        """Filter and sort values of the published row, from its public JSON."""
        return {
            "kind": self.kind,
            "language": self.language,
            "date": self.published_on,
            "date_precision": self.published_on_precision,
            "publisher": self.publisher,
            "source_id": self.pk,
            "search_text": " ".join([self.title, self.publisher, self.authors]),
        }

    def on_verified(self, *, by: Any) -> None:
        # A correction or withdrawal takes effect when it is verified.
        if self.standing != Standing.CURRENT:
            review_what_it_alone_supports(self, by=by)

    def reanchor_citations(self) -> int:
        """Re-anchor every citation in the current text; return how many broke."""
        broken = 0
        # Citations point here through their own app; the reverse accessor
        # keeps this app free of any import from it.
        for citation in self.citations.all():  # type: ignore[attr-defined]
            citation.source = self
            citation.anchor()
            citation.save()
            broken += citation.is_broken
        return broken


# The importer's record of each imported file lives in its own module.
from sources.importing.records import ImportRecord  # noqa: E402, F401
