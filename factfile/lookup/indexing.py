"""Keep the lookup index in step with the published layer.

``update(row)`` is called by the publishing module each time it writes a
published row; ``rebuild()`` remakes the whole index (``manage.py
reindex_lookup``). Both read the published layer only: the words of an item
come from its public JSON, and the aliases of the actors it mentions from
those actors' published JSON.

The index holds every published record a writer may meet in the lookup:
live ones and retracted ones (shown struck out with their reason, never
with a citation to copy). A merged duplicate is not one of them: it is
only a pointer to the record that absorbed it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from factfile.folding import fold
from factfile.lookup.models import Kind, LookupEntry, LookupName
from factfile.published.models import PublishedLink, PublishedRecord

KINDS = frozenset(Kind.values)
# Shorter words are never corrected, so they need no place in the vocabulary.
MIN_NAME_WORD = 3
_WORD = re.compile(r"[^\W_]+")


@dataclass
class EntryText:
    body: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    context: list[str] = field(default_factory=list)
    passages: list[str] = field(default_factory=list)

    def fields(self) -> dict[str, str]:
        return {
            "body": _join(self.body),
            "names": _join(self.names),
            "context": _join(self.context),
            "passages": _join(self.passages),
        }


def _join(parts: Iterable[str | None]) -> str:
    # One line per part keeps a phrase from running across two of them. A
    # name given again with other accents or case counts once, so that an
    # actor with many spellings does not outweigh the words around it.
    seen: set[str] = set()
    kept = []
    for part in parts:
        if part and fold(part) not in seen:
            seen.add(fold(part))
            kept.append(part)
    return "\n".join(kept)


def _actor_ids(data: dict[str, Any]) -> list[int]:
    actors = [data.get("speaker"), data.get("on_behalf_of"), *data.get("about", [])]
    actors += [part.get("actor") for part in data.get("participants", [])]
    return [actor["id"] for actor in actors if actor and actor.get("id")]


def _actor_names(data: dict[str, Any]) -> list[str]:
    names = [data.get("name") or ""] + [a["name"] for a in data.get("aliases", [])]
    # Names the actor went by for a time (before a renaming) find it too.
    return names + [dated["name"] for dated in data.get("names") or []]


# Where a sentence ends: a full stop, question or exclamation mark (with a
# closing quote or bracket after it) and a space.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*\s")


def cited_sentence(citation: dict[str, Any]) -> str:
    """The cited passage with the rest of the sentence it stands in.

    The published citation keeps a little text before and after the
    passage: the sentence is what of it lies between the last sentence end
    before the passage and the first one after it.
    """
    quote = citation.get("quote") or ""
    if not quote:
        return ""
    before = citation.get("prefix") or ""
    after = citation.get("suffix") or ""
    ends = list(_SENTENCE_END.finditer(before))
    if ends:
        before = before[ends[-1].end() :]
    end = _SENTENCE_END.search(after)
    if end:
        after = after[: end.start() + 1]
    return " ".join(f"{before}{quote}{after}".split())


def _sources(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [c["source"] for c in data.get("citations", []) if c.get("source")]


def entry_text(
    resource: str, data: dict[str, Any], actors: dict[int, dict[str, Any]]
) -> EntryText:
    """The words of one published record, sorted into the four weights."""
    text = EntryText()

    def names_of(actor_id: int) -> list[str]:
        return _actor_names(actors.get(actor_id, {}))

    if resource in (Kind.STATEMENT, Kind.EVENT):
        if resource == Kind.STATEMENT:
            text.body.append(data.get("text"))
            # Found by its translations' words as well as by the original.
            text.body += [t.get("text") for t in data.get("translations") or []]
            text.names.append(data.get("speaker_title"))
            text.context.append((data.get("event") or {}).get("title"))
        else:
            text.body += [data.get("title"), data.get("description")]
            text.context += [data.get("place_name"), data.get("place_country")]
        for actor_id in _actor_ids(data):
            text.names += names_of(actor_id)
        for source in _sources(data):
            text.context += [source.get("title"), source.get("publisher")]
        # What a writer remembers from the article: the cited passages and
        # their sentences, weighted below the record's own words.
        text.passages += [cited_sentence(c) for c in data.get("citations") or []]
    elif resource == Kind.ACTOR:
        text.names += _actor_names(data)
        text.context.append(data.get("description"))
        text.context += [role.get("title") for role in data.get("roles", [])]
    elif resource == Kind.SOURCE:
        text.context += [data.get("title"), data.get("publisher")]
        text.context += data.get("authors") or []
    return text


def name_words(data: dict[str, Any]) -> set[str]:
    """The folded words of an actor's name and aliases."""
    words = set()
    for name in _actor_names(data):
        words.update(w for w in _WORD.findall(fold(name)) if len(w) >= MIN_NAME_WORD)
    return {word[:100] for word in words}


