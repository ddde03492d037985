"""Who said and did what, and exactly where each item is sourced."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from simple_history.models import HistoricalRecords

from events.attribution import (
    AttributionStep,  # noqa: F401 (a model of this app)
    public_attribution,
)
from events.names import (
    ActorName,  # noqa: F401 (a model of this app)
    as_of,
    public_names,
)
from events.relations import (
    Relation,  # noqa: F401 (a model of this app)
    public_relations,
)
from events.translations import (
    Translation,  # noqa: F401 (a model of this app)
    public_translations,
)
from factfile import publishing
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
from factfile.workflow import four_eyes_problem, reopen, retraction_reason
from sources.anchoring import PassageNotFound, locate
from sources.anchoring import fold as fold_passage
from sources.citing import attribution_chain, render_all
from sources.folding import fold
from sources.models import text_hash
from sources.standing import support_notice

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser as User

    from factfile.representation import PublicContext


class ActorQuerySet(EditorialQuerySet):
    def named(self, name: str) -> ActorQuerySet:
        """Actors whose name or an alias matches ``name``, ignoring accents."""
        folded = fold(name)
        return self.filter(
            models.Q(folded_name=folded) | models.Q(aliases__folded_name=folded)
        ).distinct()


class Actor(EditorialRecord):
    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        STATE = "state", "State"
        GOVERNMENT_BODY = "government_body", "Government body"
        ORGANISATION = "organisation", "Organisation"
        ARMED_GROUP = "armed_group", "Armed group"
        INTERGOVERNMENTAL = "intergovernmental", "Intergovernmental body"
        MEDIA_OUTLET = "media_outlet", "Media outlet"

    name = models.CharField(
        max_length=300, help_text="The canonical name, spelled in full."
    )
    folded_name = models.CharField(max_length=300, editable=False, db_index=True)
    kind = models.CharField(max_length=32, choices=Kind)
    description = models.TextField(
        blank=True, help_text="One or two lines a reader needs."
    )
    wikidata_id = models.CharField(
        max_length=32,
        blank=True,
        validators=[RegexValidator(r"^Q[1-9]\d*$", "A Wikidata id looks like Q1234.")],
        help_text="Optional external id, e.g. Q1037 for Rwanda.",
    )

    objects = ActorQuerySet.as_manager()
    history = HistoricalRecords()

    workflow_parts = ("aliases", "roles", "dated_names")

    class Meta:
        permissions = editorial_permissions("actor")
        indexes = [
            *EditorialRecord.Meta.indexes,
            models.Index(fields=["name"], name="actor_name"),
            models.Index(fields=["kind"], name="actor_kind"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.folded_name = fold(self.name)
        super().save(*args, **kwargs)

    def missing_for_verification(self, by: User | None = None) -> list[str]:
        return [
            Problem(
                f"{role.organisation}, the organisation of the role “{role.title}”, "
                f"{not_public(role.organisation)}.",
                role.organisation,
            )
            for role in self.roles.select_related("organisation").order_by("pk")
            if role.organisation_id not in (None, self.pk)
            and not role.organisation.is_public
        ]

    def retraction_problems(self) -> list[str]:
        # The statements and events that name an actor are records of their
        # own: retracting the actor would leave them naming nobody.
        naming = publishing.live_embedders(self)
        if not naming:
            return []
        shown = ", ".join(public_label(row) for row in naming[:5])
        more = f" and {len(naming) - 5} more" if len(naming) > 5 else ""
        return [
            f"{self} is named in public records: {shown}{more}. Correct or "
            "retract them first, or merge this actor into the one they should name."
        ]

    # Public representation, written to the published layer on verification.
    public_rank: ClassVar[int] = 20

    def public_representation(self, context: PublicContext) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "description": self.description,
            "wikidata_id": self.wikidata_id,
            "aliases": [
                {"name": alias.name, "language": alias.language}
                for alias in context.parts(Alias, actor_id=self.pk)
            ],
            "roles": [
                {
                    "title": role.title,
                    "organisation": context.summary(
                        "actor", role.organisation_id, "name"
                    ),
                    "starts_on": format_iso(role.starts_on, role.starts_on_precision),
                    "ends_on": format_iso(role.ends_on, role.ends_on_precision),
                }
                for role in context.parts(Role, actor_id=self.pk)
            ],
            "names": public_names(context, self.pk),
        }

    def public_columns(self, data: dict[str, Any]) -> dict[str, Any]:
        names = [self.name, *(alias["name"] for alias in data["aliases"])]
        names += [dated["name"] for dated in data["names"]]
        return {"kind": self.kind, "search_text": " ".join(names)}


class Alias(models.Model):
    """Another name an actor goes by: a spelling, an acronym, a translation."""

    # Aliases, roles and participants are parts of their record, edited with
    # it and kept in its history; they go when a draft record is deleted.
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(
        max_length=300, help_text="As written: DRC, RDC, Prevot, ..."
    )
    folded_name = models.CharField(max_length=300, editable=False, db_index=True)
    language = models.CharField(
        max_length=16, blank=True, help_text="If language-specific."
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "aliases"
        constraints = [
            models.UniqueConstraint(
                Lower("name"), "actor", name="alias_unique_per_actor"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.folded_name = fold(self.name)
        super().save(*args, **kwargs)


class Role(models.Model):
    """A dated position: Secretary of State, United States, 2021-01 to 2025-01."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="roles")
    title = models.CharField(
        max_length=300, help_text="Minister of Foreign Affairs, ..."
    )
    organisation = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="member_roles",
        help_text="Of which state, body or group, if any.",
    )
    starts_on = models.DateField(null=True, blank=True)
    starts_on_precision = models.CharField(
        max_length=8, choices=Precision, default=Precision.UNKNOWN
    )
    ends_on = models.DateField(
        null=True, blank=True, help_text="Empty while in office."
    )
    ends_on_precision = models.CharField(
        max_length=8, choices=Precision, default=Precision.UNKNOWN
    )

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="role_ends_after_start",
            ),
            partial_date_constraint("starts_on", "role_starts_on_precision"),
            partial_date_constraint("ends_on", "role_ends_on_precision"),
        ]

    def __str__(self) -> str:
        if self.organisation_id:
            return f"{self.title}, {self.organisation}"
        return self.title

    def clean(self) -> None:
        clean_partial_dates(self, "starts_on", "ends_on")
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "A role cannot end before it starts."})


