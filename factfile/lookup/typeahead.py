"""Typeahead for the lookup's filters: a few live actors or sources at a time.

The filters once listed every published actor and source in the page; on a
large archive that is megabytes. These answer one prefix with at most
``LIMIT`` records, from the lookup's vocabulary of names and the published
layer's folded text, in a constant number of queries.
"""

from __future__ import annotations

import re
from typing import Any, TypedDict

from django.db.models import QuerySet

from factfile.folding import fold
from factfile.lookup.indexing import MIN_NAME_WORD
from factfile.lookup.models import Kind, LookupName
from factfile.published.models import PublishedRecord

LIMIT = 10
MAX_TYPED = 100
# At most this many sources answer for a source's name typed without choosing.
NAMED_LIMIT = 50


class Option(TypedDict):
    id: int
    name: str
    also: str


# Control characters are no part of a name, and PostgreSQL refuses NUL.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _words(text: str) -> list[str]:
    return fold(_CONTROL.sub(" ", text[:MAX_TYPED])).replace('"', " ").split()


def _matched_name(data: dict[str, Any], words: list[str]) -> str:
    """The alias or former name the words were found in, if not the name."""
    others = [a["name"] for a in data.get("aliases") or []]
    others += [n["name"] for n in data.get("names") or []]

    def holds(name: str) -> bool:
        parts = fold(name).split()
        return all(any(part.startswith(w) for part in parts) for w in words)

    if holds(data["name"]):
        return ""
    return next((other for other in others if holds(other)), "")


def actors(text: str) -> list[Option]:
    """Live actors whose name, alias or former name has words starting so."""
    words = [w for w in _words(text) if w]
    if not words:
        return []
    *whole, last = words
    names = LookupName.objects.filter(word__startswith=last[:100])
    for word in whole:
        if len(word) >= MIN_NAME_WORD:
            names = names.filter(
                entry__in=LookupName.objects.filter(word=word[:100]).values("entry")
            )
    rows = (
        PublishedRecord.objects.of(Kind.ACTOR)
        .live()
        .filter(pk__in=names.values("entry"))
        .order_by("search_text", "record_id")
        .values_list("record_id", "data")[:LIMIT]
    )
    return [
        Option(id=record_id, name=data["name"], also=_matched_name(data, words))
        for record_id, data in rows
    ]


def _sources_holding(text: str) -> QuerySet[PublishedRecord] | None:
    typed = " ".join(_words(text))
    if not typed:
        return None
    return (
        PublishedRecord.objects.of(Kind.SOURCE)
        .live()
        .filter(search_text__contains=typed)
        .order_by("-sort_date", "-record_id")
    )


def sources(text: str) -> list[Option]:
    """Live sources whose title, publisher or authors hold the typed text."""
    found = _sources_holding(text)
    if found is None:
        return []
    rows = found.values_list("record_id", "data")[:LIMIT]
    return [
        Option(
            id=record_id,
            name=data.get("title", ""),
            also=", ".join(
                filter(None, [data.get("publisher"), data.get("published_on")])
            ),
        )
        for record_id, data in rows
    ]


def sources_named(text: str) -> list[int]:
    """The live sources whose title, publisher or authors hold the text."""
    found = _sources_holding(text)
    if found is None:
        return []
    return list(found.values_list("record_id", flat=True)[:NAMED_LIMIT])


def labels(resource: str, ids: list[int]) -> dict[int, str]:
    """The names (actors) or titles (sources) of the chosen ids, for the form."""
    key = "name" if resource == Kind.ACTOR else "title"
    rows = (
        PublishedRecord.objects.of(resource)
        .live()
        .filter(record_id__in=ids)
        .values_list("record_id", f"data__{key}")
    )
    return {record_id: str(label) for record_id, label in rows}
