"""Statements: what an actor said or wrote, with its optional claim assessment."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from events.attribution import public_attribution
from events.models.actors import Actor
from events.models.support import (
    _citation_problems,
    _citations_verified_with,
    _cited_sources,
    _public_citations,
    not_public,
)
from events.names import as_of
from events.relations import public_relations
from events.translations import public_translations
from factfile.dates import (
    Precision,
    clean_partial_dates,
    format_iso,
    partial_date_constraint,
)
from factfile.editorial import (
    EditorialQuerySet,
    EditorialRecord,
    Status,
    editorial_permissions,
)
from factfile.review import Problem
from factfile.workflow import reopen
from sources.citing import attribution_chain, render_all
from sources.standing import support_notice

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser as User

    from factfile.representation import PublicContext


class StatementQuerySet(EditorialQuerySet):
    def for_list(self) -> StatementQuerySet:
        """Load what list pages touch, in a fixed number of queries."""
        return self.select_related("speaker", "on_behalf_of", "event")


class Statement(EditorialRecord):
    class Kind(models.TextChoices):
        QUOTE = "quote", "Verbatim quote"
        PARAPHRASE = "paraphrase", "Paraphrase"

    class Channel(models.TextChoices):
        PRESS_STATEMENT = "press_statement", "Press statement"
        SOCIAL_MEDIA = "social_media", "Social media"
        PRESS_CONFERENCE = "press_conference", "Press conference"
        PHONE_CALL = "phone_call", "Phone call"
        INTERVIEW = "interview", "Interview"
        RESOLUTION = "resolution", "Resolution"
        SPEECH = "speech", "Speech"
        UNKNOWN = "unknown", "Not stated"

    class Rating(models.TextChoices):
        TRUE = "true", "True"
        MOSTLY_TRUE = "mostly_true", "Mostly true"
        MIXED = "mixed", "Mixed"
        MOSTLY_FALSE = "mostly_false", "Mostly false"
        FALSE = "false", "False"
        UNPROVEN = "unproven", "Unproven"

    text = models.TextField(help_text="The words as said, or the paraphrase.")
    kind = models.CharField(max_length=16, choices=Kind, default=Kind.QUOTE)
    speaker = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        related_name="statements",
        help_text="Who said or wrote it.",
    )
    on_behalf_of = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statements_on_behalf",
        help_text="The government, ministry or group the speaker spoke for.",
    )
    speaker_title = models.CharField(
        max_length=300,
        blank=True,
        help_text="The speaker's title at the time, as the source gives it.",
    )
    said_on = models.DateField(
        null=True, blank=True, help_text="Empty when the source does not say."
    )
    said_on_precision = models.CharField(
        max_length=8, choices=Precision, default=Precision.UNKNOWN
    )
    channel = models.CharField(max_length=32, choices=Channel, default=Channel.UNKNOWN)
    language = models.CharField(max_length=16, default="en", help_text="en, fr, ...")
    about = models.ManyToManyField(
        Actor,
        blank=True,
        related_name="statements_about",
        help_text="The actors the statement is about.",
    )
    event = models.ForeignKey(
        "Event",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statements",
        help_text="The event it belongs to, if any.",
    )
    claim_rating = models.CharField(
        max_length=16,
        choices=Rating,
        blank=True,
        help_text="Optional: is the claim true? Verifying only says it was said.",
    )
    claim_reasoning = models.TextField(
        blank=True, help_text="Why the claim got its rating; public with the rating."
    )
    claim_summary = models.CharField(
        max_length=200,
        blank=True,
        help_text="Optional: the claim in a few words, as search engines show "
        "it beside the rating; 75 characters or fewer reads best. Without "
        "it, the statement's words are shortened.",
    )

    objects = StatementQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[about])

    workflow_parts = ("attribution",)

    class Meta:
        permissions = editorial_permissions("statement")
        indexes = [
            *EditorialRecord.Meta.indexes,
            models.Index(fields=["speaker", "said_on"], name="statement_speaker_date"),
            models.Index(fields=["said_on"], name="statement_said_on"),
            models.Index(fields=["channel"], name="statement_channel"),
            models.Index(fields=["kind"], name="statement_kind"),
            models.Index(fields=["language"], name="statement_language"),
        ]
        constraints = [
            partial_date_constraint("said_on", "statement_said_on_precision"),
            models.CheckConstraint(
                condition=models.Q(claim_rating="") | ~models.Q(claim_reasoning=""),
                name="statement_rating_has_reasoning",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.speaker}: {self.text[:60]}"

    def clean(self) -> None:
        super().clean()
        clean_partial_dates(self, "said_on")
        if self.claim_rating and not self.claim_reasoning.strip():
            raise ValidationError({"claim_reasoning": "A rating needs its reasoning."})

    def missing_for_verification(self, by: User | None = None) -> list[str]:
        missing = []
        if self.speaker.status != Status.VERIFIED:
            missing.append(
                Problem(f"The speaker, {self.speaker}, is not verified.", self.speaker)
            )
        if self.on_behalf_of_id and self.on_behalf_of.status != Status.VERIFIED:
            missing.append(
                Problem(
                    f"{self.on_behalf_of}, on whose behalf it was said, is not "
                    "verified.",
                    self.on_behalf_of,
                )
            )
        missing += [
            Problem(
                f"{step.actor}, in the attribution chain, is not verified.", step.actor
            )
            for step in self.attribution.select_related("actor")
            if step.actor.status != Status.VERIFIED
        ]
        # The public version names these too: none may be a draft's id.
        missing += [
            Problem(
                f"{actor}, whom the statement is about, {not_public(actor)}.", actor
            )
            for actor in self.about.order_by("pk")
            if not actor.is_public
        ]
        if self.event_id and not self.event.is_public:
            missing.append(
                Problem(
                    f"The event it belongs to, “{self.event}”, "
                    f"{not_public(self.event)}.",
                    self.event,
                )
            )
        return missing + _citation_problems(self, by)

    def on_verified(self, *, by: User) -> None:
        # Corrected words may no longer say what a translation of them says:
        # each verified translation is checked again, public meanwhile. A
        # first verification has no earlier words (a verified version is
        # never unset).
        if getattr(self, "verified_before", 0) is None:
            return
        earlier = (
            self.history.filter(
                status=Status.VERIFIED, version__lt=self.verified_version
            )
            .order_by("-version", "-history_id")
            .first()
        )
        if earlier is None or earlier.text == self.text:
            return
        for translation in self.translations.filter(status=Status.VERIFIED):
            reopen(
                translation,
                by=by,
                reason="The statement's words were corrected: check the "
                "translation against them.",
            )

    def parts_verified_with(self, user: User) -> list[EditorialRecord]:
        return _citations_verified_with(self, user)

    # Public representation, written to the published layer on verification.
    public_rank: ClassVar[int] = 50

    def public_representation(self, context: PublicContext) -> dict[str, Any]:
        actor_fields = ("name", "kind", "wikidata_id")
        about = context.related_ids("about", "actor")
        # The actors and the event named, read in one query.
        context.read_ahead(
            ("actor", self.speaker_id),
            ("actor", self.on_behalf_of_id),
            *(("actor", actor_id) for actor_id in about),
            ("event", self.event_id),
        )
        data: dict[str, Any] = {
            "text": self.text,
            "kind": self.kind,
            "speaker": context.summary("actor", self.speaker_id, *actor_fields),
            "on_behalf_of": context.summary(
                "actor", self.on_behalf_of_id, *actor_fields
            ),
            "speaker_title": self.speaker_title,
            # The name and title the speaker had on the day, from the
            # speaker's dated names and roles.
            "speaker_as_of": as_of(
                context.summary("actor", self.speaker_id, "name", "names", "roles"),
                self.said_on,
            ),
            "said_on": format_iso(self.said_on, self.said_on_precision),
            "said_on_precision": self.said_on_precision,
            "channel": self.channel,
            "language": self.language,
            "about": [
                context.summary("actor", actor_id, *actor_fields) for actor_id in about
            ],
            "event": context.summary(
                "event", self.event_id, "title", "kind", "starts_on"
            ),
            "claim": (
                {
                    "rating": self.claim_rating,
                    "reasoning": self.claim_reasoning,
                    "summary": self.claim_summary,
                    "reviewed_on": self.verified_at.date().isoformat()
                    if self.verified_at
                    else None,
                }
                if self.claim_rating
                else None
            ),
            "citations": _public_citations(context, statement_id=self.pk),
            "relations": public_relations(context, "statement", self.pk),
            "translations": public_translations(context, self.pk),
            "attribution": public_attribution(context, self.pk),
        }
        data["attribution_chain"] = attribution_chain(data)
        data["notice"] = support_notice(data["citations"])
        data["citation_styles"] = render_all(
            {
                "type": "statement",
                "id": self.pk,
                **data,
                "corrections": context.corrections,
            }
        )
        return data

    def public_columns(self, data: dict[str, Any]) -> dict[str, Any]:
        about = [actor["id"] for actor in data["about"]]
        # Ids as published: a merged duplicate is published as its survivor.
        speaker_id = (data["speaker"] or {}).get("id")
        on_behalf_id = (data["on_behalf_of"] or {}).get("id")
        involved = [speaker_id, on_behalf_id, *about]
        words = [
            self.text,
            self.speaker_title,
            (data["speaker"] or {}).get("name") or "",
            *((actor.get("name") or "") for actor in data["about"]),
            (data["event"] or {}).get("title") or "",
            # A statement is found by its translations' words as well.
            *(translation["text"] for translation in data["translations"]),
        ]
        return {
            "kind": self.kind,
            "channel": self.channel,
            "language": self.language,
            "date": self.said_on,
            "date_precision": self.said_on_precision,
            "speaker_id": speaker_id,
            "event_id": self.event_id,
            "search_text": " ".join(words),
            "links": {"involved": involved, "about": about, **_cited_sources(data)},
        }
