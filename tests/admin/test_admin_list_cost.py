"""Admin change lists put their rows together in Python, as Django would render them.

The rows of an editorial list are built once per column instead of once per
cell (``factfile.templatetags.factfile_admin``), and the navigation sidebar is
rendered once for each set of links it shows. Neither may change a byte of
what an editor sees.
"""

from __future__ import annotations

import django
import pytest
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.templatetags.admin_list import result_list
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from benchmarks.synthetic.loading import load
from events.models import ActorMerge, Relation, Statement, Translation
from factfile.templatetags import factfile_admin
from factfile.templatetags.factfile_admin import (
    FAST_ROWS,
    _columns,
    fast_result_list,
)
from factfile.templatetags.factfile_layout import labelled_cells
from tests import factories
from tests import verified as v

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert('x')</script> & \"quoted\""

LISTS = [
    "events/statement/",
    "events/statement/?status__exact=verified&o=3.-1",
    "events/statement/?q=quoted&broken=no",
    "events/statement/?_popup=1",
    "events/event/",
    "events/actor/",
    "events/citation/",
    "events/relation/",
    "events/translation/",
    "events/actormerge/",
    "sources/source/",
]


@pytest.fixture
def fact_file(editor_in_chief, fact_checker, reporter):  # type: ignore[no-untyped-def]
    load(statements=60, seed=2)
    # Markup in every kind of column, a blank text and a pending edit.
    speaker = factories.ActorFactory(created_by=reporter, name=HOSTILE)
    hostile = factories.StatementFactory(
        created_by=reporter, speaker=speaker, text=HOSTILE
    )
    factories.StatementFactory(created_by=reporter, text="   ")
    public = v.statement(reporter, fact_checker)
    v.edit(public, by=reporter, text="Edited after publication.")
    by = {"created_by": reporter, "updated_by": reporter}
    Relation.objects.create(
        **by, statement=hostile, kind="contradicts", to_statement=public
    )
    Translation.objects.create(**by, statement=hostile, language="fr", text=HOSTILE)
    ActorMerge.objects.create(
        **by,
        duplicate=factories.ActorFactory(created_by=reporter),
        survivor=speaker,
        reason=HOSTILE,
    )
    return editor_in_chief


def rows(context: dict) -> list[str]:  # type: ignore[type-arg]
    """The rows as the page shows them, each cell labelled with its column."""
    headers = context["result_headers"]
    return [labelled_cells(row, headers) for row in context["results"]]


def test_the_fast_rows_run_on_the_installed_django():
    assert FAST_ROWS, (
        f"Django {django.get_version()} no longer has one of the private helpers "
        "factfile/templatetags/factfile_admin.py uses (_boolean_icon, "
        "_coerce_field_name, _get_non_gfk_field). The admin lists fall back to "
        "Django's own rows meanwhile. Compare _Column with this Django's "
        "items_for_result, update it, and let test_rows_are_the_markup_django_"
        "renders prove the rows identical again."
    )


@pytest.mark.parametrize("path", LISTS)
def test_rows_are_the_markup_django_renders(fact_file, path):
    client = Client()
    client.force_login(fact_file)

    response = client.get(f"/admin/{path}")

    assert response.status_code == 200
    cl = response.context["cl"]
    assert len(cl.result_list) > 0
    ours = rows(fast_result_list(cl))
    # If this fails after a Django upgrade, Django changed how it renders a
    # cell: make _Column in factfile_admin.py render as items_for_result now
    # does (or drop the fast rows), then this passes again.
    assert ours == rows(result_list(cl))
    assert ours[0] in response.content.decode()
    if "_popup" not in path:
        # The fast rows were used, not Django's as a fallback.
        assert _columns(cl) is not None


def test_stored_markup_stays_text_in_the_rows(fact_file):
    client = Client()
    client.force_login(fact_file)

    page = client.get(reverse("admin:events_statement_changelist")).content.decode()

    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;" in page


def test_the_sidebar_is_django_s_for_each_user_and_page(fact_file, reporter):
    factfile_admin._SIDEBARS.clear()
    editor, writer = Client(), Client()
    editor.force_login(fact_file)
    writer.force_login(reporter)
    statements = reverse("admin:events_statement_changelist")
    events = reverse("admin:events_event_changelist")

    pages = {
        ("editor", statements): editor.get(statements),
        ("editor", events): editor.get(events),
        ("writer", statements): writer.get(statements),
        ("editor", f"{statements}?status__exact=draft"): editor.get(
            f"{statements}?status__exact=draft"
        ),
    }

    for response in pages.values():
        expected = render_to_string(
            "admin/nav_sidebar.html",
            {"available_apps": response.context["available_apps"]},
            request=response.wsgi_request,
        )
        assert expected in response.content.decode()
    users = reverse("admin:auth_user_changelist")
    assert users in pages["editor", statements].content.decode()
    assert users not in pages["writer", statements].content.decode()
    current = 'class="model-event current-model"'
    assert current in pages["editor", events].content.decode()
    assert current not in pages["editor", statements].content.decode()
    # The same links on the same page are rendered once.
    assert len(factfile_admin._SIDEBARS) == 3


def test_the_statement_list_reads_the_same_queries_for_few_and_many(fact_checker):
    client = Client()
    client.force_login(fact_checker)
    url = reverse("admin:events_statement_changelist")
    load(statements=1, seed=3)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    load(statements=120, seed=3, replace=True)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)

    assert len(response.context["cl"].result_list) == 50
    assert Statement.objects.count() > 50
    assert len(few) == len(many)


def test_checkbox_and_speaker_link_are_format_html_s_markup(fact_file):
    statement = Statement.objects.select_related("speaker").get(text=HOSTILE)
    statement_admin = admin.site._registry[Statement]

    assert statement_admin.action_checkbox(statement) == format_html(
        '<input type="checkbox" name="{}" value="{}" class="action-select" '
        'aria-label="{}">',
        helpers.ACTION_CHECKBOX_NAME,
        statement.pk,
        format_html(_("Select this object for an action - {}"), statement),
    )
    assert statement_admin.speaker_link(statement) == format_html(
        '<a href="?speaker={}" title="Only this speaker">{}</a>',
        statement.speaker_id,
        statement.speaker,
    )
