"""The export as gunicorn serves it: byte ranges over real HTTP, and slow
readers that leave the rest of the API answering.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from tests.hardening.servers import ROOT, app_server, get, manage, production_env

pytestmark = pytest.mark.once


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """gunicorn as shipped (gthread) on the seed fact file, its export built."""
    data = tmp_path_factory.mktemp("data")
    env = production_env(FACTFILE_DATA_DIR=str(data))
    manage("migrate", "--noinput", env=env)
    manage("seed_factfile", env=env)
    manage("export_factfile", "--build", env=env)
    with app_server(env, workers=2) as url:
        yield url


def test_ranges_resume_a_download_over_http(app):
    whole = get(app + "/api/v1/export/")
    tail = get(
        app + "/api/v1/export/",
        headers={"Range": "bytes=100-", "If-Range": whole.headers["ETag"]},
    )
    head = get(app + "/api/v1/export/?format=csv", headers={"Range": "bytes=0-9"})
    past = get(app + "/api/v1/export/", headers={"Range": "bytes=99999999-"})

    assert whole.status == 200
    assert int(whole.headers["Content-Length"]) == len(whole.body)
    assert whole.body.rstrip().rsplit(b"\n", 1)[1].startswith(b'{"complete": true')
    assert tail.status == 206
    assert tail.body == whole.body[100:]
    assert head.status == 206
    assert head.body == b'"type","id'
    assert past.status == 416


def slow_reader(url: str) -> socket.socket:
    """A client that asks for the export and then reads nothing more."""
    port = int(url.rsplit(":", 1)[1])
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", port))
    sock.sendall(b"GET /api/v1/export/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    return sock


def test_slow_export_readers_leave_the_api_answering(app):
    readers = [slow_reader(app) for _ in range(4)]
    try:
        answers = [reader.recv(64) for reader in readers]
        # Asked while the four readers are still connected.
        page = get(app + "/api/v1/statements/", timeout=60)
    finally:
        for reader in readers:
            reader.close()

    assert page.status == 200
    statuses = {answer.split(b" ", 2)[1] for answer in answers}
    assert statuses <= {b"200", b"503"}
    assert b"200" in statuses


def test_the_shipped_workers_are_threaded():
    config: dict[str, object] = {}
    exec((ROOT / "gunicorn.conf.py").read_text(), config)

    assert config["worker_class"] == "gthread"
    assert config["threads"] > 2  # more than the downloads a process sends
