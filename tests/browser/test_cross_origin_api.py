"""A page on another origin reads the API with an API key, as a publishing tool."""

from __future__ import annotations

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from factfile.api.keys import ApiKey
from tests import verified as v

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def other_origin(tmp_path):  # type: ignore[no-untyped-def]
    """A plain HTTP server on another port: another origin than the app's."""
    (tmp_path / "tool.html").write_text("<!doctype html><title>Tool</title>")
    handler = partial(SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_page_elsewhere_fetches_a_filtered_list_with_an_api_key(
    new_page, live_server, other_origin, reporter, fact_checker
):
    kagame = v.actor(reporter, fact_checker, name="Paul Kagame")
    said = "We remain committed to dialogue."
    v.statement(reporter, fact_checker, speaker=kagame, text=said)
    _, key = ApiKey.issue(name="Publishing tool")
    page = new_page()
    page.goto(f"{other_origin}/tool.html")

    answer = page.evaluate(
        """async ([url, key]) => {
            const response = await fetch(url, {
                headers: {Authorization: "Api-Key " + key},
            });
            return {status: response.status, body: await response.json(),
                    etag: response.headers.get("ETag")};
        }""",
        [f"{live_server.url}/api/v1/statements/?speaker={kagame.pk}&q=dialogue", key],
    )

    assert answer["status"] == 200
    assert [s["text"] for s in answer["body"]["results"]] == [said]
    assert answer["etag"]
