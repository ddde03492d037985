"""The groups of the synthetic fact file: a story, its copies, what it reports.

A group is one news story republished by up to two other outlets, with
the events and statements it reports and their citations, each with its
fate (verified, pending an edit, corrected, retracted, still a draft)
and its history, change log and public rows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from benchmarks.synthetic.actors import DAYS, FIRST_DAY, ActorWriter
from benchmarks.synthetic.layer import (
    CHANNELS,
    EVENT_KINDS,
    FATES,
    RATINGS,
    MemoryContext,
    Part,
    record_from,
)
from benchmarks.synthetic.words import PUBLISHERS, slug
from events.models import Citation, Event, EventRelation, Participant, Statement
from factfile.dates import Precision, format_human
from factfile.editorial import PublicNote, Status
from sources.models import Source, text_hash

STATEMENTS_PER_GROUP = 20
EVENTS_PER_GROUP = 4
# Mean citations per statement is about two; a source group of one to three
# copies of the same story gives N/10 sources for N statements.
GROUP_SIZES = (1, 2, 3)
GROUP_WEIGHTS = (0.3, 0.4, 0.3)


@dataclass
class _Item:
    """A statement or an event of a group, with its passage in the sources."""

    pk: int
    passage: str
    sentence: str
    cited_in: int
    offsets: dict[int, int] = field(default_factory=dict)


class GroupWriter(ActorWriter):
    """Writes a group of statements and events with their sources."""

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