def not_public(record: EditorialRecord) -> str:
    """How a record that cannot be shown stands: never verified, or retracted."""
    return "was retracted" if record.status == Status.RETRACTED else "is not verified"


def public_label(row: Any) -> str:
    """A published record as a refusal names it: type, id and a few words."""
    label = f"{row.resource} {row.record_id}"
    words = row.data.get("text") or row.data.get("title") or row.data.get("name")
    if not words:
        return label
    return f"{label} “{words if len(words) <= 60 else words[:59] + '…'}”"


def _citations_verified_with(
    item: Statement | Event, user: User
) -> list[EditorialRecord]:
    """The citations of ``item`` that ``user`` verifies along with it."""
    return [
        c
        for c in item.citations.all()
        if c.status != Status.VERIFIED and c.can_support(user)
    ]


def _citation_problems(item: Statement | Event, by: User | None) -> list[str]:
    """What stops the citations of ``item`` supporting its verification.

    Each citation is named with why it cannot count; the problem points at
    the record to act on: the citation's source when only the source is
    not verified (verifying it with the item removes the problem), else the
    citation itself.
    """
    citations = list(item.citations.select_related("source").order_by("pk"))
    if any(c.can_support(by) for c in citations):
        return []
    if not citations:
        return ["Add at least one citation."]
    # The record to act on: a source whose verification would make one of
    # the citations count, else the first citation.
    blocking = next(
        (c.source for c in citations if c.waits_only_for_its_source(by)),
        citations[0],
    )
    named = [
        f"citation {c.pk} (“{shorten(c.passage, 40)}”) {c.why_it_cannot_support(by)}"
        for c in citations[:5]
    ]
    if len(citations) > 5:
        named.append(f"and {len(citations) - 5} more")
    return [
        Problem(
            "No citation can support verification: " + "; ".join(named) + ".",
            blocking,
        )
    ]


def shorten(text: str, length: int) -> str:
    """``text`` cut to ``length`` characters, with "…" if it was longer."""
    return text if len(text) <= length else text[: length - 1] + "…"


