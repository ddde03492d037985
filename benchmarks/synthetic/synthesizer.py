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

This module cuts the work into chunks; the actors are written by
``actors``, each group of sources, events and statements by ``groups``,
and the history, change log, published rows and lookup index by ``layer``.
"""

from __future__ import annotations

import datetime
import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models

from benchmarks.synthetic.groups import (
    EVENTS_PER_GROUP,
    GROUP_SIZES,
    STATEMENTS_PER_GROUP,
    GroupWriter,
)
from benchmarks.synthetic.layer import Sink
from benchmarks.synthetic.words import Words
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
from factfile.editorial import PublicNote
from factfile.lookup.models import LookupEntry, LookupName
from factfile.published.models import (
    ChangeEntry,
    PublicationCounter,
    PublishedLink,
    PublishedRecord,
)
from sources.models import Source

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


class Synthesizer(GroupWriter):
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

    # Chunks --------------------------------------------------------------

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
