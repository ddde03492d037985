"""The app as an operator deploys it: DEBUG off, collected static files,
gunicorn, nginx in front, two-factor on; then a real Chromium uses it.
"""

from __future__ import annotations

import base64
import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django_otp.oath import TOTP

from tests.hardening.servers import (
    app_server,
    get,
    manage,
    production_env,
    reverse_proxy,
)

pytestmark = pytest.mark.once

ADMIN_USER = "operator"
ADMIN_PASSWORD = "a long and unguessable passphrase 8812"
ASSET = re.compile(r'(?:href|src)="(/static/[^"]+)"')
HASHED = re.compile(r"\.[0-9a-f]{12}\.(?:css|js|png|svg)$")


@dataclass
class Stack:
    url: str  # nginx, as browsers reach it
    env: dict[str, str]


@pytest.fixture(scope="module")
def stack(
    collected_static: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Stack]:
    """A fresh deployment on the default database, set up as docs/production.md says."""
    data = tmp_path_factory.mktemp("data")
    env = production_env(
        FACTFILE_DATA_DIR=str(data),
        STATIC_ROOT=str(collected_static),
        FACTFILE_NUM_PROXIES="1",
        SECURE_PROXY_SSL_HEADER="true",
        FACTFILE_REQUIRE_2FA="true",
    )
    manage("check", "--deploy", "--fail-level", "ERROR", env=env)
    manage("migrate", "--noinput", env=env)
    manage("seed_factfile", env=env)
    manage(
        "createsuperuser",
        "--noinput",
        "--email",
        "operator@facts.example",
        env=env
        | {
            "DJANGO_SUPERUSER_USERNAME": ADMIN_USER,
            "DJANGO_SUPERUSER_PASSWORD": ADMIN_PASSWORD,
        },
    )
    with app_server(env) as app, reverse_proxy(app) as proxy:
        yield Stack(proxy, env)


def assets_of(html: str) -> list[str]:
    return sorted(set(ASSET.findall(html)))


@pytest.mark.parametrize("path", ["/admin/login/", "/", "/lookup/", "/api/docs/"])
def test_pages_ask_for_hashed_assets_that_are_compressed_and_cached_for_a_year(
    stack, path
):
    page = get(stack.url + path)
    assert page.status == 200
    assets = assets_of(page.body.decode())
    assert assets, f"{path} asks for no static file"

    for asset in assets:
        assert HASHED.search(asset), f"{asset} is not a hashed name"
        answer = get(stack.url + asset, headers={"Accept-Encoding": "br, gzip"})
        assert answer.status == 200, asset
        assert "immutable" in answer.headers["Cache-Control"], asset
        assert "max-age=315360000" in answer.headers["Cache-Control"], asset
        if asset.endswith((".css", ".js")):
            assert answer.headers.get("Content-Encoding") in {"br", "gzip"}, asset


def test_a_record_page_and_the_story_script_under_its_lasting_name(stack):
    listed = json.loads(get(stack.url + "/api/v1/statements/?page_size=1").body)
    record = get(f"{stack.url}/r/statement/{listed['results'][0]['id']}/")
    script = get(stack.url + "/static/factfile/status.js")

    assert record.status == 200
    assert all(HASHED.search(asset) for asset in assets_of(record.body.decode()))
    # Stories load the script by a name that stays the same from one release
    # to the next, so it is not cached for a year.
    assert script.status == 200
    assert "data-factfile-record" in script.body.decode()
    assert "immutable" not in script.headers.get("Cache-Control", "")


def test_a_file_that_was_not_collected_is_a_404_not_an_error(stack):
    assert get(stack.url + "/static/nothing/here.js").status == 404
    assert get(stack.url + "/static/../factfile/settings.py").status in {400, 404}


def watch(page) -> tuple[list[str], list[str]]:  # type: ignore[no-untyped-def]
    """Collect CSP violations and every response of the site that is not a success."""
    violations: list[str] = []
    failures: list[str] = []
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
    page.on(
        "response",
        lambda response: (
            failures.append(f"{response.status} {response.url}")
            if response.status >= 400
            else None
        ),
    )
    page.on("requestfailed", lambda request: failures.append(f"failed {request.url}"))
    return violations, failures


