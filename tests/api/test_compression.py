"""Public API responses compressed over real HTTP for clients that accept it."""

from __future__ import annotations

import gzip
import http.client
import json
from urllib.parse import urlsplit

import brotli
import pytest

from factfile.api.compression import chosen_encoding

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def fetch(base: str, path: str, **headers: str) -> http.client.HTTPResponse:
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.body = response.read()  # type: ignore[attr-defined]
    connection.close()
    return response


@pytest.fixture
def served(live_server, factfile):  # type: ignore[no-untyped-def]
    return live_server.url


@pytest.mark.parametrize(
    ("encoding", "decode"), [("gzip", gzip.decompress), ("br", brotli.decompress)]
)
def test_a_list_is_compressed_with_its_own_etag_and_revalidates(
    served, encoding, decode
):
    plain = fetch(served, "/api/v1/statements/")
    packed = fetch(served, "/api/v1/statements/", **{"Accept-Encoding": encoding})

    assert plain.getheader("Content-Encoding") is None
    assert packed.getheader("Content-Encoding") == encoding
    assert "Accept-Encoding" in packed.getheader("Vary")
    assert "Accept-Encoding" in plain.getheader("Vary")
    assert json.loads(decode(packed.body)) == json.loads(plain.body)
    assert int(packed.getheader("Content-Length")) == len(packed.body)
    assert len(packed.body) < len(plain.body)
    assert packed.getheader("ETag") != plain.getheader("ETag")
    again = fetch(
        served,
        "/api/v1/statements/",
        **{"Accept-Encoding": encoding, "If-None-Match": packed.getheader("ETag")},
    )
    assert again.status == 304
    assert again.getheader("ETag") == packed.getheader("ETag")
    # A client that stopped accepting the encoding gets the plain body again.
    other = fetch(
        served, "/api/v1/statements/", **{"If-None-Match": packed.getheader("ETag")}
    )
    assert other.status == 200
    assert other.getheader("Content-Encoding") is None


def test_the_schema_and_errors_are_compressed_too(served):
    schema = fetch(served, "/api/schema/", **{"Accept-Encoding": "gzip"})
    error = fetch(served, "/api/v1/statements/?nope=1", **{"Accept-Encoding": "gzip"})

    assert schema.getheader("Content-Encoding") == "gzip"
    assert gzip.decompress(schema.body).startswith(b"openapi")
    assert error.status == 400
    assert "nope" in json.loads(gzip.decompress(error.body))


def test_pages_outside_the_api_are_not_compressed(served):
    page = fetch(served, "/lookup/", **{"Accept-Encoding": "gzip"})

    assert page.getheader("Content-Encoding") is None


@pytest.mark.parametrize(
    ("header", "chosen"),
    [
        ("gzip", "gzip"),
        ("gzip, deflate, br", "br"),
        ("br;q=0, gzip", "gzip"),
        ("gzip;q=0.2, br;q=0.1", "gzip"),
        ("identity", None),
        ("", None),
        ("*", "br"),
        ("gzip;q=0", None),
        ("\x00\u2603;q=abc", None),
    ],
)
def test_the_encoding_follows_the_clients_preferences(header, chosen):
    assert chosen_encoding(header) == chosen
