"""The statement list's speaker filter takes an id in ASCII digits, and only that."""

import pytest
from django.test import Client

from tests import verified as v

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["²", "٣", "１２", "9" * 30, "-4", "abc", ""])
def test_a_speaker_that_is_no_id_lists_without_a_500(reporter, fact_checker, value):
    v.statement(reporter, fact_checker, text="We remain committed to dialogue.")
    client = Client()
    client.force_login(fact_checker)

    response = client.get("/admin/events/statement/", {"speaker": value})

    assert response.status_code in (200, 302)


def test_a_speaker_id_filters_the_list(reporter, fact_checker):
    kagame = v.actor(reporter, fact_checker, name="Paul Kagame")
    prevot = v.actor(reporter, fact_checker, name="Maxime Prévot")
    v.statement(reporter, fact_checker, speaker=kagame, text="Dialogue goes on.")
    v.statement(reporter, fact_checker, speaker=prevot, text="Belgium regrets it.")
    client = Client()
    client.force_login(fact_checker)

    response = client.get("/admin/events/statement/", {"speaker": kagame.pk})

    body = response.content.decode()
    assert response.status_code == 200
    assert "Dialogue goes on." in body
    assert "Belgium regrets it." not in body
