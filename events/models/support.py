"""How the records of this app lean on each other.

Which citations support a statement or an event when someone verifies it,
why the others cannot, and how the item embeds them; and how a refusal
names a record that is not public, or a public record that names another.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from factfile.editorial import EditorialRecord, Status
from factfile.review import Problem

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser as User

    from events.models.events import Event
    from events.models.statements import Statement
    from factfile.representation import PublicContext


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
        # Each with its source, which ``can_support`` reads.
        for c in item.citations.select_related("source")
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
