"""Record pages in Chromium, without JavaScript, on a desk and on a phone.

Screenshots of a corrected statement's page and of a retracted one's, at
1280x800 and 390x844, are kept in test-artifacts/records/.
"""

from __future__ import annotations

import pytest

from tests.conftest import ARTIFACTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SIZES = {"desk": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
SHOTS = ARTIFACTS / "records"


def watched(page):  # type: ignore[no-untyped-def]
    """Console messages and failed loads of ``page``, besides the page itself."""
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text))
    page.on(
        "response",
        lambda answer: (
            answer.status >= 400
            and answer.request.resource_type != "document"
            and problems.append(answer.url)
        ),
    )
    return problems


@pytest.mark.parametrize("size", SIZES)
def test_a_record_page_reads_on_a_desk_and_on_a_phone(
    live_server, new_page, newsroom, size
):
    viewport = SIZES[size]
    page = new_page(viewport=viewport, java_script_enabled=False)
    problems = watched(page)
    SHOTS.mkdir(parents=True, exist_ok=True)

    page.goto(live_server.url + "/")
    page.locator(f'a[href="/r/statement/{newsroom["quote"].pk}/"]').first.click()
    page.wait_for_url(f"**/r/statement/{newsroom['quote'].pk}/")

    assert page.locator("blockquote.quote").inner_text() == (
        "“We remain committed to dialogue.”"
    )
    assert page.locator("li.passage mark").first.inner_text() == (
        "We remain committed to dialogue"
    )
    assert "17 March, not 16 March" in page.locator("section.corrections").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    page.screenshot(path=str(SHOTS / f"statement-{size}.png"), full_page=True)

    page.get_by_role("link", name="Paul Kagame").first.click()
    page.wait_for_url("**/r/actor/*/")
    assert page.locator("h1").inner_text() == "Paul Kagame"

    assert problems == []

    gone = page.goto(f"{live_server.url}/r/statement/{newsroom['withdrawn'].pk}/")
    assert gone.status == 410
    assert "The speaker was misidentified." in page.locator("main").inner_text()
    assert "ambassador" not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    page.screenshot(path=str(SHOTS / f"retracted-{size}.png"), full_page=True)
    # The browser reports the page's own 410, and nothing else.
    assert [p for p in problems if "410 (Gone)" not in p] == []
