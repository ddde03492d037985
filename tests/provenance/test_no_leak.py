"""Properties: relations, translations, attribution steps, dated names, source
withdrawals and merges that are not verified never reach a public response;
after any sequence of retractions, corrections and re-verifications, no word
of a retracted record remains in any public response."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from events.models import (
    Actor,
    ActorMerge,
    ActorName,
    AttributionStep,
    Citation,
    EventRelation,
    Participant,
    Relation,
    Statement,
    Translation,
)
from factfile import editorial, workflow
from factfile.editorial import WorkflowError
from factfile.published.models import ChangeEntry, PublishedRecord
from tests import factories
from tests import verified as v
from tests.provenance.public_responses import every_public_response, where_found

pytestmark = pytest.mark.django_db

STATES = ["draft", "in_review", "verified", "retracted", "pending"]
RECORDS = ["relation", "translation", "attribution", "name", "withdrawal", "merge"]
RELATION_KINDS = ["contradicts", "repeats", "responds_to", "corrects", "supersedes"]
HIDDEN = "SECRET"


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings):  # type: ignore[no-untyped-def]
    settings.FACTFILE_API_ANONYMOUS_RATE = "100000/min"
    cache.clear()
    yield
    cache.clear()


def bring_to(record, state, *, author, checker, chief):  # type: ignore[no-untyped-def]
    if state == "draft":
        return
    workflow.submit(record, by=author)
    if state == "in_review":
        return
    workflow.verify(record, by=checker)
    if state == "retracted":
        workflow.retract(record, by=chief, reason="Withdrawn for the test.")


def build(plan, reporter, checker, chief):  # type: ignore[no-untyped-def]
    """Records of each kind in the given states.

    Returns the words that must be public, and the ids of the relations that
    must be listed with the statements they join.
    """
    speaker = v.actor(reporter, checker, name="Public Speaker")
    source = v.source(reporter, checker, title="Public Source")
    first = v.statement(reporter, checker, speaker=speaker, cited=source, text="One.")
    second = v.statement(reporter, checker, speaker=speaker, cited=source, text="Two.")
    public: list[str] = []
    relations: set[int] = set()
    for number, (kind, state) in enumerate(plan):
        secret = f"{HIDDEN} {kind} {number}"
        if kind == "relation":
            record = Relation.objects.create(
                created_by=reporter,
                updated_by=reporter,
                statement=second,
                kind=RELATION_KINDS[number],
                to_statement=first,
            )
            bring_to(record, state, author=reporter, checker=checker, chief=chief)
            if state in ("verified", "pending"):
                relations.add(record.pk)
        elif kind == "translation":
            words = f"Public words {number}"
            record = Translation.objects.create(
                created_by=reporter,
                updated_by=reporter,
                statement=first,
                language=f"x{number}",
                # A retracted translation was public until retracted; only
                # words never verified must never show.
                text=secret if state in ("draft", "in_review") else words,
            )
            bring_to(record, state, author=reporter, checker=checker, chief=chief)
            if state == "pending":
                v.edit(record, by=reporter, text=secret)
            if state in ("verified", "pending"):
                public.append(words)
        elif kind == "attribution":
            # A part added to a verified statement waits for its correction.
            hand = v.actor(reporter, checker, name=f"Hand {number}")
            AttributionStep.objects.create(
                statement=first, position=number + 10, via="outlet", actor=hand
            )
            v.edit(first, by=reporter, speaker_title=secret)
            if state != "draft" and first.status == "draft":
                workflow.submit(first, by=reporter)
        elif kind == "name":
            ActorName.objects.create(actor=speaker, name=secret)
            v.edit(speaker, by=reporter, description=secret)
        elif kind == "withdrawal":
            withdrawn = v.source(reporter, checker, title=f"Story {number}")
            v.statement(reporter, checker, cited=withdrawn, text=f"Said {number}.")
            v.edit(withdrawn, by=reporter, standing="withdrawn", standing_note=secret)
            if state != "draft":
                workflow.submit(withdrawn, by=reporter)
        elif kind == "merge":
            duplicate = v.actor(reporter, checker, name=f"Twin {number}")
            merge = ActorMerge.objects.create(
                created_by=reporter,
                updated_by=reporter,
                duplicate=duplicate,
                survivor=speaker,
                reason=secret,
            )
            if state != "draft":
                workflow.submit(merge, by=reporter)
    return public, relations, first.pk


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    plan=st.lists(
        st.tuples(st.sampled_from(RECORDS), st.sampled_from(STATES)),
        min_size=1,
        max_size=5,
    )
)
def test_unverified_provenance_never_reaches_the_public(
    reporter, fact_checker, editor_in_chief, plan
):
    with transaction.atomic():
        public, relations, first = build(plan, reporter, fact_checker, editor_in_chief)
        bodies = every_public_response(
            APIClient(), queries=["secret", "public"], page_size=50
        )
        listed = PublishedRecord.objects.get(resource="statement", record_id=first)
        transaction.set_rollback(True)

    for url, body in bodies.items():
        assert HIDDEN not in body, url
    everything = bodies["/api/v1/export/?format=jsonl"]
    for words in public:
        assert words in everything
    assert {r["id"] for r in listed.data["relations"]} == relations


# Retractions, corrections and re-verification -------------------------------

KINDS = ["statement", "event", "source", "actor"]
STEPS = ["retract", "retract", "correct", "reverify"]
# Each word is a record's own, so that finding it anywhere is a leak.
PASSAGES = ["Quartz", "Basalt", "Granite", "Marble", "Obsidian", "Slate"]
FRESH = [f"Fresh{n}x" for n in range(8)]
# Longer than the context a citation keeps around its passage, so that no
# citation quotes another's words.
APART = " ".join(["and then the minister spoke at length about other matters"] * 2)


class FactFile:
    """A small fact file, the words of each record, and the steps taken on it."""

    def __init__(self, reporter, checker, other_checker, chief):  # type: ignore[no-untyped-def]
        self.reporter, self.checker = reporter, checker
        self.other_checker, self.chief = other_checker, chief
        self.words: dict[tuple[str, int], set[str]] = {}
        self.records: dict[str, list] = {kind: [] for kind in KINDS}
        self.revisions = 0

    def keep(self, record, kind: str | None, *words: str):  # type: ignore[no-untyped-def]
        self.words.setdefault((record._meta.label, record.pk), set()).update(words)
        if kind:
            self.records[kind].append(record)
        return record

    def build(self) -> None:
        author, checker = self.reporter, self.checker
        speakers = [
            self.keep(v.actor(author, checker, name=name), "actor", name)
            for name in ("Ayla Quintero", "Bram Okonkwo")
        ]
        self.keep(v.actor(author, checker, name="Spare Ministry"), "actor", "Spare")
        coalition = self.keep(
            v.actor(author, checker, name="Delta Coalition"), "actor", "Delta"
        )
        sources = [
            self.keep(
                v.source(
                    author,
                    checker,
                    title=f"{title} Gazette",
                    full_text=f"Said: {first}. {APART}. {second}. Nothing more.",
                ),
                "source",
                title,
            )
            for title, first, second in (
                ("Sierra", "Quartz", "Basalt"),
                ("Tango", "Granite", "Marble"),
                ("Umbra", "Obsidian", "Slate"),
            )
        ]
        # Never retracted: what a statement is verified again with.
        self.reserve = v.source(
            author, checker, title="Reserve Wire", full_text=f" {APART} ".join(FRESH)
        )
        first = self.event(
            "Kestrel talks", sources[1], "Marble", participants=[(coalition, "target")]
        )
        second = self.event("Falcon summit", sources[2], "Slate")
        EventRelation.objects.create(from_event=second, kind="follows", to_event=first)
        v.edit(second, by=author, description="It followed the talks.")
        workflow.submit(second, by=author)
        workflow.correct(second, by=checker, note="Related to the talks.")
        romeo = self.statement("Romeo", speakers[0], sources[0], "Quartz")
        juliet = self.statement(
            "Juliet", speakers[1], sources[1], "Granite", event=first
        )
        oscar = self.statement("Oscar", speakers[0], sources[2], "Obsidian")
        self.cite(oscar, sources[0], "Basalt")
        for statement, words in ((romeo, "Mango"), (juliet, "Kiwi")):
            self.keep(
                v.verified(
                    Translation.objects.create(
                        created_by=author,
                        updated_by=author,
                        statement=statement,
                        language="fr",
                        text=f"{words} traduit",
                    ),
                    author=author,
                    checker=checker,
                ),
                None,
                words,
            )
        for fields in (
            {"statement": juliet, "kind": "contradicts", "to_statement": romeo},
            {"statement": oscar, "kind": "announces", "to_event": second},
        ):
            v.verified(
                Relation.objects.create(created_by=author, updated_by=author, **fields),
                author=author,
                checker=checker,
            )

    def statement(self, text, speaker, source, passage, **fields):  # type: ignore[no-untyped-def]
        item = v.statement(
            self.reporter,
            self.checker,
            speaker=speaker,
            cited=source,
            passage=passage,
            text=f"{text} said it",
            **fields,
        )
        self.keep(item.citations.get(), None, passage)
        return self.keep(item, "statement", text)

    def event(self, title, source, passage, **fields):  # type: ignore[no-untyped-def]
        item = factories.EventFactory(created_by=self.reporter, title=title)
        for actor, role in fields.get("participants", []):
            Participant.objects.create(event=item, actor=actor, role=role)
        self.keep(
            Citation.objects.create(
                created_by=self.reporter,
                updated_by=self.reporter,
                source=source,
                event=item,
                passage=passage,
            ),
            None,
            passage,
        )
        item = v.verified(item, author=self.reporter, checker=self.checker)
        return self.keep(item, "event", title.split()[0])

    def cite(self, item, source, passage):  # type: ignore[no-untyped-def]
        citation = Citation.objects.create(
            created_by=self.reporter,
            updated_by=self.reporter,
            source=source,
            statement=item,
            passage=passage,
        )
        workflow.submit(citation, by=self.reporter)
        if item.is_public:
            workflow.verify(citation, by=self.other_checker)
        return self.keep(citation, None, passage)

    def fresh(self, kind: str, index: int):  # type: ignore[no-untyped-def]
        records = self.records[kind]
        record = records[index % len(records)]
        return type(record)._base_manager.get(pk=record.pk)

    def take(self, step: str, kind: str, index: int, number: int) -> None:
        if step == "retract":
            self.retract(self.fresh(kind, index), number)
        elif step == "correct":
            self.correct(self.fresh("statement", index))
        else:
            self.reverify(self.fresh("statement", index))

    def retract(self, record, number: int) -> None:  # type: ignore[no-untyped-def]
        if not record.is_public:
            return
        entries = ChangeEntry.objects.count()
        try:
            reason = f"Retracted at step {number}."
            workflow.retract(record, by=self.chief, reason=reason)
        except WorkflowError:
            # Only an actor still named in public records is refused, and
            # the refusal changes nothing.
            assert isinstance(record, Actor)
            assert ChangeEntry.objects.count() == entries
            assert type(record).objects.get(pk=record.pk).status == record.status

    def without_retracted_event(self, item):  # type: ignore[no-untyped-def]
        # A correction is verified only with what the record names public.
        if item.event_id and not item.event.is_public:
            v.edit(item, by=self.reporter, event=None)
            item.refresh_from_db()

    def correct(self, item) -> None:  # type: ignore[no-untyped-def]
        if item.status != editorial.Status.VERIFIED:
            return
        self.revisions += 1
        revision = f"Revision{self.revisions}x"
        self.without_retracted_event(item)
        v.edit(item, by=self.reporter, text=f"{item.text} {revision}")
        workflow.submit(item, by=self.reporter)
        workflow.correct(item, by=self.checker, note="Words corrected.")
        self.keep(item, None, revision)

    def reverify(self, item) -> None:  # type: ignore[no-untyped-def]
        # A statement sent back to review when its support was retracted is
        # verified again with a new citation.
        if item.status != editorial.Status.IN_REVIEW or not FRESH:
            return
        self.without_retracted_event(item)
        self.cite(item, self.reserve, FRESH.pop(0))
        workflow.correct(item, by=self.other_checker, note="Cited again.")

    def retracted_words(self) -> set[str]:
        words: set[str] = set()
        for (label, pk), own in self.words.items():
            model = apps.get_model(label)
            if model._base_manager.get(pk=pk).status == editorial.Status.RETRACTED:
                words |= own
        return words

    def public_statement_words(self) -> set[str]:
        return {
            item.text.split()[0]
            for item in Statement.objects.filter(verified_version__isnull=False)
            .exclude(status=editorial.Status.RETRACTED)
            .filter(pk__in=[record.pk for record in self.records["statement"]])
        }


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(STEPS), st.sampled_from(KINDS), st.integers(0, 3)),
        min_size=1,
        max_size=4,
    )
)
def test_no_word_of_a_retracted_record_reaches_the_public(
    reporter, fact_checker, other_fact_checker, editor_in_chief, steps
):
    api = APIClient()
    with transaction.atomic():
        fact_file = FactFile(
            reporter, fact_checker, other_fact_checker, editor_in_chief
        )
        fact_file.build()
        for number, (step, kind, index) in enumerate(steps):
            fact_file.take(step, kind, index, number)
            forbidden = fact_file.retracted_words()
            bodies = every_public_response(
                api, queries=[word.lower() for word in forbidden], page_size=10
            )
            leaks = where_found(bodies, forbidden)
            # What is still public is still there: the test is not vacuous.
            export = bodies["/api/v1/export/?format=jsonl"]
            missing = [w for w in fact_file.public_statement_words() if w not in export]
            if leaks or missing:
                break
        transaction.set_rollback(True)

    assert leaks == [], (steps[: number + 1], leaks[:5])
    assert missing == [], (steps[: number + 1], missing)
