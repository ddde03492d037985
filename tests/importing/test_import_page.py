"""The import page takes articles from wherever they are: files, pasted text, a URL."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import sources.admin_import  # noqa: F401 -- registers the upload page
from sources.models import Source
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

UPLOAD = reverse("admin:sources_importrecord_upload")
PAGE = """<html><head><title>Goma airport reopens</title>
<meta property="og:site_name" content="Lakes Wire"></head><body><article>
<h1>Goma airport reopens</h1>
<p>GOMA -- The airport reopened on Tuesday after three weeks.</p>
<p>"Flights will resume gradually," the transport minister, Jean-Pierre Bemba, said.</p>
<p>Aid agencies welcomed the decision and said supplies would follow.</p>
</article></body></html>"""


@pytest.fixture
def logged_in(client, reporter):  # type: ignore[no-untyped-def]
    client.login(username=reporter.username, password=PASSWORD)
    return client


def post(client, data):  # type: ignore[no-untyped-def]
    response = client.post(UPLOAD, data)
    if response.streaming:
        response.page = b"".join(response.streaming_content).decode()
    else:
        response.page = response.content.decode()
    return response


def test_pasted_text_becomes_a_source_with_its_fields(logged_in):
    response = post(
        logged_in,
        {
            "text": '"We want peace," the mayor said on Friday.\nThe town was calm.',
            "text_title": "Calm returns to Uvira",
            "text_outlet": "Radio Kivu",
            "text_url": "https://radio.example/uvira-calm",
            "published_on": "2025-02-14",
        },
    )
    assert "1 created, 0 skipped, 0 errors." in response.page
    source = Source.objects.get()
    assert source.title == "Calm returns to Uvira"
    assert source.publisher == "Radio Kivu"
    assert source.url == "https://radio.example/uvira-calm"
    assert str(source.published_on) == "2025-02-14"
    assert source.full_text.startswith('"We want peace,"')
    desk = reverse("admin:events_desk", args=[source.pk])
    assert f'href="{desk}"' in response.page


def test_an_article_is_fetched_from_its_address(
    logged_in, article_server, loopback_allowed
):
    url = article_server.serve("/2025/goma-airport", PAGE)
    response = post(logged_in, {"url": url})
    assert "1 created" in response.page
    source = Source.objects.get()
    assert source.title == "Goma airport reopens"
    assert source.url == url
    assert source.accessed_on is not None
    assert "Flights will resume gradually" in source.full_text
    assert source.import_record.file_name == "127.0.0.1-goma-airport.html"


def test_files_text_and_url_in_one_go(logged_in, article_server, loopback_allowed):
    url = article_server.serve("/a", PAGE)
    response = post(
        logged_in,
        {
            "files": [
                SimpleUploadedFile("one.txt", b"The council met on Monday in Goma."),
                SimpleUploadedFile("two.txt", b"The envoy left Kinshasa on Sunday."),
            ],
            "text": "Talks were held in Luanda.",
            "url": url,
        },
    )
    assert "4 created, 0 skipped, 0 errors." in response.page
    assert Source.objects.count() == 4


def test_a_private_address_is_refused_on_the_form_and_never_fetched(
    logged_in, article_server
):
    url = article_server.serve("/inside", PAGE)
    response = post(logged_in, {"url": url})
    # Fetched only when the import runs: the refusal is a line of the summary.
    assert "1 error" in response.page
    assert "loopback address" in response.page
    assert article_server.requests == []
    assert not Source.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://2130706433/",
        "javascript:alert(1)",
        "http://user:pw@news.example/",
        "http://" + "é" * 3000,
        "http://news.example/<script>",
    ],
)
def test_hostile_addresses_get_a_form_error_not_a_5xx(logged_in, url):
    response = post(logged_in, {"url": url})
    assert response.status_code == 200
    assert "errorlist" in response.page
    assert "<script>" not in response.page
    assert not Source.objects.exists()


def test_an_empty_form_says_what_to_give(logged_in):
    response = post(logged_in, {"text": "  ", "url": ""})
    assert "Give the article" in response.page


def test_pasted_text_with_nul_is_refused(logged_in):
    response = post(logged_in, {"text": "a\x00b"})
    assert response.status_code in (200, 400)
    assert not Source.objects.exists()


def test_the_import_page_is_linked_from_lists_and_the_index(logged_in):
    for page in (
        reverse("admin:sources_importrecord_changelist"),
        reverse("admin:sources_source_changelist"),
        reverse("admin:index"),
    ):
        assert f'href="{UPLOAD}"' in logged_in.get(page).content.decode(), page


def test_a_reporter_without_import_permission_is_sent_away(client, db):
    from tests.factories import UserFactory

    nobody = UserFactory(username="visitor")
    client.login(username=nobody.username, password=PASSWORD)
    response = client.post(UPLOAD, {"text": "Words."})
    assert response.status_code in (302, 403)
    assert not Source.objects.exists()
