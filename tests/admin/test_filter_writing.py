"""The filters' sidebar written in Python is Django's ``admin/filter.html``.

``factfile.templatetags.factfile_admin.list_filter`` writes the stock filter
template itself: every filter of every editorial list, with filters chosen,
counts shown, hostile names and a pop-up, must come out character for
character as the template writes it, and whole list pages the same either
way.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.admin.templatetags.admin_list import admin_list_filter
from django.test import Client

from factfile.templatetags import factfile_admin
from tests.admin.test_admin_list_cost import HOSTILE, LISTS, fact_file  # noqa: F401

pytestmark = pytest.mark.django_db

PAGES = [
    *LISTS,
    "events/statement/?status__exact=draft&kind__exact=quote",
    "events/statement/?said_on__gte=2020-01-01&said_on__lt=2031-01-01",
    "events/statement/?worklist=review&broken=yes",
    "events/statement/?_facets=1",
    "events/citation/?is_broken__exact=1",
    "events/event/?_facets=1&kind__exact=meeting",
]


def without_tokens(body: bytes) -> str:
    return re.sub(r'value="[^"]{64}"', "", body.decode())


@pytest.mark.parametrize("path", PAGES)
def test_each_filter_is_the_template_s_markup(monkeypatch, fact_file, path):  # noqa: F811
    client = Client()
    client.force_login(fact_file)
    response = client.get(f"/admin/{path}")
    assert response.status_code == 200
    cl = response.context["cl"]
    page = response.content.decode()
    assert cl.filter_specs
    for spec in cl.filter_specs:
        ours = factfile_admin.list_filter(cl, spec)
        assert ours == admin_list_filter(cl, spec), spec.title
        assert ours in page
    # The whole page, with every filter through the template instead.
    monkeypatch.setattr(factfile_admin, "_stock_filter_template", lambda: False)
    stock = client.get(f"/admin/{path}").content
    assert without_tokens(stock) == without_tokens(response.content)


def test_the_speaker_filter_shows_hostile_names_as_text(fact_file):  # noqa: F811
    client = Client()
    client.force_login(fact_file)
    page = client.get("/admin/events/statement/").content.decode()
    assert "<script>alert" not in page
    assert 'class="selected"' in page


def test_the_stock_template_is_django_s():
    factfile_admin._stock_filter_template.cache_clear()
    assert factfile_admin._stock_filter_template()
