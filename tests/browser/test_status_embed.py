"""A story on another origin embeds the status script and the noscript badge.

The story's own Content-Security-Policy allows no inline script and no inline
style: the script is loaded by its address alone, asks the fact file's API
across origins, and marks the corrected and the retracted quotes.
"""

from __future__ import annotations

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from factfile import workflow
from tests import verified as v
from tests.conftest import ARTIFACTS
from tests.front.conftest import correct

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def story_html(app: str, ids: dict[str, str]) -> str:
    policy = f"default-src 'none'; script-src {app}; connect-src {app}; img-src {app}"
    quotes = "\n".join(
        f'<blockquote data-factfile-record="{key}">“{words}”</blockquote>'
        f'<noscript><img src="{app}/api/v1/status/badge.svg?id={key}" '
        f'alt="Fact-file status of {key}"></noscript>'
        for key, words in ids.items()
    )
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
        "<title>A story</title></head><body><h1>A story</h1>"
        f"{quotes}"
        f'<script src="{app}/static/factfile/status.js" async></script>'
        "</body></html>"
    )


@pytest.fixture
def story_server(tmp_path):  # type: ignore[no-untyped-def]
    """A plain HTTP server on another port: the story's origin."""
    handler = partial(SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield tmp_path, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def quotes(reporter, fact_checker, editor_in_chief):  # type: ignore[no-untyped-def]
    kagame = v.actor(reporter, fact_checker, name="Paul Kagame")
    kept = v.statement(reporter, fact_checker, speaker=kagame, text="Kept words.")
    fixed = v.statement(reporter, fact_checker, speaker=kagame, text="Fixed words.")
    gone = v.statement(reporter, fact_checker, speaker=kagame, text="Gone words.")
    correct(fixed, author=reporter, checker=fact_checker, note="Said on 17 March.")
    workflow.retract(gone, by=editor_in_chief, reason="Misattributed <b>quote</b>.")
    return {
        f"statement:{kept.pk}": "Kept words.",
        f"statement:{fixed.pk}": "Fixed words.",
        f"statement:{gone.pk}": "Gone words.",
        "event:999999": "Not in the fact file.",
    }


def test_a_story_elsewhere_marks_corrected_and_retracted_quotes(
    new_page, live_server, story_server, quotes, settings
):
    settings.FACTFILE_PUBLIC_URL = live_server.url
    folder, origin = story_server
    (folder / "story.html").write_text(story_html(live_server.url, quotes))
    page = new_page(viewport={"width": 390, "height": 844})
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    kept, fixed, gone, unknown = quotes

    page.goto(f"{origin}/story.html")
    page.wait_for_selector("html[data-factfile-checked]")

    notes = page.locator("span.factfile-status")
    assert notes.count() == 2
    corrected = page.locator("span.factfile-corrected")
    assert corrected.inner_text().startswith("Corrected on ")
    assert corrected.inner_text().endswith(": Said on 17 March.")
    link = corrected.locator("a").get_attribute("href")
    assert link == f"{live_server.url}/r/statement/{fixed.split(':')[1]}/"
    retracted = page.locator("span.factfile-retracted")
    # The reason is text: its markup is shown, not obeyed.
    assert retracted.inner_text().endswith(": Misattributed <b>quote</b>.")
    assert retracted.locator("b").count() == 0
    struck = page.locator(f'blockquote[data-factfile-record="{gone}"]')
    assert "line-through" in struck.evaluate("e => getComputedStyle(e).textDecoration")
    for quiet in (kept, unknown):
        box = page.locator(f'blockquote[data-factfile-record="{quiet}"]')
        assert box.get_attribute("data-factfile-state") is None
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "status-embed-phone.png"), full_page=True)
    assert problems == []


def test_without_script_the_story_shows_the_badges(
    new_page, live_server, story_server, quotes
):
    folder, origin = story_server
    (folder / "story.html").write_text(story_html(live_server.url, quotes))
    page = new_page(java_script_enabled=False)

    page.goto(f"{origin}/story.html")
    images = page.locator("img")
    images.last.wait_for()
    page.wait_for_load_state("load")

    assert images.count() == 4
    widths = images.evaluate_all("all => all.map(i => i.naturalWidth)")
    assert all(width > 0 for width in widths)
    assert page.locator("span.factfile-status").count() == 0
