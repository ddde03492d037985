"""The seed fact file: five articles and the records drawn from them."""

from __future__ import annotations

import copy
import datetime
import hashlib
from collections.abc import Iterator
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from events.models import Actor, Citation, Event, Statement
from events.seeding import (
    DEMO_ACCOUNTS,
    SeedError,
    SeedReport,
    read_seed_file,
    seed_articles_dir,
    seed_factfile,
)
from factfile.dates import Precision
from factfile.editorial import EditorialRecord, Status
from factfile.roles import FACT_CHECKER
from sources.models import Source

# Where the collected articles live beside the project, when they are there.
DATA = read_seed_file()
EDITORIAL_MODELS = [Source, Actor, Event, Statement, Citation]


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker) -> Iterator[SeedReport]:  # type: ignore[no-untyped-def]
    """Load the seed once for the module, without demo logins; roll it back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield seed_factfile()
        transaction.set_rollback(True)


def snapshot() -> dict[str, object]:
    """Row counts of every table, history included, and every record's version."""
    state: dict[str, object] = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            state[table] = cursor.fetchone()[0]
    for model in EDITORIAL_MODELS:
        state[f"{model._meta.label} versions"] = sorted(
            model.objects.values_list("pk", "version")
        )
    state["users"] = sorted(
        get_user_model().objects.values_list("username", "password", "is_active")
    )
    return state


def record_for(kind: str, item: dict) -> EditorialRecord:  # type: ignore[type-arg]
    if kind == "sources":
        text = (seed_articles_dir() / item["file"]).read_bytes().decode("utf-8")
        return Source.objects.with_text_hash(text).get()
    if kind == "actors":
        return Actor.objects.get(name=item["name"])
    if kind == "events":
        return Event.objects.get(title=item["title"])
    return Statement.objects.get(speaker__name=item["speaker"], text=item["text"])


def test_seed_creates_at_least_the_required_records(db, seeded):
    assert seeded.created["sources"] == Source.objects.count() == 5
    assert Actor.objects.count() >= 25
    assert Statement.objects.count() >= 20
    assert Event.objects.count() >= 15
    assert seeded.created["citations"] == Citation.objects.count()


def test_every_seed_citation_resolves_to_its_passage(db, seeded):
    citations = Citation.objects.select_related("source")
    assert citations
    for citation in citations:
        assert not citation.is_broken, citation.broken_reason
        text = citation.source.full_text
        assert citation.quoted_text == text[citation.start : citation.end]
        # Passages are copied from the articles character for character.
        assert citation.quoted_text == citation.passage


def test_every_statement_and_event_has_a_citation(db, seeded):
    assert not Statement.objects.filter(citations__isnull=True).exists()
    assert not Event.objects.filter(citations__isnull=True).exists()


@pytest.mark.parametrize("kind", ["sources", "actors", "events", "statements"])
def test_statuses_match_the_seed_data(db, seeded, kind):
    for item in DATA[kind]:
        assert record_for(kind, item).status == item["status"], item


def test_most_records_are_verified_and_some_wait_in_draft_or_review(db, seeded):
    statements = Statement.objects
    assert statements.verified().count() > statements.count() / 2
    assert 2 <= statements.in_review().count() <= 3
    assert statements.drafts().exists()
    assert 1 <= Event.objects.drafts().count() <= 2
    assert Source.objects.verified().count() == 5


def test_verified_records_were_verified_by_a_fact_checker_other_than_their_author(
    db, seeded
):
    for model in EDITORIAL_MODELS:
        verified = model.objects.verified().select_related("created_by", "verified_by")
        assert verified, model
        for record in verified:
            assert record.verified_by_id != record.created_by_id
            assert record.verified_by.groups.filter(name=FACT_CHECKER).exists()
            assert record.verified_version == record.version


def test_citations_of_unverified_items_are_not_verified(db, seeded):
    for item in [*Statement.objects.drafts(), *Event.objects.in_review()]:
        assert not item.citations.verified().exists()


@pytest.mark.parametrize("demo_users", [False, True])
def test_loading_again_changes_nothing(db, seeded, demo_users):
    seed_factfile(demo_users=demo_users)
    before = snapshot()
    assert before["events_historicalstatement"] > len(DATA["statements"])

    report = seed_factfile(demo_users=demo_users)

    assert snapshot() == before
    assert sum(report.created.values()) == 0
    assert report.present["statements"] == len(DATA["statements"])
    assert report.present["citations"] == Citation.objects.count()


def test_command_prints_what_it_found_and_the_demo_logins(db, seeded, settings):
    settings.DEBUG = True
    out = StringIO()

    call_command("seed_factfile", "--demo-users", stdout=out)

    printed = out.getvalue()
    assert "statements  created   0, already present" in printed
    assert "demo logins" in printed
    for account in DEMO_ACCOUNTS:
        assert f"{account.username} / {account.password}" in printed


def test_command_refuses_demo_logins_when_debug_is_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_factfile", "--demo-users", stdout=StringIO())


def test_demo_users_get_their_roles_and_can_log_in(db, seeded, client):
    seed_factfile(demo_users=True)

    for account in DEMO_ACCOUNTS:
        user = get_user_model().objects.get(username=account.username)
        assert list(user.groups.values_list("name", flat=True)) == [account.role]
        assert user.is_staff
        assert client.login(username=account.username, password=account.password)
        client.logout()