def current_code(key: str) -> str:
    secret = base64.b32decode(key + "=" * (-len(key) % 8))
    totp = TOTP(secret, step=30, t0=0, digits=6)
    totp.time = time.time()
    return f"{totp.token():06d}"


@pytest.mark.browser
def test_operator_logs_in_with_two_factor_and_every_page_loads_all_its_assets(
    stack, new_page
):
    page = new_page(viewport={"width": 1280, "height": 900})
    violations, failures = watch(page)

    page.goto(stack.url + "/admin/")
    page.fill("#id_username", ADMIN_USER)
    page.fill("#id_password", ADMIN_PASSWORD)
    page.click("input[type=submit]")
    # Production asks a superuser to pair an authenticator app first.
    page.wait_for_url(re.compile(r"/account/two-factor/setup/"))
    key = page.locator("code").first.inner_text()
    page.fill("#id_code", current_code(key))
    page.click("input[type=submit]")
    page.get_by_text("Continue").click()
    page.wait_for_selector("#site-name")

    # The admin's stylesheet applied: the header is laid out by base.css.
    assert page.eval_on_selector("#header", "e => getComputedStyle(e).display") in {
        "flex",
        "grid",
    }
    for path in (
        "/admin/events/statement/",
        "/admin/events/statement/add/",
        "/admin/events/statement/1/change/",
        "/admin/sources/source/1/change/",
        "/admin/events/statement/1/history/",
        "/admin/sources/importrecord/upload/",
        # The article desk, with its own stylesheet and script.
        "/admin/events/suggestion/desk/1/",
    ):
        page.goto(stack.url + path)
        page.wait_for_load_state("networkidle")
    # The admin's scripts ran: inlines.js adds "add another" links.
    page.goto(stack.url + "/admin/events/statement/add/")
    page.wait_for_selector(".add-row a")

    page.goto(stack.url + "/admin/events/suggestion/desk/1/")
    # desk.css applied: the article keeps its line breaks and scrolls.
    assert (
        page.eval_on_selector("#desk-article", "e => getComputedStyle(e).whiteSpace")
        == "pre-wrap"
    )

    page.goto(stack.url + "/")
    page.wait_for_load_state("networkidle")
    page.goto(stack.url + "/corrections/")
    page.wait_for_load_state("networkidle")

    page.goto(stack.url + "/lookup/")
    page.fill("input[name=q]", "Kagame")
    page.keyboard.press("Enter")
    page.wait_for_selector(".result")

    page.goto(stack.url + "/api/docs/")
    page.wait_for_selector(".swagger-ui .info .title")
    page.goto(stack.url + "/api/v1/statements/?format=api")
    page.wait_for_load_state("networkidle")

    assert failures == []
    assert violations == []


def statuses(url: str, forwarded: list[str]) -> list[int]:
    return [
        get(url + "/api/v1/actors/", headers={"X-Forwarded-For": value}).status
        for value in forwarded
    ]


@pytest.mark.parametrize("proxies", [None, "0"])
def test_without_a_trusted_proxy_a_forged_forwarded_for_does_not_dodge_the_limit(
    stack, proxies
):
    env = stack.env | {"FACTFILE_API_ANONYMOUS_RATE": "3/min"}
    env.pop("FACTFILE_NUM_PROXIES")
    if proxies is not None:
        env["FACTFILE_NUM_PROXIES"] = proxies
    forged = [f"198.51.100.{number}" for number in range(5)]

    # One worker: the default cache, which counts, is the worker's own.
    with app_server(env, workers=1) as app:
        assert statuses(app, forged) == [200, 200, 200, 429, 429]


def test_behind_nginx_the_limit_counts_the_address_nginx_saw(stack):
    env = stack.env | {"FACTFILE_API_ANONYMOUS_RATE": "3/min"}
    forged = [f"198.51.100.{number}, 192.0.2.{number}" for number in range(5)]

    with app_server(env, workers=1) as app, reverse_proxy(app) as proxy:
        assert statuses(proxy, forged) == [200, 200, 200, 429, 429]
