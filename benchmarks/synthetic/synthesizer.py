"""A synthetic fact file of any size, for measuring the app at archive scale.

``synthesize(statements=N, seed=S, sink=...)`` writes about N/500 actors with
their aliases, N/10 sources with full texts, N statements with one to three
resolving citations each and N/5 events with participants, in a mix of
statuses, together with the history rows and the published layer that the
editorial workflow would have written. The same seed gives the same fact
file, row for row, on every database.

The public representations are built by the models' own
``public_representation`` and ``public_columns``, fed from memory instead of
the database, so the published layer is what ``republish`` rebuilds. Only the
citation's representation, the hottest path, is written out here; a test
compares every kind of record with ``representation.build``.

History keeps the versions that matter to the public: the verified one, and
what followed it (a pending edit, a correction, a retraction). The drafting
steps before a first verification are not replayed.
"""

from __future__ import annotations

import datetime
import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import models

from benchmarks.synthetic.layer import (
    CHANNELS,
    EVENT_KINDS,
    FATES,
    RATINGS,
    LayerWriter,
    MemoryContext,
    Part,
    Sink,
    record_from,
)
from benchmarks.synthetic.words import (
    PLACES_PER_COUNTRY,
    PUBLISHERS,
    Words,
    distinct_folded,
    plain,
    slug,
    zipf_picker,
)
from events.models import (
    Actor,
    Alias,
    Citation,
    Event,
    EventRelation,
    Participant,
    Role,
    Statement,
)
from factfile.dates import Precision, format_human
from factfile.editorial import PublicNote, Status
from factfile.folding import fold
from factfile.lookup.models import LookupEntry, LookupName
from factfile.published.models import (
    ChangeEntry,
    PublicationCounter,
    PublishedLink,
    PublishedRecord,
)
from sources.models import Source, text_hash

STATEMENTS_PER_GROUP = 20
EVENTS_PER_GROUP = 4
# Mean citations per statement is about two; a source group of one to three
# copies of the same story gives N/10 sources for N statements.
GROUP_SIZES = (1, 2, 3)
GROUP_WEIGHTS = (0.3, 0.4, 0.3)
VOCABULARY_SIZE = 20_000
# The key of a change entry's row that names the published row holding the
# same JSON (see ``Synthesizer._log``); not a column.
SAME_AS = "same_as_published"
ZIPF_EXPONENT = 1.07
# Statements per chunk: the unit that one process writes at a time.
CHUNK_STATEMENTS = 10_000
# Ids a chunk may use per statement, for each kind of id: a little more
# than it needs on average (or the most it can need), so that ranges fixed
# in advance never overlap. The gaps they leave are of no consequence.
CAPACITY: dict[str, float] = {
    "statement": 1,
    "event": EVENTS_PER_GROUP / STATEMENTS_PER_GROUP,
    "source": max(GROUP_SIZES) / STATEMENTS_PER_GROUP,
    "citation": 2.4,
    "participant": 0.6,
    "relation": 0.2,
    "about": 1.3,
    "about-history": 1.4,
    "note": 0.1,
    "published": 3.6,
    "seq": 3.7,
    "link": 20,
    "history:sources.Source": 0.3,
    "history:events.Event": 0.4,
    "history:events.Statement": 1.25,
    "history:events.Citation": 2.4,
    "history:events.Participant": 0.6,
    "history:events.EventRelation": 0.2,
}
# Seconds of the editorial clock per statement of a chunk (about 190 used).
SECONDS_PER_STATEMENT = 400
START = datetime.datetime(2021, 1, 4, 8, 0, tzinfo=datetime.UTC)
FIRST_DAY = datetime.date(2015, 1, 1)
DAYS = 3650


@dataclass
class Users:
    """Who created and verified the synthetic records (ids of real users)."""

    reporters: list[int]
    checkers: list[int]


@dataclass
class SynthesisReport:
    counts: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        return [f"{name}: {count:,}" for name, count in self.counts.items()]


