"""The filters a search is narrowed by: kinds, speakers, actors, sources
and dates, each a queryset condition on the published rows."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from factfile.folding import fold
from factfile.lookup.indexing import MIN_NAME_WORD
from factfile.lookup.models import Kind, LookupName
from factfile.published.models import PublishedLink, PublishedRecord

_NAME_WORD = re.compile(r"[^\W_]+")


@dataclass
class Filters:
    kinds: list[str] = field(default_factory=list)
    # Actor ids: statements by any of them.
    speakers: list[int] = field(default_factory=list)
    # Actor ids: records involving any of them (or the actors themselves).
    actors: list[int] = field(default_factory=list)
    # Source ids: records citing any of them (or the sources themselves).
    sources: list[int] = field(default_factory=list)
    date_from: Any = None
    date_to: Any = None

    def __bool__(self) -> bool:
        return (
            bool(self.kinds)
            or bool(self.speakers)
            or bool(self.actors)
            or bool(self.sources)
            or self.date_from is not None
            or self.date_to is not None
        )

    def apply(self, rows: models.QuerySet) -> models.QuerySet:
        """Narrow published rows; each filter keeps the records it concerns."""
        if self.kinds:
            rows = rows.filter(resource__in=self.kinds)
        if self.speakers:
            rows = rows.filter(resource=Kind.STATEMENT, speaker_id__in=self.speakers)
        if self.actors:
            rows = rows.filter(
                _linked(PublishedLink.Relation.INVOLVED, self.actors)
                | models.Q(resource=Kind.ACTOR, record_id__in=self.actors)
            )
        if self.sources:
            rows = rows.filter(
                _linked(PublishedLink.Relation.SOURCE, self.sources)
                | models.Q(resource=Kind.SOURCE, record_id__in=self.sources)
            )
        if self.date_from is not None:
            rows = rows.filter(date__gte=self.date_from)
        if self.date_to is not None:
            rows = rows.filter(date__lte=self.date_to)
        return rows


def _linked(relation: str, ids: list[int]) -> models.Q:
    return models.Q(
        models.Exists(
            PublishedLink.objects.filter(
                record=models.OuterRef("pk"),
                relation=relation,
                value__in=[str(value) for value in ids],
            )
        )
    )


def actors_named(name: str) -> list[int]:
    """The live actors with every word of ``name`` in a name, alias or former name."""
    words = sorted(
        {w[:100] for w in _NAME_WORD.findall(fold(name)) if len(w) >= MIN_NAME_WORD}
    )
    if not words:
        return []
    entries = LookupName.objects.filter(word__in=words).values("entry")
    entries = entries.annotate(held=models.Count("word", distinct=True)).filter(
        held=len(words)
    )
    return list(
        PublishedRecord.objects.of(Kind.ACTOR)
        .live()
        .filter(pk__in=entries.values("entry"))
        .order_by("record_id")
        .values_list("record_id", flat=True)
    )
