"""Stacked inlines written in Python are Django's template, as a browser reads it.

``factfile.admin_inlines`` writes ``admin/edit_inline/stacked.html``: the
same elements, attributes and text, with one line break wherever the
template leaves a run of spaces. Whole admin pages, for every role, with
errors, read-only rows and hostile text, must be the same either way once
each run of white space is one space (which is all a browser sees).
"""

from __future__ import annotations

import pytest
from django.test import Client

from factfile import admin_inlines
from factfile.admin_rendering import Unwritten
from tests.admin.test_fieldset_writing import HOSTILE, records, seen

pytestmark = pytest.mark.django_db

__all__ = ["records"]


def both_ways(monkeypatch, fetch) -> tuple[str, str, int]:
    """(the page written here, the page from Django's template, inlines written)."""
    written = 0
    write = admin_inlines.write

    def counting(context):
        nonlocal written
        result = write(context)
        written += 1
        return result

    monkeypatch.setattr(admin_inlines, "write", counting)
    fast = fetch()
    count = written

    def refuse(context):
        raise Unwritten

    monkeypatch.setattr(admin_inlines, "write", refuse)
    stock = fetch()
    monkeypatch.setattr(admin_inlines, "write", write)
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
        if 'data-inline-type="stacked"' in stock:
            assert written, f"{path}: no inline was written in Python"
        shown += fast
    # The pages hold what the template's branches write.
    for part in ("has_original", "empty-form last-related", "inline_label", "#1"):
        assert part in shown, part
    assert HOSTILE not in shown


def test_a_form_with_errors_is_the_same_either_way(monkeypatch, reporter, records):
    client = Client()
    client.force_login(reporter)
    statement = records["statement"]
    page = client.get(f"/admin/events/statement/{statement.pk}/change/")
    form = page.context["adminform"].form
    data = {
        name: "" if value is None else value
        for name, value in form.initial.items()
        if not isinstance(value, list | tuple)
    }

    def fetch():
        response = client.post(
            f"/admin/events/statement/{statement.pk}/change/",
            {**data, "text": HOSTILE, "said_on": "not a day"},
        )
        assert response.status_code == 200
        return response.content.decode()

    fast, stock, written = both_ways(monkeypatch, fetch)
    assert "errorlist" in fast
    assert written
    assert seen(fast) == seen(stock)
