"""The front page in Chromium, at phone width and without JavaScript."""

from __future__ import annotations

import pytest

from tests.conftest import ARTIFACTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_front_page_on_a_phone_without_javascript(live_server, new_page, newsroom):
    page = new_page(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    problems: list[str] = []
    page.on(
        "console", lambda message: problems.append(f"{message.text} {message.location}")
    )
    page.on(
        "response",
        lambda answer: answer.status >= 400 and problems.append(answer.url),
    )

    response = page.goto(live_server.url + "/")

    assert response.status == 200
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    log = page.locator("section.corrections li.log-entry")
    assert log.count() == 2
    assert "misidentified" in log.first.inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "front-phone.png"), full_page=True)
    assert problems == []

    page.get_by_label("Look up a quote").fill("Kagame")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/lookup/?q=Kagame")
    assert page.locator("article.result").count() >= 1

    page.go_back()
    # The lookup page is not under test here.
    problems.clear()
    page.get_by_role("link", name="Corrections", exact=True).click()
    page.wait_for_url("**/corrections/")
    assert page.locator("li.log-entry").count() == 2
    assert problems == []
