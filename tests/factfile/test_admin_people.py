"""The admin names people: a greeting with the role, names that link only if they may.

A link to an account answers 403 to reporters and fact-checkers; they read
the name as text. Superusers and the editor-in-chief, who may open
accounts, get the link.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from events.models import Citation, Event, Relation, Statement, Translation
from sources.importing.importer import import_file
from sources.importing.records import ImportRecord
from tests import factories
from tests import verified as v
from tests.factfile.test_admin_workflow import change_url, client_for

pytestmark = pytest.mark.django_db

ACCOUNT_LINK = re.compile(r'href="/admin/auth/user/\d+/change/"')


@pytest.fixture
def superuser(db):  # type: ignore[no-untyped-def]
    return factories.UserFactory(
        username="sam.admin", is_superuser=True, first_name="Sam", last_name="Okafor"
    )


def greeting_of(client) -> str:  # type: ignore[no-untyped-def]
    page = client.get(reverse("admin:index")).content.decode()
    return re.search(r'<span id="greeting">(.*?)</span>', page, re.S)[1].strip()


def test_the_greeting_names_the_person_and_their_role(
    reporter, fact_checker, editor_in_chief, superuser
):
    fact_checker.first_name, fact_checker.last_name = "Fatima", "Diallo"
    fact_checker.save()

    assert greeting_of(client_for(reporter)) == (
        "Welcome, <strong>rita.reporter</strong> (Reporter)."
    )
    assert greeting_of(client_for(fact_checker)) == (
        "Welcome, <strong>Fatima Diallo</strong> (Fact-checker)."
    )
    assert greeting_of(client_for(editor_in_chief)) == (
        "Welcome, <strong>esther.editor</strong> (Editor-in-chief)."
    )
    assert greeting_of(client_for(superuser)) == (
        "Welcome, <strong>Sam Okafor</strong> (superuser)."
    )


def test_a_name_with_markup_is_greeted_as_text(reporter):
    reporter.first_name = "<b>Rita</b>"
    reporter.save()

    assert "&lt;b&gt;Rita&lt;/b&gt;" in greeting_of(client_for(reporter))


def test_the_header_names_the_product(reporter):
    page = client_for(reporter).get(reverse("admin:index")).content.decode()

    assert "factfile — the newsroom&#x27;s fact file" in page
    assert "Django administration" not in page
    assert "<title>Site administration | factfile</title>" in page


def test_the_login_page_names_the_product(client):
    page = client.get(reverse("admin:login")).content.decode()

    assert "factfile — the newsroom&#x27;s fact file" in page


def editorial_records(author, checker):  # type: ignore[no-untyped-def]
    """A record of each editorial admin; the verified ones name their verifier."""
    statement = v.statement(author, checker)
    event = v.event(author, checker)
    citation = statement.citations.get()
    relation = Relation.objects.create(
        created_by=author,
        updated_by=author,
        statement=statement,
        kind="announces",
        to_event=event,
    )
    translation = Translation.objects.create(
        created_by=author,
        updated_by=author,
        statement=statement,
        language="fr",
        text="Nous restons attachés au dialogue.",
    )
    return [
        statement.speaker,
        citation.source,
        statement,
        event,
        citation,
        relation,
        translation,
    ]


@pytest.mark.parametrize(
    ("role", "linked"),
    [
        ("reporter", False),
        ("fact_checker", False),
        ("editor_in_chief", True),
        ("superuser", True),
    ],
)
def test_people_on_change_pages_link_only_for_who_may_open_accounts(
    request, role, linked, other_reporter, other_fact_checker
):
    viewer = request.getfixturevalue(role)
    records = editorial_records(other_reporter, other_fact_checker)
    assert {type(r) for r in records} >= {Statement, Event, Citation}
    client = client_for(viewer)

    for record in records:
        page = client.get(change_url(record)).content.decode()
        assert "omar.reporter" in page, record
        if record.verified_by_id:
            assert "felix.checker" in page, record
        assert bool(ACCOUNT_LINK.search(page)) is linked, record


def test_the_link_opens_the_account_for_who_gets_it(
    editor_in_chief, reporter, other_reporter, other_fact_checker
):
    statement = editorial_records(other_reporter, other_fact_checker)[2]
    account = reverse("admin:auth_user_change", args=[other_reporter.pk])

    page = client_for(editor_in_chief).get(change_url(statement)).content.decode()

    assert f'href="{account}">omar.reporter</a>' in page
    assert client_for(editor_in_chief).get(account).status_code == 200
    # What the plain name spares the others.
    assert client_for(reporter).get(account).status_code == 403


@pytest.mark.parametrize(
    ("role", "linked"), [("reporter", False), ("editor_in_chief", True)]
)
def test_the_importer_is_named_on_the_import_record(request, role, linked, reporter):
    viewer = request.getfixturevalue(role)
    reporter.first_name, reporter.last_name = "Rita", "Mugisha"
    reporter.save()
    import_file("wire.txt", b"KIGALI -- Talks resumed on Monday.\n", by=reporter)
    record = ImportRecord.objects.get()

    page = (
        client_for(viewer)
        .get(reverse("admin:sources_importrecord_change", args=[record.pk]))
        .content.decode()
    )

    assert "Rita Mugisha" in page
    assert bool(ACCOUNT_LINK.search(page)) is linked
