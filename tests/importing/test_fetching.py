"""Fetching an article by URL: the guard refuses hostile addresses before any request.

Every test talks to a real HTTP server on the loopback address. The guard
refuses loopback addresses unless FACTFILE_FETCH_ALLOW_HOSTS lets one
through, so each refusal test checks that its server saw no request at all.
"""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess

import pytest

from sources.importing import fetching
from sources.importing.fetching import FetchRefused, fetch

ARTICLE = (
    "<html><head><title>Talks resume in Luanda</title></head><body><article>"
    "<h1>Talks resume in Luanda</h1><p>Delegations met on Tuesday.</p>"
    "</article></body></html>"
)


def refused(url: str) -> str:
    with pytest.raises(FetchRefused) as error:
        fetch(url)
    message = str(error.value)
    assert "\n" not in message
    assert message.startswith("refused: ")
    return message


def test_fetches_a_page_from_an_allowed_server(article_server, loopback_allowed):
    url = article_server.serve("/news/luanda-talks", ARTICLE)
    page = fetch(url)
    assert page.data == ARTICLE.encode()
    assert page.content_type == "text/html"
    assert page.name == "127.0.0.1-luanda-talks.html"
    assert page.url == url


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        "localhost",
        "[::1]",
        "[::ffff:127.0.0.1]",
        "[::ffff:7f00:1]",
        "0.0.0.0",
        "[::]",
    ],
)
def test_loopback_in_any_spelling_is_refused_and_never_asked(article_server, host):
    message = refused(f"http://{host}:{article_server.port}/")
    assert "address" in message
    assert article_server.requests == []


@pytest.mark.parametrize(
    "host", ["2130706433", "0177.0.0.1", "0x7f.0.0.1", "0x7f000001", "127.1"]
)
def test_numeric_spellings_of_an_address_are_refused(article_server, host):
    message = refused(f"http://{host}:{article_server.port}/")
    assert "unusual spelling" in message
    assert article_server.requests == []


@pytest.mark.parametrize(
    ("url", "what"),
    [
        ("http://10.1.2.3/", "private"),
        ("http://192.168.0.1/", "private"),
        ("http://172.16.0.1/", "private"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://[fe80::1]/", "link-local"),
        ("http://[fd00::1]/", "private"),
        ("http://224.0.0.1/", "multicast"),
        ("http://240.0.0.1/", "reserved"),
        ("http://100.64.0.1/", "not a public address"),
        ("http://[64:ff9b::a00:1]/", "address"),
        ("http://[2002:a00:1::]/", "private"),
    ],
)
def test_private_and_special_addresses_are_refused(url, what):
    assert what in refused(url)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://news.example/article.txt",
        "gopher://news.example/",
        "javascript:alert(1)",
        "//news.example/article",
        "news.example/article",
    ],
)
def test_only_http_and_https_are_fetched(url):
    assert "only http:// and https://" in refused(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://user:secret@news.example/",
        "http://news example/",
        "http://news.example/\x00",
        "http://news.example:99999/",
        "http://exa_mple..com/",
        "http://" + "a" * 2001 + ".example/",
        "http://[::1/",
    ],
)
def test_malformed_urls_get_one_line(url):
    refused(url)


def test_a_name_resolving_to_a_private_address_is_refused(article_server, monkeypatch):
    monkeypatch.setattr(fetching, "resolve", lambda host, port: ["10.0.0.7"])
    message = refused(f"http://news.example:{article_server.port}/")
    assert "private address (10.0.0.7)" in message
    assert article_server.requests == []


def test_every_address_of_a_name_must_be_public(monkeypatch):
    monkeypatch.setattr(
        fetching, "resolve", lambda host, port: ["93.184.215.14", "127.0.0.1"]
    )
    assert "loopback" in refused("http://news.example/")


