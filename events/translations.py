"""Translations of a statement: records of their own beside the original words.

A statement keeps its text in the language it was said in. A translation
says into which language, whose it is (an official one, published by the
speaker's side, or the newsroom's own) and who made it. It is reviewed and
verified on its own, and is public only once verified, listed with its
statement, found by the same searches, and quoted beside the original.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from events.relations import PERMISSION_MODEL
from factfile.editorial import EditorialQuerySet, EditorialRecord, Status

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser as User

    from factfile.representation import PublicContext


class Translation(EditorialRecord):
    """A statement's words in another language, saying whose translation it is."""

    class Kind(models.TextChoices):
        OFFICIAL = "official", "Official translation"
        NEWSROOM = "newsroom", "The newsroom's own translation"

    statement = models.ForeignKey(
        "events.Statement", on_delete=models.PROTECT, related_name="translations"
    )
    language = models.CharField(
        max_length=16, help_text="The language of the translation: en, fr, ..."
    )
    text = models.TextField(help_text="The translated words.")
    kind = models.CharField(max_length=16, choices=Kind, default=Kind.NEWSROOM)
    translator = models.CharField(
        max_length=300,
        blank=True,
        help_text="Who translated it: the ministry or office for an official "
        "translation, the translator's name for the newsroom's own.",
    )
    source = models.ForeignKey(
        "sources.Source",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="translations",
        help_text="Where an official translation was published, if it was.",
    )

    objects = EditorialQuerySet.as_manager()
    history = HistoricalRecords()

    # A translation exists only beside its statement; its source (where an
    # official one was published) is a reference, shown by id once retracted.
    retracts_with = ("statement",)

    class Meta:
        indexes = [
            *EditorialRecord.Meta.indexes,
            models.Index(
                fields=["statement", "language"], name="translation_statement"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "language", "kind"],
                name="translation_unique_per_kind",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="official") | ~models.Q(translator=""),
                name="translation_official_has_translator",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.language}: {self.text[:60]}"

    def clean(self) -> None:
        super().clean()
        if self.statement_id and self.language == self.statement.language:
            raise ValidationError(
                {"language": "The statement is already in this language."}
            )
        if self.kind == self.Kind.OFFICIAL and not self.translator.strip():
            raise ValidationError(
                {"translator": "Say whose official translation this is."}
            )

    @property
    def translated_by(self) -> str:
        return credit(self.kind, self.translator)

    def permission(self, action: str) -> str:
        return f"events.{action}_{PERMISSION_MODEL}"

    def missing_for_verification(self, by: User | None = None) -> list[str]:
        missing = []
        if not self.statement.is_public:
            retracted = self.statement.status == Status.RETRACTED
            missing.append(
                f"The statement it translates, “{self.statement}”, was retracted."
                if retracted
                else f"The statement it translates, “{self.statement}”, is not "
                "verified: verify the statement before its translation."
            )
        if self.source_id and self.source.status != Status.VERIFIED:
            missing.append(f"The source, {self.source}, is not verified.")
        return missing

    # Public representation, written to the published layer on verification.
    public_rank: ClassVar[int] = 45

    def public_representation(self, context: PublicContext) -> dict[str, Any]:
        return {
            "statement_id": self.statement_id,
            "language": self.language,
            "text": self.text,
            "kind": self.kind,
            "translator": self.translator,
            "translated_by": self.translated_by,
            "source": context.summary("source", self.source_id, "title", "url"),
        }

    def public_columns(self, data: dict[str, Any]) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "language": self.language,
            "statement_id": self.statement_id,
            "search_text": self.text,
        }

    def public_shown_in(self) -> list[tuple[str, int]]:
        return [("statement", self.statement_id)]


def credit(kind: str, translator: str) -> str:
    """Whose translation it is, as a citation says it."""
    if kind == Translation.Kind.OFFICIAL:
        return f"official translation by {translator}"
    if translator:
        return f"the newsroom's translation by {translator}"
    return "the newsroom's translation"


def public_translations(context: PublicContext, pk: int) -> list[dict[str, Any]]:
    """The verified translations of statement ``pk``, as it embeds them."""
    fields = ("type", "id", "language", "text", "kind", "translator", "translated_by")
    return [
        {name: data.get(name) for name in fields}
        for data in context.published("translation", statement_id=pk)
    ]
