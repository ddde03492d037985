"""The date drill-down of statement and event lists reads no whole table."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from factfile.dates import Precision
from tests.factfile.test_admin_workflow import client_for
from tests.factories import StatementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def statements(reporter):
    for day in (datetime.date(2023, 5, 2), datetime.date(2025, 2, 21)):
        StatementFactory(
            created_by=reporter, said_on=day, said_on_precision=Precision.DAY
        )


def test_years_come_from_the_first_and_last_date_without_distinct(reporter, statements):
    url = reverse("admin:events_statement_changelist")
    with CaptureQueriesContext(connection) as queries:
        page = client_for(reporter).get(url)
    assert page.status_code == 200
    assert not [q for q in queries if "DISTINCT" in q["sql"].upper()]
    html = page.content.decode()
    for year in ("2023", "2024", "2025"):
        assert f"said_on__year={year}" in html


def test_months_of_a_year_and_days_of_a_month(reporter, statements):
    url = reverse("admin:events_statement_changelist")
    client = client_for(reporter)
    months = client.get(url, {"said_on__year": "2025"}).content.decode()
    assert "said_on__month=2" in months
    assert "said_on__month=3" not in months
    days = client.get(url, {"said_on__year": "2025", "said_on__month": "2"})
    assert "said_on__day=21" in days.content.decode()
