"""The conversation around a record in review: comments, who checks it, its note.

Comments are a thread kept with the record for good: a send-back's comment
stays when the author resubmits. A record can be assigned to a checker,
whose queue starts with it. Whoever edits a public record drafts the public
correction note here; the verifier reads it, may amend it, and publishes it
with the correction.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

# A comment is a few paragraphs, not an article.
COMMENT_LENGTH = 5000


class RecordQuerySet(models.QuerySet):
    def of(self, record: models.Model) -> RecordQuerySet:
        """The rows kept with ``record``."""
        return self.filter(
            content_type=ContentType.objects.get_for_model(record),
            object_id=record.pk,
        )


class Comment(models.Model):
    """One message of the thread kept with a record."""

    class Kind(models.TextChoices):
        COMMENT = "comment", "Comment"
        SENT_BACK = "sent_back", "Sent back"

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=16, choices=Kind, default=Kind.COMMENT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    text = models.TextField(max_length=COMMENT_LENGTH)
    version = models.PositiveIntegerField(
        help_text="The version of the record the comment was written on."
    )

    objects = RecordQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="comment_record"),
        ]
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.author}: {self.text[:60]}"


class Assignment(models.Model):
    """Who is to check a record; one at a time."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The fact-checker asked to check the record.",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)

    objects = RecordQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="assignment_one_per_record"
            ),
        ]
        indexes = [
            models.Index(fields=["assignee", "content_type"], name="assignment_queue"),
        ]

    def __str__(self) -> str:
        return f"{self.content_type.model} {self.object_id} → {self.assignee}"


class CorrectionDraft(models.Model):
    """The public note a pending edit of a public record will be published with."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    note = models.TextField(
        help_text="What the correction changed, in words for the public."
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(default=timezone.now)

    objects = RecordQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="correction_draft_one"
            ),
        ]

    def __str__(self) -> str:
        return self.note[:60]
