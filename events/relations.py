"""Typed relations from a statement to another statement or to an event.

"The minister's denial contradicts the spokesperson's statement", "the
group's post claims responsibility for the attack". A relation is an
editorial record of its own: it goes through review and the four-eyes rule,
keeps its history, and reaches the public only through the published layer,
where both records it joins list it (one as ``contradicts``, the other as
``contradicted by``). It may cite the passage that establishes it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from factfile.editorial import EditorialQuerySet, EditorialRecord, Status

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser as User

    from factfile.representation import PublicContext

# Relations are edited and verified by whoever may do so for statements: a
# relation says something about the statement it starts from.
PERMISSION_MODEL = "statement"
SHORT_TEXT = 140


class RelationKind(models.TextChoices):
    # Between statements.
    CONTRADICTS = "contradicts", "Contradicts"
    CORRECTS = "corrects", "Corrects"
    SUPERSEDES = "supersedes", "Supersedes (same speaker, revised)"
    REPEATS = "repeats", "Repeats"
    RESPONDS_TO = "responds_to", "Responds to"
    # From a statement to an event.
    ANNOUNCES = "announces", "Announces"
    CONFIRMS = "confirms", "Confirms"
    DENIES = "denies", "Denies"
    CLAIMS_RESPONSIBILITY = "claims_responsibility", "Claims responsibility for"
    CONDEMNS = "condemns", "Condemns"


STATEMENT_KINDS = (
    RelationKind.CONTRADICTS,
    RelationKind.CORRECTS,
    RelationKind.SUPERSEDES,
    RelationKind.REPEATS,
    RelationKind.RESPONDS_TO,
)
EVENT_KINDS = (
    RelationKind.ANNOUNCES,
    RelationKind.CONFIRMS,
    RelationKind.DENIES,
    RelationKind.CLAIMS_RESPONSIBILITY,
    RelationKind.CONDEMNS,
)
# How the relation reads from the record it points to.
INVERSE = {
    RelationKind.CONTRADICTS: "contradicted by",
    RelationKind.CORRECTS: "corrected by",
    RelationKind.SUPERSEDES: "superseded by",
    RelationKind.REPEATS: "repeated by",
    RelationKind.RESPONDS_TO: "responded to by",
    RelationKind.ANNOUNCES: "announced by",
    RelationKind.CONFIRMS: "confirmed by",
    RelationKind.DENIES: "denied by",
    RelationKind.CLAIMS_RESPONSIBILITY: "responsibility claimed by",
    RelationKind.CONDEMNS: "condemned by",
}
FORWARD = {
    kind: str(kind.label).split(" (")[0].lower() for kind in RelationKind
}  # fmt: skip


class RelationQuerySet(EditorialQuerySet):
    def touching(self, resource: str, pk: int) -> RelationQuerySet:
        """Relations from or to the statement or event ``pk``."""
        if resource == "event":
            return self.filter(to_event_id=pk)
        return self.filter(models.Q(statement_id=pk) | models.Q(to_statement_id=pk))

    def for_list(self) -> RelationQuerySet:
        return self.select_related(
            "statement__speaker", "to_statement__speaker", "to_event"
        )


class Relation(EditorialRecord):
    """A typed link from a statement to another statement or to an event."""

    Kind = RelationKind

    statement = models.ForeignKey(
        "events.Statement",
        on_delete=models.PROTECT,
        related_name="relations",
        help_text="The statement the relation starts from: it contradicts, denies...",
    )
    kind = models.CharField(
        max_length=32,
        choices=RelationKind,
        help_text="Contradicts, corrects, supersedes, repeats and responds to join "
        "two statements; the others join a statement to an event.",
    )
    to_statement = models.ForeignKey(
        "events.Statement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inverse_relations",
        help_text="The other statement; leave empty for a relation to an event.",
    )
    to_event = models.ForeignKey(
        "events.Event",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statement_relations",
        help_text="The event; leave empty for a relation to a statement.",
    )
    evidence = models.ForeignKey(
        "events.Citation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="relations_established",
        help_text="A citation of either record whose passage establishes the "
        "relation, where there is one.",
    )

    objects = RelationQuerySet.as_manager()
    history = HistoricalRecords()

    # A relation says nothing once either record it joins is retracted.
    retracts_with = ("statement", "to_statement", "to_event")

    class Meta:
        verbose_name = "statement relation"
        indexes = [
            *EditorialRecord.Meta.indexes,
            models.Index(fields=["statement", "kind"], name="relation_statement"),
            models.Index(fields=["to_statement"], name="relation_to_statement"),
            models.Index(fields=["to_event"], name="relation_to_event"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(to_statement__isnull=False)
                    & models.Q(to_event__isnull=True)
                    & models.Q(kind__in=[kind.value for kind in STATEMENT_KINDS])
                )
                | (
                    models.Q(to_statement__isnull=True)
                    & models.Q(to_event__isnull=False)
                    & models.Q(kind__in=[kind.value for kind in EVENT_KINDS])
                ),
                name="relation_target_fits_kind",
            ),
            models.CheckConstraint(
                condition=~models.Q(statement=models.F("to_statement")),
                name="relation_not_to_itself",
            ),
            models.UniqueConstraint(
                fields=["statement", "kind", "to_statement"],
                name="relation_unique_to_statement",
            ),
            models.UniqueConstraint(
                fields=["statement", "kind", "to_event"],
                name="relation_unique_to_event",
            ),
        ]

    def __str__(self) -> str:
        target = self.to_statement if self.to_statement_id else self.to_event
        return f"{self.statement} — {FORWARD[self.kind]} — {target}"

    def clean(self) -> None:
        super().clean()
        if (self.to_statement_id is None) == (self.to_event_id is None):
            raise ValidationError("Relate the statement to one statement or one event.")
        if self.to_statement_id and self.kind not in STATEMENT_KINDS:
            raise ValidationError(
                {
                    "kind": f"“{self.get_kind_display()}” relates a statement to an "
                    "event."
                }
            )
        if self.to_event_id and self.kind not in EVENT_KINDS:
            raise ValidationError(
                {"kind": f"“{self.get_kind_display()}” relates two statements."}
            )
        if self.to_statement_id and self.to_statement_id == self.statement_id:
            raise ValidationError("A statement cannot be related to itself.")
        if (
            self.kind == RelationKind.SUPERSEDES
            and self.to_statement_id
            and self.to_statement.speaker_id != self.statement.speaker_id
        ):
            raise ValidationError(
                {"kind": "Only the same speaker's later statement supersedes one."}
            )
        if (
            self.kind == RelationKind.SUPERSEDES
            and self.to_statement_id
            and self.statement.said_on
            and self.to_statement.said_on
            and self.to_statement.said_on > self.statement.said_on
        ):
            raise ValidationError(
                {"kind": "A statement supersedes an earlier one, not a later one."}
            )
        if self.evidence_id:
            cited = self.evidence
            ends = {("statement", self.statement_id)}
            ends.add(
                ("statement", self.to_statement_id)
                if self.to_statement_id
                else ("event", self.to_event_id)
            )
            cites = (
                ("statement", cited.statement_id)
                if cited.statement_id
                else ("event", cited.event_id)
            )
            if cites not in ends:
                raise ValidationError(
                    {"evidence": "Choose a citation of one of the two records."}
                )

    @property
    def target(self) -> Any:
        return self.to_statement if self.to_statement_id else self.to_event

    def permission(self, action: str) -> str:
        return f"events.{action}_{PERMISSION_MODEL}"

    def missing_for_verification(self, by: User | None = None) -> list[str]:
        missing = [
            f"“{end}” is not public: verify it before relating it."
            for end in (self.statement, self.target)
            if not end.is_public
        ]
        if self.evidence_id:
            evidence = self.evidence
            if evidence.status != Status.VERIFIED and not evidence.can_support(by):
                missing.append(
                    "The citation that establishes the relation does not resolve "
                    "in a verified source, or was added or changed by you."
                )
        return missing

    def parts_verified_with(self, user: User) -> list[EditorialRecord]:
        evidence = self.evidence
        if evidence is not None and evidence.status != Status.VERIFIED:
            return [evidence] if evidence.can_support(user) else []
        return []

    # Public representation, written to the published layer on verification.
    # After citations (its evidence), before the statements that list it.
    public_rank: ClassVar[int] = 45

    def public_representation(self, context: PublicContext) -> dict[str, Any]:
        target = "statement" if self.to_statement_id else "event"
        return {
            "kind": self.kind,
            "label": FORWARD[self.kind],
            "inverse_label": INVERSE[self.kind],
            # Ids only: the lists of both records read the rest, live.
            "statement": context.summary("statement", self.statement_id),
            "target": context.summary(target, self.to_statement_id or self.to_event_id),
            "evidence": live_summary(
                context, "citation", self.evidence_id, "quote", "source"
            ),
        }

    def public_columns(self, data: dict[str, Any]) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "statement_id": self.statement_id,
            "event_id": self.to_event_id,
            "search_text": FORWARD[self.kind],
        }

    def public_shown_in(self) -> list[tuple[str, int]]:
        """The records that list this relation: both records it joins."""
        target = "statement" if self.to_statement_id else "event"
        return [
            ("statement", self.statement_id),
            (target, self.to_statement_id or self.to_event_id),
        ]


def short_text(text: str) -> str:
    return text if len(text) <= SHORT_TEXT else f"{text[: SHORT_TEXT - 1]}…"


def live_summary(
    context: PublicContext, resource: str, pk: int | None, *fields: str
) -> dict[str, Any] | None:
    """An embedded copy that keeps no content of a retracted record."""
    found = context.summary(resource, pk, *fields)
    if found is not None and found.get("retracted"):
        return {"type": found["type"], "id": found["id"], "retracted": True}
    return found


def _other(context: PublicContext, ref: dict[str, Any]) -> dict[str, Any]:
    """The related record as a list entry shows it: id, kind and short text."""
    if ref["type"] == "event":
        found = live_summary(context, "event", ref["id"], "title", "kind", "starts_on")
        if found.get("retracted"):
            return found
        return {
            "type": "event",
            "id": found["id"],
            "kind": found.get("kind"),
            "text": short_text(found.get("title") or ""),
            "date": found.get("starts_on"),
        }
    found = live_summary(
        context, "statement", ref["id"], "text", "kind", "speaker", "said_on"
    )
    if found.get("retracted"):
        return found
    return {
        "type": "statement",
        "id": found["id"],
        "kind": found.get("kind"),
        "text": short_text(found.get("text") or ""),
        "speaker": (found.get("speaker") or {}).get("name"),
        "date": found.get("said_on"),
    }


def public_relations(
    context: PublicContext, resource: str, pk: int
) -> list[dict[str, Any]]:
    """The published relations of a statement or event, both ways, read from it."""
    rows = context.published(
        "relation", links__relation="embeds", links__value=f"{resource}:{pk}"
    )
    listed = []
    for data in rows:
        outgoing = resource == "statement" and data["statement"]["id"] == pk
        other = data["target"] if outgoing else data["statement"]
        evidence = data.get("evidence")
        listed.append(
            {
                "type": "relation",
                "id": data["id"],
                "kind": data["kind"],
                "direction": "outgoing" if outgoing else "incoming",
                "label": data["label"] if outgoing else data["inverse_label"],
                "record": _other(context, other),
                "evidence": (
                    {"quote": evidence.get("quote"), "source": evidence.get("source")}
                    if evidence and evidence.get("quote")
                    else None
                ),
            }
        )
    return listed
