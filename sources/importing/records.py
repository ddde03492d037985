"""What an import found in a file, kept beside the source it created.

The importer never decides a source's metadata on its own: it proposes a
title, a byline, a dateline and candidate publication dates, each with where
in the file it was found, and an editor confirms them.
"""

from __future__ import annotations

from typing import Any, TypedDict

from django.conf import settings
from django.db import models
from django.utils import timezone


class DateCandidate(TypedDict):
    """A publication date the file suggests, and where it says so."""

    date: str  # YYYY, YYYY-MM or YYYY-MM-DD
    precision: str
    where: str
    excerpt: str


class Candidate(TypedDict):
    value: str
    where: str


class Proposals(TypedDict, total=False):
    titles: list[Candidate]
    bylines: list[Candidate]
    datelines: list[Candidate]
    publishers: list[Candidate]
    urls: list[Candidate]
    published_on: list[DateCandidate]
    captions: list[Candidate]
    language: Candidate


class ImportRecordQuerySet(models.QuerySet):
    def for_list(self) -> ImportRecordQuerySet:
        """Load what the admin list touches, in a fixed number of queries."""
        return self.select_related("source", "imported_by")


class ImportRecord(models.Model):
    """One file imported as a source: its format, the proposals made, who did it."""

    class Format(models.TextChoices):
        TEXT = "text", "Plain text"
        HTML = "html", "HTML"
        JSON = "json", "JSON"

    # The record is part of the import of a draft source and goes with it.
    source = models.OneToOneField(
        "sources.Source",
        on_delete=models.CASCADE,
        related_name="import_record",
        help_text="The source the file became.",
    )
    file_name = models.CharField(max_length=500, help_text="The file's name as given.")
    file_format = models.CharField(max_length=8, choices=Format)
    file_sha256 = models.CharField(
        max_length=64, help_text="SHA-256 of the file's bytes, before extraction."
    )
    file_size = models.PositiveIntegerField(help_text="In bytes.")
    proposals = models.JSONField(
        default=dict,
        blank=True,
        help_text="Metadata the importer found, each with where it was found.",
    )
    detected_language = models.CharField(
        max_length=16, blank=True, help_text="The language the text appears to be in."
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(default=timezone.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text="The editor who confirmed the metadata.",
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    objects = ImportRecordQuerySet.as_manager()

    class Meta:
        app_label = "sources"
        ordering = ["-imported_at", "-id"]
        indexes = [
            models.Index(fields=["imported_at"], name="importrecord_imported_at"),
            models.Index(fields=["file_sha256"], name="importrecord_file_sha256"),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} → {self.source}"

    @property
    def date_candidates(self) -> list[dict[str, Any]]:
        return list(self.proposals.get("published_on", []))

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None
