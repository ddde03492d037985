"""A real Chromium finds no Content-Security-Policy violation on any page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import factories
from tests import verified as v

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def watch_csp(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Collect every CSP violation the page reports, from the console and the DOM."""
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "console.error('Content Security Policy violation: ' + "
        "e.violatedDirective + ' ' + e.blockedURI));"
    )
    return violations


def log_in(page, live_server, user) -> None:  # type: ignore[no-untyped-def]
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", user.username)
    page.fill("#id_password", factories.PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")


def test_admin_pages_run_without_csp_violations(
    new_page, live_server, reporter, fact_checker
):
    statement = v.statement(reporter, fact_checker, text="Verified words.")
    page = new_page()
    violations = watch_csp(page)
    log_in(page, live_server, fact_checker)

    for url in (
        reverse("admin:index"),
        reverse("admin:events_statement_changelist"),
        reverse("admin:events_statement_add"),
        reverse("admin:events_statement_change", args=[statement.pk]),
        reverse("admin:events_statement_history", args=[statement.pk]),
        reverse("admin:events_event_add"),
        reverse("admin:sources_source_changelist"),
        reverse("admin:events_actor_changelist"),
    ):
        page.goto(live_server.url + url)
        page.wait_for_load_state("load")
    # The admin's own scripts ran: the inline "add another" links exist only
    # once inlines.js has run.
    page.goto(live_server.url + reverse("admin:events_statement_add"))
    page.wait_for_selector(".add-row a")

    assert violations == []


def test_api_docs_and_browsable_api_run_without_csp_violations(
    new_page, live_server, reporter, fact_checker
):
    v.statement(reporter, fact_checker, text="Verified words.")
    page = new_page()
    violations = watch_csp(page)

    page.goto(live_server.url + reverse("api-docs"))
    # Swagger UI rendered the schema: its start-up script was allowed to run.
    page.wait_for_selector(".swagger-ui .info .title")
    page.goto(live_server.url + "/api/v1/statements/?format=api")
    page.wait_for_selector(".response-info")

    assert violations == []


def test_lookup_page_runs_without_csp_violations(
    new_page, live_server, reporter, fact_checker
):
    url = reverse("lookup")
    v.statement(reporter, fact_checker, text="<script>alert(1)</script> words.")
    page = new_page()
    violations = watch_csp(page)

    page.goto(live_server.url + url + "?q=words")
    page.wait_for_load_state("load")

    assert violations == []


def test_a_violation_would_be_seen(new_page, live_server):
    """The watcher itself works: an inline script on a served page is reported."""
    page = new_page()
    violations = watch_csp(page)
    page.goto(live_server.url + reverse("admin:login"))
    with page.expect_console_message(
        lambda message: "Content Security Policy" in message.text
    ):
        page.evaluate(
            "() => { const s = document.createElement('script');"
            " s.textContent = 'window.ran = 1'; document.body.appendChild(s); }"
        )

    assert page.evaluate("() => window.ran") is None
    assert violations
