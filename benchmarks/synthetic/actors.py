"""The actors of the synthetic fact file, written before any chunk.

States, councils and people with their aliases and roles, most of them
verified and published; every chunk draws its speakers, the actors its
statements are about and its places from them (``ActorWriter._actors``).
"""

from __future__ import annotations

import datetime

from benchmarks.synthetic.layer import LayerWriter, MemoryContext, Part, record_from
from benchmarks.synthetic.words import (
    PLACES_PER_COUNTRY,
    PUBLISHERS,
    distinct_folded,
    plain,
    zipf_picker,
)
from events.models import Actor, Alias, Role
from factfile.dates import Precision
from factfile.editorial import Status
from factfile.folding import fold

# The days the roles start on and the statements are said on.
FIRST_DAY = datetime.date(2015, 1, 1)
DAYS = 3650


class ActorWriter(LayerWriter):
    """Writes the actors and keeps what the groups draw on."""

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
