"""What a checker reads beside a statement, event or citation in review.

The cited passages, highlighted in their sources with a few sentences
around them, and the other records from the same articles waiting for the
same checker, so that one article's quotes are verified together.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch

from events.models import Citation, Event, Statement
from factfile.editorial import EditorialRecord
from sources.excerpts import Excerpt, excerpt

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser as User

# Beyond this many, the others are left to the queue.
BESIDE_LIMIT = 20


@dataclass(frozen=True)
class Passage:
    """A citation's passage as the checker reads it."""

    citation: Citation
    excerpt: Excerpt | None  # None when the passage no longer resolves


def passage_of(citation: Citation) -> Passage:
    if citation.is_broken or citation.start is None or citation.end is None:
        return Passage(citation, None)
    return Passage(
        citation, excerpt(citation.source.full_text, citation.start, citation.end)
    )


def cited_passages(record: EditorialRecord) -> list[Passage]:
    """The passages that support ``record`` (or the citation itself), in order."""
    if isinstance(record, Citation):
        return [passage_of(record)]
    if isinstance(record, Statement | Event):
        citations = record.citations.select_related("source").order_by("pk")
        return [passage_of(citation) for citation in citations]
    return []


def _with_passages(queryset: Any) -> Any:
    citations = Citation.objects.select_related("source").order_by("pk")
    return queryset.prefetch_related(Prefetch("citations", queryset=citations))


@dataclass(frozen=True)
class Beside:
    """Another record from the same article, waiting for the same checker."""

    record: Statement | Event
    key: str  # "statement:12": the value of its tick box
    passages: list[Passage]


def waiting_beside(record: EditorialRecord, user: User) -> list[Beside]:
    """Records in review citing the same sources, that ``user`` may verify."""
    if isinstance(record, Citation):
        sources = [record.source_id]
    elif isinstance(record, Statement | Event):
        sources = list(record.citations.values_list("source_id", flat=True))
    else:
        return []
    if not sources:
        return []
    found: list[Beside] = []
    for model in (Statement, Event):
        rows = (
            model.objects.awaiting_review_by(user)
            .filter(
                pk__in=Citation.objects.filter(source__in=sources).values(
                    model._meta.model_name
                )
            )
            .order_by("pk")
        )
        if isinstance(record, model):
            rows = rows.exclude(pk=record.pk)
        found.extend(
            Beside(
                row,
                f"{model._meta.model_name}:{row.pk}",
                [passage_of(c) for c in row.citations.all()],
            )
            for row in _with_passages(rows)[:BESIDE_LIMIT]
        )
    return found[:BESIDE_LIMIT]


def chosen_beside(
    record: EditorialRecord, user: User, keys: list[str]
) -> list[EditorialRecord]:
    """The records beside ``record`` whose tick boxes were ticked."""
    wanted = set(keys)
    if not wanted:
        # Nothing ticked (the usual verify): no need to look for the others.
        return []
    return [b.record for b in waiting_beside(record, user) if b.key in wanted]