def _live_actors(ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    rows = (
        PublishedRecord.objects.of(Kind.ACTOR)
        .live()
        .filter(record_id__in=set(ids))
        .values_list("record_id", "data")
    )
    return dict(rows)


def _write(
    row: PublishedRecord, actors: dict[int, dict[str, Any]], *, new: bool = False
) -> None:
    text = entry_text(row.resource, row.data, actors)
    fields = {"kind": row.resource, "sort_date": row.sort_date, **text.fields()}
    if row.resource != Kind.ACTOR:
        # An update, or an insert if there was nothing to update (or if the
        # row was just inserted): no read first and no savepoints, as the
        # publication lock is held.
        if new or not LookupEntry.objects.filter(published=row).update(**fields):
            LookupEntry.objects.create(published=row, **fields)
        return
    if new:
        entry = LookupEntry.objects.create(published=row, **fields)
    else:
        entry, _ = LookupEntry.objects.update_or_create(published=row, defaults=fields)
        entry.name_words.all().delete()
    LookupName.objects.bulk_create(
        LookupName(entry=entry, word=word) for word in sorted(name_words(row.data))
    )


def findable(row: PublishedRecord) -> bool:
    """Whether the lookup may show ``row``: live, or retracted but not merged."""
    return row.resource in KINDS and not (row.data or {}).get("merged_into")


def update(row: PublishedRecord, *, new: bool = False) -> None:
    """Index a row just written to the published layer, retracted or not.

    Called right after the row's change entry was logged, under the
    publication lock: no one else writes the row's entry meanwhile. Inside
    the publication's transaction it takes no savepoint of its own (a
    failure undoes the whole publication anyway). ``new``: the row was just
    inserted, so it has no entry to replace.
    """
    if row.resource not in KINDS:
        return
    with transaction.atomic(savepoint=False):
        _update(row, new=new)


def _update(row: PublishedRecord, *, new: bool = False) -> None:
    if not findable(row):
        if not new:
            LookupEntry.objects.filter(published=row).delete()
        return
    _write(row, _live_actors(_actor_ids(row.data)), new=new)
    if row.resource == Kind.ACTOR:
        # Statements and events embed an actor's name but not its aliases:
        # their entries take the aliases from here.
        dependants = (
            PublishedRecord.objects.live()
            .filter(resource__in=[Kind.STATEMENT, Kind.EVENT])
            .linked(PublishedLink.Relation.EMBEDS, f"actor:{row.record_id}")
        )
        for dependant in dependants:
            _write(dependant, _live_actors(_actor_ids(dependant.data)))


@transaction.atomic
def rebuild() -> int:
    """Remake the whole index from the published layer; return its size."""
    LookupEntry.objects.all().delete()
    actors = dict(
        PublishedRecord.objects.of(Kind.ACTOR).live().values_list("record_id", "data")
    )
    rows = (
        PublishedRecord.objects.filter(resource__in=KINDS)
        .only("id", "resource", "data", "sort_date")
        .order_by("id")
    )
    count = 0
    for row in rows.iterator(chunk_size=500):
        if not findable(row):
            continue
        _write(row, actors)
        count += 1
    return count