_CITATION_FIELDS = (
    "type", "id", "stance", "quote", "prefix", "suffix", "start", "end", "is_broken",
    "source",
)  # fmt: skip


def _public_citations(context: PublicContext, **item: int) -> list[dict[str, Any]]:
    """The published citations of a statement or event, as it embeds them."""
    return [
        {name: citation.get(name) for name in _CITATION_FIELDS}
        for citation in context.published("citation", **item)
    ]


def _cited_sources(data: dict[str, Any]) -> dict[str, list[Any]]:
    sources = [c["source"] for c in data["citations"] if c.get("source")]
    return {
        "source": [source["id"] for source in sources],
        "publisher": [source.get("publisher") for source in sources],
    }


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
        # each verified translation is checked again, public meanwhile.
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
                context.summary("actor", actor_id, *actor_fields)
                for actor_id in context.related_ids("about", "actor")
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


class EventQuerySet(EditorialQuerySet):
    def for_list(self) -> EventQuerySet:
        return self.prefetch_related("participants__actor")


class Event(EditorialRecord):
    class Kind(models.TextChoices):
        DIPLOMATIC = "diplomatic", "Diplomatic move"
        SANCTION = "sanction", "Sanction"
        RESOLUTION = "resolution", "Resolution"
        MILITARY = "military", "Military action"
        CALL = "call", "Call"
        MEETING = "meeting", "Meeting or talks"
        DEPLOYMENT = "deployment", "Deployment or withdrawal"
        AGREEMENT = "agreement", "Agreement"
        HUMANITARIAN = "humanitarian", "Humanitarian"
        OTHER = "other", "Other"

    title = models.CharField(max_length=300, help_text="What happened, in a line.")
    kind = models.CharField(max_length=32, choices=Kind)
    description = models.TextField(blank=True)
    starts_on = models.DateField(
        null=True, blank=True, help_text="Empty when the source does not say."
    )
    starts_on_precision = models.CharField(
        max_length=8, choices=Precision, default=Precision.UNKNOWN
    )
    ends_on = models.DateField(
        null=True, blank=True, help_text="Empty for a single day."
    )
    ends_on_precision = models.CharField(
        max_length=8, choices=Precision, default=Precision.UNKNOWN
    )
    place_name = models.CharField(
        max_length=200, blank=True, help_text="Goma, Luanda, ..."
    )
    place_country = models.CharField(
        max_length=100,
        blank=True,
        help_text="Empty when the source does not establish it.",
    )
    latitude = models.DecimalField(
        max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        max_digits=8, decimal_places=5, null=True, blank=True
    )
    participants_actors = models.ManyToManyField(
        Actor, through="Participant", related_name="events", blank=True
    )
    related_events = models.ManyToManyField(
        "self",
        through="EventRelation",
        symmetrical=False,
        related_name="related_from",
        blank=True,
    )

    objects = EventQuerySet.as_manager()
    history = HistoricalRecords()

    workflow_parts = ("participants", "relations")

    class Meta:
        permissions = editorial_permissions("event")
        indexes = [
            *EditorialRecord.Meta.indexes,
            models.Index(fields=["starts_on"], name="event_starts_on"),
            models.Index(fields=["kind"], name="event_kind"),
            models.Index(fields=["place_country"], name="event_place_country"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="event_ends_after_start",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(latitude__isnull=True) & models.Q(longitude__isnull=True)
                )
                | (
                    models.Q(latitude__gte=-90, latitude__lte=90)
                    & models.Q(longitude__gte=-180, longitude__lte=180)
                ),
                name="event_coordinates_valid",
            ),
            partial_date_constraint("starts_on", "event_starts_on_precision"),
            partial_date_constraint("ends_on", "event_ends_on_precision"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        clean_partial_dates(self, "starts_on", "ends_on")
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "An event cannot end before it starts."})
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError("Give both latitude and longitude, or neither.")

    def missing_for_verification(self, by: User | None = None) -> list[str]:
        missing = [
            Problem(f"The participant {p.actor} is not verified.", p.actor)
            for p in self.participants.select_related("actor")
            if p.actor.status != Status.VERIFIED
        ]
        return missing + _citation_problems(self, by)

    def parts_verified_with(self, user: User) -> list[EditorialRecord]:
        return _citations_verified_with(self, user)

    # Public representation, written to the published layer on verification.
    public_rank: ClassVar[int] = 40

    def public_representation(self, context: PublicContext) -> dict[str, Any]:
        data: dict[str, Any] = {
            "title": self.title,
            "kind": self.kind,
            "description": self.description,
            "starts_on": format_iso(self.starts_on, self.starts_on_precision),
            "starts_on_precision": self.starts_on_precision,
            "ends_on": format_iso(self.ends_on, self.ends_on_precision),
            "ends_on_precision": self.ends_on_precision,
            "place_name": self.place_name,
            "place_country": self.place_country,
            "latitude": float(self.latitude) if self.latitude is not None else None,
            "longitude": float(self.longitude) if self.longitude is not None else None,
            "participants": [
                {
                    "actor": context.summary("actor", part.actor_id, "name", "kind"),
                    "role": part.role,
                }
                for part in context.parts(Participant, event_id=self.pk)
            ],
            "relations": [
                {"kind": relation.kind, "event": related}
                for relation in context.parts(EventRelation, from_event_id=self.pk)
                # A related event is listed while it is public: from its
                # verification (which rebuilds this event) to its retraction.
                if (related := _public_event(context, relation.to_event_id))
            ],
            "citations": _public_citations(context, event_id=self.pk),
            "statement_relations": public_relations(context, "event", self.pk),
        }
        data["notice"] = support_notice(data["citations"])
        data["citation_styles"] = render_all(
            {"type": "event", "id": self.pk, **data, "corrections": context.corrections}
        )
        return data

    def public_shown_in(self) -> list[tuple[str, int]]:
        """The events that relate to this one, and list it once it is public."""
        related = EventRelation.objects.filter(to_event_id=self.pk)
        ids = related.values_list("from_event_id", flat=True).distinct()
        return [("event", pk) for pk in sorted(ids)]

    def public_columns(self, data: dict[str, Any]) -> dict[str, Any]:
        parts = data["participants"]
        affected = {Participant.Role.TARGET, Participant.Role.AFFECTED}
        words = [self.title, self.description, self.place_name, self.place_country]
        words += [part["actor"].get("name") or "" for part in parts]
        return {
            "kind": self.kind,
            "date": self.starts_on,
            "date_precision": self.starts_on_precision,
            "search_text": " ".join(words),
            "links": {
                "involved": [part["actor"]["id"] for part in parts],
                "about": [p["actor"]["id"] for p in parts if p["role"] in affected],
                **_cited_sources(data),
            },
        }


