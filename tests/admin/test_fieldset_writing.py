"""Fieldsets written in Python are Django's fieldset template, as a browser reads it.

``factfile.admin_fieldsets`` writes ``admin/includes/fieldset.html``: the
same elements, attributes and text, with one line break wherever the
template leaves a run of spaces. Whole admin pages, for every role, with
errors, read-only fields, inlines and hostile text, must be the same either
way once each run of white space is one space (which is all a browser sees).
"""

from __future__ import annotations

import re

import pytest
from django.test import Client

from factfile import admin_fieldsets
from factfile.admin_rendering import Unwritten
from tests import factories
from tests import verified as v

pytestmark = pytest.mark.django_db

HOSTILE = "<b>\"Kagame\" & 'Tshisekedi'</b>"


def seen(body: str) -> str:
    """The page as a browser lays it out: each run of white space one space."""
    body = re.sub(r'value="[^"]{64}"', "", body)
    return re.sub(r"\s+", " ", body)


@pytest.fixture
def records(reporter, fact_checker):
    speaker = v.actor(reporter, fact_checker, name=HOSTILE)
    statement = factories.StatementFactory(
        created_by=reporter, speaker=speaker, text=HOSTILE
    )
    factories.CitationFactory(
        created_by=reporter,
        statement=statement,
        source=v.source(reporter, fact_checker, title=HOSTILE),
        passage=HOSTILE,
    )
    verified = v.statement(reporter, fact_checker, speaker=speaker, text=HOSTILE)
    return {"speaker": speaker, "statement": statement, "verified": verified}


def both_ways(monkeypatch, fetch) -> tuple[str, str, int]:
    """(the page written here, the page from Django's template, fieldsets written)."""
    written = 0
    write = admin_fieldsets.write

    def counting(context):
        nonlocal written
        result = write(context)
        written += 1
        return result

    monkeypatch.setattr(admin_fieldsets, "write", counting)
    fast = fetch()
    count = written

    def refuse(context):
        raise Unwritten

    monkeypatch.setattr(admin_fieldsets, "write", refuse)
    stock = fetch()
    monkeypatch.setattr(admin_fieldsets, "write", write)
    return fast, stock, count


@pytest.mark.parametrize("viewer", ["reporter", "fact_checker", "editor_in_chief"])
def test_change_and_add_pages_are_the_same_either_way(
    monkeypatch, request, viewer, records
):
    client = Client()
    client.force_login(request.getfixturevalue(viewer))
    paths = [
        f"/admin/events/statement/{records['statement'].pk}/change/",
        f"/admin/events/statement/{records['verified'].pk}/change/",
        "/admin/events/statement/add/",
        f"/admin/events/actor/{records['speaker'].pk}/change/",
        "/admin/events/event/add/",
        "/admin/events/citation/add/",
        "/admin/sources/source/add/",
    ]
    shown = ""
    for path in paths:

        def fetch(path=path):
            response = client.get(path)
            assert response.status_code in (200, 302, 403), path
            return response.content.decode()

        fast, stock, written = both_ways(monkeypatch, fetch)
        assert seen(fast) == seen(stock), path
        if "<fieldset" in stock and "module aligned" in stock:
            assert written, f"{path}: no fieldset was written in Python"
        shown += fast
    # The pages hold what the template's branches write.
    for part in ('class="help', "fieldset-heading", "inline-related"):
        assert part in shown, part
    if viewer == "reporter":
        assert 'class="readonly"' in shown


def test_a_form_with_errors_is_the_same_either_way(monkeypatch, reporter):
    client = Client()
    client.force_login(reporter)

    def fetch():
        response = client.post(
            "/admin/events/statement/add/", {"text": HOSTILE, "said_on": "not a day"}
        )
        assert response.status_code == 200
        return response.content.decode()

    fast, stock, written = both_ways(monkeypatch, fetch)
    assert "errorlist" in fast
    assert written
    assert seen(fast) == seen(stock)


def test_hostile_text_is_escaped(monkeypatch, reporter, records):
    client = Client()
    client.force_login(reporter)
    body = client.get(
        f"/admin/events/statement/{records['statement'].pk}/change/"
    ).content.decode()
    assert '<b>"Kagame"' not in body


def test_user_pages_with_checkboxes_are_the_same_either_way(
    monkeypatch, django_user_model, reporter
):
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    client = Client()
    client.force_login(admin)
    for path in (f"/admin/auth/user/{reporter.pk}/change/", "/admin/auth/group/add/"):

        def fetch(path=path):
            response = client.get(path)
            assert response.status_code == 200, path
            return response.content.decode()

        fast, stock, written = both_ways(monkeypatch, fetch)
        assert written
        assert seen(fast) == seen(stock), path
        if "user" in path:
            assert "checkbox-row" in fast
