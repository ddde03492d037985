"""The search index of the citation lookup, derived from the published layer.

One ``LookupEntry`` per published statement, event, actor or source, live or
retracted (a retracted record stays findable, shown with its reason),
holding its words in four weighted fields. The full-text machinery is the
database's own and is created by this app's migrations, outside the models:

- PostgreSQL: a generated ``tsvector`` column ``document`` (the fields
  weighted A, B, C, D through the accent-folding text search configuration
  ``lookup_folded``) with a GIN index, and a GIN trigram index on the
  vocabulary of names.
- SQLite: an FTS5 table ``lookup_fts`` over the four fields, kept in step by
  triggers on the entry table.

The index is only ever written by ``factfile.lookup.indexing``.
"""

from __future__ import annotations

from django.db import models


class Kind(models.TextChoices):
    STATEMENT = "statement", "Statement"
    EVENT = "event", "Event"
    ACTOR = "actor", "Actor"
    SOURCE = "source", "Source"


class LookupEntry(models.Model):
    """The searchable words of one published record, in four weights."""

    published = models.OneToOneField(
        "factfile.PublishedRecord",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="lookup_entry",
        help_text="The published record these words come from.",
    )
    kind = models.CharField(max_length=16, choices=Kind)
    body = models.TextField(
        blank=True,
        help_text="Weighted first: the quote, or the event's title and description.",
    )
    names = models.TextField(
        blank=True,
        help_text="Weighted second: speaker and actors, with aliases and titles.",
    )
    context = models.TextField(
        blank=True,
        help_text="Weighted third: source titles and publishers, places, events.",
    )
    passages = models.TextField(
        blank=True,
        default="",
        help_text="Weighted fourth: the cited passages and the sentences they "
        "stand in.",
    )
    sort_date = models.DateField(
        null=True,
        help_text="The published record's date, kept here to order equal matches.",
    )

    class Meta:
        verbose_name_plural = "lookup entries"
        indexes = [models.Index(fields=["kind"], name="lookup_entry_kind")]

    def __str__(self) -> str:
        return f"{self.kind} {self.published_id}"


class LookupName(models.Model):
    """One word of an actor's name or alias: the vocabulary typos are fixed against."""

    entry = models.ForeignKey(
        LookupEntry, on_delete=models.CASCADE, related_name="name_words"
    )
    word = models.CharField(max_length=100, help_text="Lower case, without accents.")

    class Meta:
        indexes = [models.Index(fields=["word"], name="lookup_name_word")]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "word"], name="lookup_name_unique_word"
            )
        ]

    def __str__(self) -> str:
        return self.word
