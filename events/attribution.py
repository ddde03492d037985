"""How a statement reached the newsroom: its attribution chain.

"Paul Kagame, quoted by his spokesperson, reported by a wire service": the
speaker said it, intermediaries passed it on, and a source is where it was
read. The steps in between are parts of the statement, edited and verified
with it and kept in its history; the source is the one its citation cites.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from simple_history.models import HistoricalRecords

if TYPE_CHECKING:
    from factfile.representation import PublicContext


class AttributionStep(models.Model):
    """One intermediary between a speaker and the source the words were read in."""

    class Via(models.TextChoices):
        SPOKESPERSON = "spokesperson", "A spokesperson (quoted by)"
        OFFICE = "office", "A ministry or office (relayed by)"
        OUTLET = "outlet", "Another outlet (reported by)"
        SOCIAL_MEDIA = "social_media", "A social-media post (posted by)"
        OTHER = "other", "Someone else (passed on by)"

    statement = models.ForeignKey(
        "events.Statement", on_delete=models.CASCADE, related_name="attribution"
    )
    position = models.PositiveSmallIntegerField(
        default=1, help_text="1 for the first hand after the speaker, then 2, ..."
    )
    via = models.CharField(max_length=16, choices=Via)
    actor = models.ForeignKey(
        "events.Actor",
        on_delete=models.PROTECT,
        related_name="attribution_steps",
        help_text="The spokesperson, ministry, outlet or account that passed it on.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "position"], name="attribution_step_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{LABELS[self.via]} {self.actor}"


LABELS = {
    AttributionStep.Via.SPOKESPERSON: "quoted by",
    AttributionStep.Via.OFFICE: "relayed by",
    AttributionStep.Via.OUTLET: "reported by",
    AttributionStep.Via.SOCIAL_MEDIA: "posted by",
    AttributionStep.Via.OTHER: "passed on by",
}


def public_attribution(context: PublicContext, pk: int) -> list[dict[str, Any]]:
    """The steps of statement ``pk`` as verified, in order."""
    steps = sorted(
        context.parts(AttributionStep, statement_id=pk),
        key=lambda step: (step.position, step.pk),
    )
    return [
        {
            "via": step.via,
            "label": LABELS[step.via],
            "actor": context.summary("actor", step.actor_id, "name", "kind"),
        }
        for step in steps
    ]