def test_seed_authors_cannot_log_in_without_demo_users(db, seeded, client):
    users = get_user_model().objects.filter(username__startswith="demo.")
    assert sorted(users.values_list("username", flat=True)) == [
        "demo.checker",
        "demo.reporter",
    ]
    for user in users:
        assert not user.has_usable_password()
        assert not client.login(username=user.username, password="")


def test_seed_sources_keep_the_articles_exactly(db, seeded):
    for item in DATA["sources"]:
        raw = (seed_articles_dir() / item["file"]).read_bytes()
        source = record_for("sources", item)
        assert source.full_text.encode("utf-8") == raw


def test_seed_articles_are_byte_identical_to_the_collected_ones():
    """The project's copy matches the checksums taken of the articles as collected.

    ``SHA256SUMS`` beside the articles was written from the collected files;
    ``sha256sum -c SHA256SUMS`` in that folder checks the same thing by hand.
    """
    folder = seed_articles_dir()
    expected = {}
    for line in (folder / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split(maxsplit=1)
        expected[name] = digest
    kept = {path.name for path in folder.glob("*.txt")}
    assert kept == set(expected)
    for name, digest in expected.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest


def test_sources_say_only_what_their_text_establishes(db, seeded):
    sources = {item["key"]: record_for("sources", item) for item in DATA["sources"]}
    # A REUTERS photo credit does not make Reuters the article's publisher.
    assert sources["000"].publisher == ""
    assert sources["001"].author_names == ["Soukaina Sghir"]
    assert sources["002"].kind == Source.Kind.ENCYCLOPEDIA
    for source in sources.values():
        assert source.published_on is None
        assert source.published_on_precision == Precision.UNKNOWN


def test_dates_are_only_what_the_text_establishes(db, seeded):
    def dated(title: str) -> tuple[datetime.date | None, str]:
        event = Event.objects.get(title=title)
        return event.starts_on, event.starts_on_precision

    # "On Monday", in an article that never says which Monday.
    assert dated("Rwanda severs diplomatic relations with Belgium") == (
        None,
        Precision.UNKNOWN,
    )
    assert dated("UN Security Council calls on Rwanda to withdraw from the DRC") == (
        datetime.date(2025, 2, 21),
        Precision.DAY,
    )
    assert dated("Rwanda suspends development cooperation with Belgium") == (
        datetime.date(2025, 2, 1),
        Precision.MONTH,
    )
    assert dated("Paul Kagame and Joseph Kabila meet in Goma") == (
        datetime.date(2009, 8, 6),
        Precision.DAY,
    )


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("Prevot", "Maxime Prévot"),
        ("prévot", "Maxime Prévot"),
        ("Nicolas de Riviere", "Nicolas de Rivière"),
        ("Joao Lourenco", "João Lourenço"),
        ("RDC", "Democratic Republic of the Congo"),
        ("DR Congo", "Democratic Republic of the Congo"),
        ("RDF", "Rwanda Defence Force"),
        ("@SecRubio", "Marco Rubio"),
        ("Felix Tshisekedi", "Félix Tshisekedi"),
    ],
)
def test_aliases_resolve_ignoring_accents(db, seeded, name, canonical):
    assert [actor.name for actor in Actor.objects.named(name)] == [canonical]


def test_a_capital_is_not_an_alias_of_its_state(db, seeded):
    assert not Actor.objects.named("Kigali").exists()
    assert not Actor.objects.named("Kinshasa").exists()


def test_a_failing_load_leaves_nothing_half_written(db, seeded):
    data = copy.deepcopy(DATA)
    data["actors"].append(
        {
            "name": "Nobody In Particular",
            "kind": "person",
            "aliases": ["Nobody"],
            "description": "",
            "status": "verified",
        }
    )
    data["events"].append(
        {
            "title": "Something the articles never say",
            "kind": "other",
            "description": "",
            "starts_on": "",
            "participants": [{"actor": "Nobody In Particular", "role": "initiator"}],
            "citations": [{"source": "000", "passage": "words that are not there"}],
            "status": "verified",
        }
    )
    before = snapshot()

    with pytest.raises(SeedError, match="does not resolve"):
        seed_factfile(data=data)

    assert snapshot() == before
    assert not Actor.objects.named("Nobody").exists()


def test_seed_data_uses_only_known_choices():
    """A typo in the data file fails here, before anyone runs the loader."""
    choices = {
        "actors": {item.value for item in Actor.Kind},
        "events": {item.value for item in Event.Kind},
        "channels": {item.value for item in Statement.Channel},
        "statuses": {Status.DRAFT, Status.IN_REVIEW, Status.VERIFIED},
    }
    assert {item["kind"] for item in DATA["actors"]} <= choices["actors"]
    assert {item["kind"] for item in DATA["events"]} <= choices["events"]
    assert {item["channel"] for item in DATA["statements"]} <= choices["channels"]
    for kind in ("sources", "actors", "events", "statements"):
        assert {item["status"] for item in DATA[kind]} <= choices["statuses"]