@dataclass
class ChunkResult:
    chunk: int
    counts: dict[str, int]
    last_seq: int


@dataclass
class _Item:
    """A statement or an event of a group, with its passage in the sources."""

    pk: int
    passage: str
    sentence: str
    cited_in: int
    offsets: dict[int, int] = field(default_factory=dict)


class Synthesizer(LayerWriter):
    """Writes the whole synthetic fact file into a sink, in publication order."""

    def __init__(
        self,
        *,
        statements: int,
        seed: int,
        sink: Sink,
        users: Users,
        content_types: dict[str, int],
        progress: Callable[[int, int], None] | None = None,
        chunk_statements: int = CHUNK_STATEMENTS,
    ) -> None:
        if chunk_statements % STATEMENTS_PER_GROUP:
            raise ValueError("A chunk holds whole groups of statements.")
        self.total = statements
        self.seed = seed
        self.chunk_statements = chunk_statements
        self.rng = random.Random(seed)
        self.sink = sink
        self.users = users
        self.content_types = content_types
        self.progress = progress or (lambda done, total: None)
        self.ids: dict[str, int] = {}
        self.last_seq = 0
        self.counts: dict[type, int] = {}
        self.clock = START
        self.published_actors: dict[tuple[str, int], dict[str, Any]] = {}
        # Live actors as published, by id: the lookup index takes their
        # aliases for the records that mention them.
        self.actor_data: dict[int, dict[str, Any]] = {}
        self.report = SynthesisReport()
        self.history_models = {
            model: apps.get_model(model._meta.app_label, f"Historical{model.__name__}")
            for model in (
                Source,
                Actor,
                Alias,
                Role,
                Statement,
                Event,
                Participant,
                EventRelation,
                Citation,
            )
        }
        self.about_model = Statement.about.through
        self.about_history = apps.get_model("events", "HistoricalStatement_about")

    # Records -------------------------------------------------------------

    @property
    def chunks(self) -> int:
        return -(-self.total // self.chunk_statements)

    def run(self) -> SynthesisReport:
        """The whole fact file, one chunk after the other."""
        self.prepare()
        done = 0
        step = max(STATEMENTS_PER_GROUP, self.total // 20)
        shown = 0
        for chunk in range(self.chunks):
            for statements in self.run_chunk(chunk):
                done += statements
                if done - shown >= step or done == self.total:
                    shown = done
                    self.progress(done, self.total)
            self.merge(self.chunk_result)
        return self.finish()

    def prepare(self) -> None:
        """The vocabulary and the actors, which every chunk draws on."""
        self.words = Words(self.rng)
        self._actors()
        self.actor_ids = dict(self.ids)
        self.actors_done = self.clock
        self.last_seq = self.ids.get("seq", 0)
        self.totals: dict[str, int] = {
            model._meta.label: count for model, count in self.counts.items()
        }

    def run_chunk(self, chunk: int) -> Iterator[int]:
        """Write one chunk of statements with the records around them.

        A chunk depends on nothing but the seed, its number and the actors:
        its random numbers come from its own generator, its ids from ranges
        and its clock from a span that its number fixes. So chunks may be
        written in any order, by several processes, and give the same rows.
        Ids leave a gap between one chunk's range and the next.

        Yields the statements written after each group; ``chunk_result``
        then holds the rows written and the chunk's last change.
        """
        self.rng = random.Random(f"{self.seed}:{chunk}")
        self.counts = {}
        self.ids = {
            name: self.actor_ids.get(name, 0) + chunk * capacity
            for name, capacity in self._capacities().items()
        }
        starts = dict(self.ids)
        window = self.chunk_statements * SECONDS_PER_STATEMENT
        self.clock = self.actors_done + datetime.timedelta(seconds=chunk * window)
        first = chunk * self.chunk_statements
        statements = min(self.chunk_statements, self.total - first)
        group = first // STATEMENTS_PER_GROUP
        done = 0
        while done < statements:
            count = min(STATEMENTS_PER_GROUP, statements - done)
            self._group(group, count)
            group += 1
            done += count
            yield count
        if chunk < self.chunks - 1:
            # The next chunk's ids and times start where this chunk's span
            # ends: overrunning it would give two rows the same id.
            for name, capacity in self._capacities().items():
                used = self.ids[name] - starts[name]
                if used > capacity:
                    raise RuntimeError(
                        f"chunk {chunk} used {used} {name} ids, more than its "
                        f"{capacity}: raise its share in CAPACITY"
                    )
            if self.clock > self.actors_done + datetime.timedelta(
                seconds=(chunk + 1) * window
            ):
                raise RuntimeError(
                    f"chunk {chunk} ran past its time span: raise SECONDS_PER_STATEMENT"
                )
        self.chunk_result = ChunkResult(
            chunk=chunk,
            counts={model._meta.label: count for model, count in self.counts.items()},
            last_seq=self.ids["seq"] if self.ids["seq"] > starts["seq"] else 0,
        )

    def _capacities(self) -> dict[str, int]:
        return {
            name: math.ceil(share * self.chunk_statements)
            for name, share in CAPACITY.items()
        }

    def merge(self, result: ChunkResult) -> None:
        for label, count in result.counts.items():
            self.totals[label] = self.totals.get(label, 0) + count
        self.last_seq = max(self.last_seq, result.last_seq)

    def finish(self) -> SynthesisReport:
        """The publication counter, once every chunk is written."""
        self._add(PublicationCounter, {"id": 1, "last_seq": self.last_seq})
        self.totals[PublicationCounter._meta.label] = 1
        self.report.counts = dict(self.totals)
        return self.report

    def _actors(self) -> None:
        count = max(12, self.total // 500)
        rng = self.rng
        self.countries: list[tuple[int, str]] = []
        self.organisations: list[int] = []
        self.speakers: list[tuple[int, str, str, int | None]] = []
        self.places: list[tuple[str, str]] = []
        states = max(3, count // 8)
        bodies = max(2, count // 10)
        drafts = max(1, count // 50)
        for index in range(count):
            pk = self._id("actor")
            at = self._tick()
            if index < states:
                stem = self.words.name(rng, rng.randint(2, 3))
                name = f"Republic of {stem}"
                kind = Actor.Kind.STATE
                aliases = [stem, f"République de {stem}", f"R{stem[0]}"]
                description = f"A state; capital {self.words.name(rng, 2)}."
            elif index < states + bodies:
                words = [self.words.name(rng, rng.randint(2, 3)) for _ in range(3)]
                name = f"{words[0]} {words[1]} Council"
                kind = rng.choice(
                    [Actor.Kind.ORGANISATION, Actor.Kind.INTERGOVERNMENTAL]
                )
                acronym = f"{words[0][0]}{words[1][0]}C"
                aliases = [acronym, f"Conseil {words[0]} {words[1]}"]
                description = "An intergovernmental body."
            else:
                given = self.words.name(rng, rng.randint(1, 2))
                family = self.words.name(rng, rng.randint(2, 4))
                name = f"{given} {family}"
                kind = Actor.Kind.PERSON
                aliases = [family, f"{given[0]}. {family}", f"{family.upper()} {given}"]
                description = f"Politician from {self.words.name(rng, 2)}."
            unaccented = plain(name)
            if unaccented != name:
                aliases.insert(0, unaccented)
            aliases = distinct_folded(aliases)[: rng.randint(2, 4)]
            if len(aliases) < 2:
                aliases.append(f"{name} ({index})")
            wikidata = f"Q{rng.randint(1000, 9_999_999)}" if rng.random() < 0.7 else ""
            status = Status.DRAFT if index >= count - drafts else Status.VERIFIED
            version = 3 if status == Status.VERIFIED else 1
            row = {
                **self._editorial(pk, at=at, status=status, version=version),
                "name": name,
                "folded_name": fold(name),
                "kind": kind,
                "description": description,
                "wikidata_id": wikidata,
            }
            alias_rows = []
            for alias in aliases:
                alias_row = {
                    "id": self._id("alias"),
                    "actor_id": pk,
                    "name": alias,
                    "folded_name": fold(alias),
                    "language": "fr"
                    if alias.startswith(("République", "Conseil"))
                    else "",
                }
                self._add(Alias, alias_row)
                self._history(
                    Alias, alias_row, at=row["created_at"], reason="", kind="+"
                )
                alias_rows.append(alias_row)
            role_rows = []
            if kind == Actor.Kind.PERSON and self.countries and rng.random() < 0.8:
                country, _ = rng.choice(self.countries)
                title = rng.choice(
                    [
                        "Minister of Foreign Affairs",
                        "President",
                        "Prime Minister",
                        "Minister of Defence",
                        "Spokesperson",
                        "Ambassador",
                    ]
                )
                starts = FIRST_DAY + datetime.timedelta(days=rng.randrange(DAYS // 2))
                role_row = {
                    "id": self._id("role"),
                    "actor_id": pk,
                    "title": title,
                    "organisation_id": country,
                    "starts_on": starts.replace(day=1),
                    "starts_on_precision": Precision.MONTH,
                    "ends_on": None,
                    "ends_on_precision": Precision.UNKNOWN,
                }
                self._add(Role, role_row)
                self._history(Role, role_row, at=row["created_at"], reason="", kind="+")
                role_rows.append(role_row)
            pending = status == Status.VERIFIED and rng.random() < 0.05
            editorial = dict(row)
            if pending:
                editorial |= {
                    "status": Status.IN_REVIEW,
                    "version": 4,
                    "description": row["description"] + " (being updated)",
                }
            self._add(Actor, editorial)
            if status == Status.VERIFIED:
                self._history(Actor, row, at=at, reason="Verified")
                instance = record_from(Actor, row)
                context = MemoryContext(self.published_actors)
                context.parts_of = {
                    Alias: [Part(**alias) for alias in alias_rows],
                    Role: [Part(**role) for role in role_rows],
                }
                data = self._publish(instance, context, version=3, at=at)
                self.published_actors[("actor", pk)] = data
                self.actor_data[pk] = data
                if pending:
                    self._history(
                        Actor,
                        editorial,
                        at=self._tick(),
                        reason="Submitted for review",
                    )
                if kind == Actor.Kind.STATE:
                    self.countries.append((pk, stem))
                    self.organisations.append(pk)
                    for _ in range(PLACES_PER_COUNTRY):
                        self.places.append((self.words.name(rng, 2), stem))
                elif kind != Actor.Kind.PERSON:
                    self.organisations.append(pk)
                else:
                    role = role_rows[0] if role_rows else None
                    self.speakers.append(
                        (
                            pk,
                            name,
                            role["title"] if role else "",
                            role["organisation_id"] if role else None,
                        )
                    )
            else:
                self._history(Actor, row, at=at, reason="", kind="+")
        # Governments speak too, through their state's name.
        self.speakers += [(pk, "", "", None) for pk in self.organisations]
        self.pick_speaker = zipf_picker(len(self.speakers), rng)
        self.pick_publisher = zipf_picker(len(PUBLISHERS), rng)
        self.public_actor_ids = [pk for pk, *_ in self.speakers]

    def _group(self, group: int, count: int) -> None:
        rng = self.rng
        published: dict[tuple[str, int], dict[str, Any]] = dict(self.published_actors)
        self.source_hashes: dict[int, str] = {}
        size = rng.choices(GROUP_SIZES, GROUP_WEIGHTS)[0]
        day = FIRST_DAY + datetime.timedelta(days=rng.randrange(DAYS))
        language = "fr" if rng.random() < 0.1 else "en"

        # What the group's sources report: events first, then statements.
        events = []
        for _ in range(min(EVENTS_PER_GROUP, -(-count // 5))):
            place, country = rng.choice(self.places)
            first, second = rng.sample(self.public_actor_ids, 2)
            kind = rng.choice(EVENT_KINDS)
            title = (
                f"{self.words.sentence(rng, 2, 4)} in {place} "
                f"({published[('actor', first)]['name']})"
            )
            when = day + datetime.timedelta(days=rng.randint(-20, 0))
            sentence = (
                f"{title}, on {format_human(when, Precision.DAY)}: "
                f"{self.words.sentence(rng, 6, 14)}."
            )
            events.append(
                {
                    "item": _Item(
                        self._id("event"), sentence, sentence, rng.randint(1, size)
                    ),
                    "title": title,
                    "kind": kind,
                    "when": when,
                    "place": place,
                    "country": country,
                    "actors": (first, second),
                }
            )
        statements = []
        for _ in range(count):
            speaker, name, title, organisation = self.speakers[self.pick_speaker(rng)]
            if not name:
                name = published[("actor", speaker)]["name"]
            words = self.words.sentence(rng, 10, 28)
            paraphrase = rng.random() < 0.2
            if paraphrase:
                sentence = f"{name} said that {words[0].lower()}{words[1:]}."
                passage = sentence
                text = f"{words}."
            else:
                text = f"{words}."
                sentence = f"“{text}” {name} said."
                passage = text
            statements.append(
                {
                    "item": _Item(
                        self._id("statement"), passage, sentence, rng.randint(1, size)
                    ),
                    "text": text,
                    "kind": Statement.Kind.PARAPHRASE
                    if paraphrase
                    else Statement.Kind.QUOTE,
                    "speaker": speaker,
                    "title": title,
                    "organisation": organisation,
                }
            )

        # The sources: one story, republished by up to two other outlets.
        sources = []
        original = None
        headline = self.words.sentence(rng, 5, 10)
        items = [entry["item"] for entry in events + statements]
        for copy in range(size):
            pk = self._id("source")
            at = self._tick()
            parts = [headline, ""]
            position = len(headline) + 2
            order = list(items)
            if copy:
                rng.shuffle(order)
            for item in order:
                filler = self.words.sentence(rng, 6, 16) + "."
                paragraph = f"{item.sentence} {filler}"
                if rng.random() < 0.5:
                    paragraph = f"{filler} {item.sentence}"
                    offset = position + len(filler) + 1
                else:
                    offset = position
                if item.passage != item.sentence:
                    offset += 1  # inside the opening quotation mark
                item.offsets[pk] = offset
                parts.append(paragraph)
                position += len(paragraph) + 2
            full_text = "\n\n".join(parts[:1] + parts[2:])
            publisher = PUBLISHERS[self.pick_publisher(rng)]
            published_on = day + datetime.timedelta(days=copy)
            row = {
                **self._editorial(pk, at=at, status=Status.VERIFIED, version=3),
                "title": headline,
                "kind": Source.Kind.NEWS_ARTICLE,
                "publisher": publisher,
                "authors": "; ".join(
                    f"{self.words.name(rng, 2)} {self.words.name(rng, 3)}"
                    for _ in range(rng.randint(1, 2))
                ),
                "url": f"https://{slug(publisher)}.example/{published_on.year}/{pk}",
                "published_on": published_on,
                "published_on_precision": Precision.DAY,
                "language": language,
                "accessed_on": published_on + datetime.timedelta(days=1),
                "archive_url": "",
                "full_text": full_text,
                "text_sha256": text_hash(full_text),
                "captured_sha256": text_hash(full_text),
                "derived_from_id": original,
                "notes": "",
            }
            editorial = dict(row)
            if rng.random() < 0.03:
                editorial |= {"status": Status.DRAFT, "version": 4, "notes": "Recheck"}
            self._add(Source, editorial)
            self._history(Source, row, at=at, reason="Verified")
            if editorial["status"] != Status.VERIFIED:
                self._history(Source, editorial, at=self._tick(), reason="Edited")
            instance = record_from(Source, row)
            data = self._publish(instance, MemoryContext(published), version=3, at=at)
            published[("source", pk)] = data
            sources.append((pk, full_text))
            self.source_hashes[pk] = row["text_sha256"]
            original = original or pk

        for entry in events:
            self._event(entry, sources, published)
        for entry in statements:
            self._statement(entry, sources, published, events, language)

    def _citations(
        self,
        item: _Item,
        sources: list[tuple[int, str]],
        published: dict[tuple[str, int], dict[str, Any]],
        *,
        owner: dict[str, int | None],
        at: datetime.datetime,
        public: bool,
        status: str,
    ) -> list[dict[str, Any]]:
        """Write the citations of an item; return their public JSON if published."""
        out = []
        for source_id, full_text in sources[: item.cited_in]:
            pk = self._id("citation")
            start = item.offsets[source_id]
            end = start + len(item.passage)
            version = 2 if public else 1
            row = {
                **self._editorial(
                    pk,
                    at=at,
                    status=Status.VERIFIED if public else status,
                    version=version,
                ),
                "source_id": source_id,
                **owner,
                "passage": item.passage,
                "stance": Citation.Stance.SUPPORTS,
                "start": start,
                "end": end,
                "prefix": full_text[max(0, start - 32) : start],
                "suffix": full_text[end : end + 32],
                "is_broken": False,
                "broken_reason": "",
                "anchored_at": at - datetime.timedelta(hours=2),
                "anchored_sha256": self.source_hashes[source_id],
            }
            self._add(Citation, row)
            self._history(
                Citation,
                row,
                at=at,
                reason="Verified with its item" if public else "",
                kind="~" if public else "+",
            )
            if public:
                instance = record_from(Citation, row)
                out.append(
                    self._publish(instance, MemoryContext(published), version=2, at=at)
                )
        return out

    def _fate(self, weights: tuple[float, ...]) -> str:
        return self.rng.choices(FATES, weights)[0]

    def _event(
        self,
        entry: dict[str, Any],
        sources: list[tuple[int, str]],
        published: dict[tuple[str, int], dict[str, Any]],
    ) -> None:
        rng = self.rng
        item = entry["item"]
        pk = item.pk
        at = self._tick()
        fate = self._fate((0.02, 0.0, 0.03, 0.02, 0.0, 0.93))
        public = fate not in ("draft", "in_review")
        coordinates = rng.random() < 0.5
        when = entry["when"]
        row = {
            **self._editorial(
                pk,
                at=at,
                status=Status.VERIFIED if public else Status.IN_REVIEW,
                version=3 if public else 2,
            ),
            "title": entry["title"],
            "kind": entry["kind"],
            "description": self.words.sentence(rng, 8, 20) + ".",
            "starts_on": when,
            "starts_on_precision": Precision.DAY,
            "ends_on": None,
            "ends_on_precision": Precision.UNKNOWN,
            "place_name": entry["place"],
            "place_country": entry["country"],
            "latitude": Decimal(f"{rng.uniform(-60, 60):.5f}") if coordinates else None,
            "longitude": Decimal(f"{rng.uniform(-170, 170):.5f}")
            if coordinates
            else None,
        }
        participants = []
        roles = [Participant.Role.INITIATOR, Participant.Role.TARGET]
        actors = list(entry["actors"])
        if rng.random() < 0.4:
            third = rng.choice(self.public_actor_ids)
            if third not in actors:
                actors.append(third)
                roles.append(Participant.Role.MEDIATOR)
        for actor, role in zip(actors, roles, strict=False):
            part = {
                "id": self._id("participant"),
                "event_id": pk,
                "actor_id": actor,
                "role": role,
            }
            self._add(Participant, part)
            self._history(Participant, part, at=row["created_at"], reason="", kind="+")
            participants.append(part)
        relations = []
        previous = published.get(("event-last", 0))
        if previous is not None and rng.random() < 0.2:
            relation = {
                "id": self._id("relation"),
                "from_event_id": pk,
                "kind": EventRelation.Kind.FOLLOWS,
                "to_event_id": previous["id"],
            }
            self._add(EventRelation, relation)
            self._history(
                EventRelation, relation, at=row["created_at"], reason="", kind="+"
            )
            relations.append(relation)
        citations = self._citations(
            item,
            sources,
            published,
            owner={"statement_id": None, "event_id": pk},
            at=at,
            public=public,
            status=Status.IN_REVIEW,
        )
        editorial = dict(row)
        if fate == "pending":
            editorial |= {
                "status": Status.DRAFT,
                "version": 4,
                "description": row["description"] + " More to follow.",
            }
        if fate == "corrected":
            editorial |= {"version": 5, "verified_version": 5}
            when_corrected = self._tick(3600)
            editorial |= {
                "description": row["description"] + " Updated.",
                "verified_at": when_corrected,
                "updated_at": when_corrected,
            }
        self._add(Event, editorial)
        if not public:
            self._history(Event, row, at=at, reason="Submitted for review")
            return
        self._history(Event, row, at=at, reason="Verified")
        instance = record_from(Event, row)
        context = MemoryContext(published)
        context.citations = citations
        context.parts_of = {
            Participant: [Part(**part) for part in participants],
            EventRelation: [Part(**relation) for relation in relations],
        }
        correction = None
        if fate == "corrected":
            note = "The description was completed."
            when_corrected = editorial["verified_at"]
            self._history(
                Event, editorial, at=when_corrected, reason=f"Corrected: {note}"
            )
            self._note(
                model=Event,
                pk=pk,
                kind=PublicNote.Kind.CORRECTION,
                version=5,
                note=note,
                at=when_corrected,
            )
            correction = (
                note,
                5,
                when_corrected,
                {"description": editorial["description"]},
            )
        elif fate == "pending":
            self._history(Event, editorial, at=self._tick(), reason="Edited")
        data = self._publish(instance, context, version=3, at=at, correction=correction)
        published[("event", pk)] = data
        published[("event-last", 0)] = data

    def _statement(
        self,
        entry: dict[str, Any],
        sources: list[tuple[int, str]],
        published: dict[tuple[str, int], dict[str, Any]],
        events: list[dict[str, Any]],
        language: str,
    ) -> None:
        rng = self.rng
        item = entry["item"]
        pk = item.pk
        at = self._tick()
        fate = self._fate((0.02, 0.02, 0.03, 0.02, 0.01, 0.90))
        public = fate not in ("draft", "in_review")
        day = FIRST_DAY + datetime.timedelta(days=rng.randrange(DAYS))
        precision = rng.choices(
            [Precision.DAY, Precision.MONTH, Precision.YEAR, Precision.UNKNOWN],
            [0.85, 0.08, 0.03, 0.04],
        )[0]
        said_on = {
            Precision.DAY: day,
            Precision.MONTH: day.replace(day=1),
            Precision.YEAR: day.replace(month=1, day=1),
            Precision.UNKNOWN: None,
        }[precision]
        event = None
        if events and rng.random() < 0.3:
            event = rng.choice(events)["item"].pk
        on_behalf = entry["organisation"] if rng.random() < 0.5 else None
        about = sorted(
            set(rng.sample(self.organisations, min(len(self.organisations), 2)))
        )[: rng.randint(0, 2)]
        rating = rng.random() < 0.05
        row = {
            **self._editorial(
                pk,
                at=at,
                status=Status.VERIFIED if public else Status(fate),
                version=3 if public else (2 if fate == "in_review" else 1),
            ),
            "text": entry["text"],
            "kind": entry["kind"],
            "speaker_id": entry["speaker"],
            "on_behalf_of_id": on_behalf,
            "speaker_title": entry["title"],
            "said_on": said_on,
            "said_on_precision": precision,
            "channel": rng.choice(CHANNELS),
            "language": language,
            "event_id": event,
            "claim_rating": rng.choice(RATINGS) if rating else "",
            "claim_reasoning": self.words.sentence(rng, 8, 16) + "." if rating else "",
            "claim_summary": "",
        }
        about_rows = [
            {"id": self._id("about"), "statement_id": pk, "actor_id": actor}
            for actor in about
        ]
        for about_row in about_rows:
            self._add(self.about_model, about_row)
        citations = self._citations(
            item,
            sources,
            published,
            owner={"statement_id": pk, "event_id": None},
            at=at,
            public=public,
            status=Status.DRAFT if fate == "draft" else Status.IN_REVIEW,
        )
        editorial = dict(row)
        if fate == "pending":
            editorial |= {
                "status": Status.IN_REVIEW,
                "version": 4,
                "speaker_title": (row["speaker_title"] + " (acting)").strip(),
            }
        corrected_on = None
        if fate == "corrected":
            # First published with the wrong year; the correction fixes it.
            when_corrected = self._tick(3600)
            corrected_on = said_on
            row["said_on"] = _year_before(said_on)
            editorial |= {
                "version": 5,
                "verified_version": 5,
                "verified_at": when_corrected,
                "updated_at": when_corrected,
                "said_on": corrected_on,
            }
        if fate == "retracted":
            editorial |= {"status": Status.RETRACTED, "version": 4}
        self._add(Statement, editorial)
        history_id = self._history(
            Statement,
            row,
            at=at,
            reason="Verified" if public else "",
            kind="~" if public else "+",
        )
        self._about_history(history_id, about_rows)
        if not public:
            return
        instance = record_from(Statement, row)
        context = MemoryContext(published)
        context.citations = citations
        context.about = about
        correction = retraction = None
        if fate == "corrected":
            note = "The date was wrong by a year."
            when_corrected = editorial["verified_at"]
            later = self._history(
                Statement, editorial, at=when_corrected, reason=f"Corrected: {note}"
            )
            self._about_history(later, about_rows)
            self._note(
                model=Statement,
                pk=pk,
                kind=PublicNote.Kind.CORRECTION,
                version=5,
                note=note,
                at=when_corrected,
            )
            correction = (note, 5, when_corrected, {"said_on": corrected_on})
        elif fate == "pending":
            later = self._history(
                Statement, editorial, at=self._tick(), reason="Submitted for review"
            )
            self._about_history(later, about_rows)
        elif fate == "retracted":
            reason = "The speaker denies saying this; the source withdrew it."
            when_retracted = self._tick(7200)
            later = self._history(
                Statement, editorial, at=when_retracted, reason=f"Retracted: {reason}"
            )
            self._about_history(later, about_rows)
            self._note(
                model=Statement,
                pk=pk,
                kind=PublicNote.Kind.RETRACTION,
                version=4,
                note=reason,
                at=when_retracted,
            )
            retraction = (reason, when_retracted)
        self._publish(
            instance,
            context,
            version=3,
            at=at,
            correction=correction,
            retraction=retraction,
        )

    def _about_history(self, history_id: int, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            self._add(
                self.about_history,
                {
                    **row,
                    "m2m_history_id": self._id("about-history"),
                    "history_id": history_id,
                },
            )


def _year_before(day: datetime.date | None) -> datetime.date | None:
    if day is None:
        return None
    return day.replace(year=day.year - 1, day=min(day.day, 28))


def iter_models() -> Iterator[type[models.Model]]:
    """Every model the synthesizer writes, parents before children."""
    yield from (
        Source,
        apps.get_model("sources", "HistoricalSource"),
        Actor,
        apps.get_model("events", "HistoricalActor"),
        Alias,
        apps.get_model("events", "HistoricalAlias"),
        Role,
        apps.get_model("events", "HistoricalRole"),
        Event,
        apps.get_model("events", "HistoricalEvent"),
        Participant,
        apps.get_model("events", "HistoricalParticipant"),
        EventRelation,
        apps.get_model("events", "HistoricalEventRelation"),
        Statement,
        apps.get_model("events", "HistoricalStatement"),
        Statement.about.through,
        apps.get_model("events", "HistoricalStatement_about"),
        Citation,
        apps.get_model("events", "HistoricalCitation"),
        PublicNote,
        PublishedRecord,
        PublishedLink,
        LookupEntry,
        LookupName,
        ChangeEntry,
        PublicationCounter,
    )