def _public_event(context: PublicContext, pk: int) -> dict[str, Any] | None:
    """A related event as embedded, or None while it is not public."""
    found = context.summary("event", pk, "title", "kind", "starts_on")
    # A record that is not published, or retracted, is embedded by id alone.
    if found is None or found.get("retracted") or "title" not in found:
        return None
    return found


class Participant(models.Model):
    class Role(models.TextChoices):
        INITIATOR = "initiator", "Initiator"
        TARGET = "target", "Target"
        MEDIATOR = "mediator", "Mediator"
        PARTICIPANT = "participant", "Participant"
        AFFECTED = "affected", "Affected"

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="participants"
    )
    actor = models.ForeignKey(
        Actor, on_delete=models.PROTECT, related_name="participations"
    )
    role = models.CharField(max_length=16, choices=Role, default=Role.PARTICIPANT)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["event", "actor", "role"], name="participant_unique_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.actor} ({self.get_role_display().lower()})"


class EventRelation(models.Model):
    class Kind(models.TextChoices):
        RESPONSE_TO = "response_to", "Response to"
        PART_OF = "part_of", "Part of"
        FOLLOWS = "follows", "Follows"

    from_event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="relations"
    )
    kind = models.CharField(max_length=16, choices=Kind)
    to_event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="inverse_relations"
    )

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["from_event", "kind", "to_event"], name="event_relation_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(from_event=models.F("to_event")),
                name="event_relation_not_self",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.from_event} — {self.get_kind_display().lower()} — {self.to_event}"
        )


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


# Merges of duplicate actors live in their own module.
from events.merging import ActorMerge  # noqa: E402, F401

# The importer's suggestions awaiting review live in their own module.
from events.suggesting.records import Suggestion  # noqa: E402, F401
