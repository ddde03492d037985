"""The lookup page in Chromium, over published records that carry script.

The records hold script in every field a result shows, and their sources
addresses that are ``javascript:`` or break out of an attribute, as a fact
file could hold from before addresses were validated. Results come both
from the page's own script (as the writer types) and from the server (a
reload); neither runs anything, opens a dialog or links anything but http(s).
"""

from __future__ import annotations

import pytest

from tests import verified as v

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
RUN = "window.__pwned = 1; alert(1)"
PAYLOAD = (
    f'<script>{RUN}</script><img src=x onerror="{RUN}">'
    f'<svg onload="{RUN}"></svg>[x](javascript:{RUN})'
)
HOSTILE_ADDRESSES = [
    f"javascript:{RUN}",
    f'https://x.example/"onmouseover="{RUN}"',
    f"https://x.example/<img src=x onerror={RUN}>",
]
# What a result may never contain; the page's own ClaimReview data blocks
# are JSON, which the browser does not run.
LIVE = ", ".join(
    f"#results {tag}"
    for tag in ('script:not([type="application/json"])', "img", "svg", "iframe")
)


@pytest.fixture
def hostile_records(reporter, fact_checker):  # type: ignore[no-untyped-def]
    speaker = v.actor(reporter, fact_checker, name=f"Zanzi {PAYLOAD}")
    for number, address in enumerate(HOSTILE_ADDRESSES):
        source = v.source(
            reporter,
            fact_checker,
            title=f"Zanzi report {number} {PAYLOAD}",
            publisher=f"Publisher {PAYLOAD}",
            url=address,
            archive_url=address,
        )
        v.statement(
            reporter,
            fact_checker,
            speaker=speaker,
            cited=source,
            text=f"Zanzi said {number} {PAYLOAD}",
            speaker_title=f"Minister {PAYLOAD}",
            claim_rating="false",
            claim_reasoning=f"Reasoning {PAYLOAD}",
        )
    v.event(reporter, fact_checker, title=f"Zanzi event {PAYLOAD}")
    return speaker


def assert_nothing_ran(page, dialogs) -> None:  # type: ignore[no-untyped-def]
    results = page.locator("#results article.result")
    assert results.count() >= 4
    # Hover every link: an event handler smuggled into an attribute would run.
    for link in page.locator("#results a").all():
        link.hover()
    assert page.locator(LIVE).count() == 0
    protocols = page.eval_on_selector_all(
        "#results a", "links => links.map(a => a.protocol)"
    )
    assert set(protocols) <= {"http:", "https:"}
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert dialogs == []
    # The citations are there to copy, as text.
    texts = page.eval_on_selector_all(
        "#results textarea", "areas => areas.map(a => a.value)"
    )
    assert any("<script>" in text for text in texts)


def test_hostile_results_run_nothing_in_the_lookup(
    hostile_records, live_server, new_page
):
    page = new_page(viewport={"width": 1280, "height": 900})
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(live_server.url + "/lookup/")

    page.locator("#q").press_sequentially("Zanzi")
    page.locator("#results article.result").nth(3).wait_for()
    page.locator("#results details.citations").first.evaluate("d => d.open = true")
    assert_nothing_ran(page, dialogs)

    page.reload()
    page.locator("#results article.result").nth(3).wait_for()
    assert_nothing_ran(page, dialogs)