def test_connects_to_the_address_it_checked_not_a_second_lookup(
    article_server, loopback_allowed, monkeypatch
):
    """A name is resolved once; the request goes to that address, with its Host."""
    lookups = []

    def resolve_once(host, port):
        lookups.append(host)
        return ["127.0.0.1"]

    monkeypatch.setattr(fetching, "resolve", resolve_once)

    numeric_only = socket.getaddrinfo

    def no_second_lookup(host, *args, **kwargs):
        # Connecting to an address still goes through getaddrinfo, which
        # reads a numeric address without asking any resolver.
        if host != "127.0.0.1":
            raise AssertionError(f"a second lookup of {host} was made")
        return numeric_only(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", no_second_lookup)
    article_server.serve("/story", ARTICLE)
    page = fetch(f"http://news.example:{article_server.port}/story")
    assert page.data == ARTICLE.encode()
    assert lookups == ["news.example"]
    assert article_server.requests == [
        ("/story", f"news.example:{article_server.port}")
    ]


def test_a_redirect_to_a_private_address_is_refused(article_server, loopback_allowed):
    url = article_server.serve(
        "/moved", status=302, headers={"Location": "http://10.0.0.1/admin"}
    )
    assert "private address" in refused(url)
    assert [path for path, _ in article_server.requests] == ["/moved"]


def test_redirects_are_followed_and_rechecked(article_server, loopback_allowed):
    article_server.serve("/a", status=301, headers={"Location": "/b"})
    article_server.serve("/b", status=307, headers={"Location": "/story"})
    article_server.serve("/story", "Plain words.", content_type="text/plain")
    page = fetch(article_server.url + "/a")
    assert page.url == article_server.url + "/story"
    assert page.data == b"Plain words."
    assert page.name.endswith(".txt")


def test_more_than_five_redirects_are_refused(article_server, loopback_allowed):
    for number in range(10):
        article_server.serve(
            f"/r{number}", status=302, headers={"Location": f"/r{number + 1}"}
        )
    assert "more than 5 redirects" in refused(article_server.url + "/r0")
    assert len(article_server.requests) == 6


def test_a_page_over_the_size_limit_is_refused(article_server, loopback_allowed):
    loopback_allowed.FACTFILE_FETCH_MAX_BYTES = 1000
    url = article_server.serve("/big", "x" * 1001, content_type="text/plain")
    assert "over the limit of" in refused(url)


def test_a_page_without_a_length_is_cut_at_the_limit(article_server, loopback_allowed):
    loopback_allowed.FACTFILE_FETCH_MAX_BYTES = 100
    url = article_server.serve(
        "/stream", "y" * 300, content_type="text/plain", drip=0.0001
    )
    assert "over the limit of" in refused(url)


def test_a_server_that_drips_is_given_up_on(article_server, loopback_allowed):
    loopback_allowed.FACTFILE_FETCH_TOTAL_SECONDS = 0.5
    url = article_server.serve("/slow", "z" * 100, content_type="text/plain", drip=0.05)
    assert "too long" in refused(url) or "in time" in refused(url)


@pytest.mark.parametrize(
    "content_type", ["application/pdf", "image/png", "application/json", ""]
)
def test_only_html_and_plain_text_are_kept(
    article_server, loopback_allowed, content_type
):
    url = article_server.serve("/file", b"%PDF-1.7", content_type=content_type)
    assert "only text/html and text/plain" in refused(url)


def test_an_error_status_is_reported(article_server, loopback_allowed):
    assert "answered 404" in refused(article_server.url + "/missing")


def test_a_declared_charset_is_read_into_utf8(article_server, loopback_allowed):
    url = article_server.serve(
        "/fr",
        "Le ministre a déclaré.".encode("latin-1"),
        content_type="text/plain; charset=ISO-8859-1",
    )
    assert fetch(url).data == "Le ministre a déclaré.".encode()


def test_nothing_listens_gets_one_line(loopback_allowed):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    assert "could not connect" in refused(f"http://127.0.0.1:{port}/")


def test_a_certificate_is_checked_against_the_host_name(
    article_server, loopback_allowed, tmp_path
):
    """The connection goes to an address; TLS still checks the certificate."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a certificate")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    command = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes"]
    command += ["-days", "1", "-subj", "/CN=127.0.0.1"]
    command += ["-keyout", str(key), "-out", str(cert)]
    subprocess.run(command, check=True, capture_output=True)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd = article_server.httpd
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    article_server.serve("/secure", ARTICLE)
    message = refused(f"https://127.0.0.1:{article_server.port}/secure")
    assert "no valid certificate" in message
    assert article_server.requests == []
