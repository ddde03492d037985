"""Fixtures shared by the whole suite: the newsroom's roles and a browser."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from factfile.timeouts import restore_default_statement_timeout
from tests import factories
from tests.ci import IN_CI

# Playwright's sync API runs an event loop in the test thread; the ORM calls
# that tests make beside it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):  # type: ignore[no-untyped-def]
    # Test users log in many times; a slow hash only slows the suite down.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _own_export_folder(settings, tmp_path):  # type: ignore[no-untyped-def]
    # Export files are named by the last change they hold: a folder shared
    # between tests would serve one test's file to another.
    settings.FACTFILE_EXPORT_DIR = tmp_path / "exports"


@pytest.fixture(autouse=True)
def _default_statement_timeout_after_the_test(django_db_blocker):  # type: ignore[no-untyped-def]
    # Public requests leave their statement timeout on the connection for the
    # next request; the test's own teardown (a flush) must not run under it.
    # A test without database access may still find a connection an earlier
    # test left open.
    yield
    with django_db_blocker.unblock():
        restore_default_statement_timeout()


@pytest.fixture(autouse=True)
def _database_as_migrated(request, django_db_blocker):  # type: ignore[no-untyped-def]
    """Content types, permissions and role groups, where a flush removed them.

    A transactional test with ``serialized_rollback`` empties the database
    when it ends, without running post_migrate, and relies on the next such
    test to load the serialized data back; a test that reaches the database
    through ``live_server`` does not load it. Which test follows which
    depends on how the suite is split between workers, so every test that
    uses the database gets them back here when they are missing (one query
    when they are not). pytest-django's own fixtures run first: the
    database is set up for the test by then.
    """
    marker = request.node.get_closest_marker("django_db")
    uses_database = marker is not None or bool(
        {"db", "transactional_db", "live_server"} & set(request.fixturenames)
    )
    if not uses_database:
        yield
        return
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    from django.core.management.sql import emit_post_migrate_signal

    from factfile.roles import ensure_role_groups

    with django_db_blocker.unblock():
        if not Permission.objects.exists():
            ContentType.objects.clear_cache()
            emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
            ensure_role_groups()
    yield


@pytest.fixture
def reporter(db):  # type: ignore[no-untyped-def]
    return factories.reporter_user(username="rita.reporter")


@pytest.fixture
def other_reporter(db):  # type: ignore[no-untyped-def]
    return factories.reporter_user(username="omar.reporter")


@pytest.fixture
def fact_checker(db):  # type: ignore[no-untyped-def]
    return factories.fact_checker_user(username="fatima.checker")


@pytest.fixture
def other_fact_checker(db):  # type: ignore[no-untyped-def]
    return factories.fact_checker_user(username="felix.checker")


@pytest.fixture
def editor_in_chief(db):  # type: ignore[no-untyped-def]
    return factories.editor_in_chief_user(username="esther.editor")


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[object]:
    """A headless Debian Chromium; skipped without it, except in CI."""
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        message = f"Chromium not found at {CHROMIUM}: install Debian's chromium package"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(chromium_browser, request):  # type: ignore[no-untyped-def]
    """Open pages in fresh browser contexts; screenshot each on a failure."""
    contexts = []

    def open_page(**context_options):  # type: ignore[no-untyped-def]
        context = chromium_browser.new_context(**context_options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        for index, context in enumerate(contexts):
            for number, page in enumerate(context.pages):
                page.screenshot(
                    path=str(ARTIFACTS / f"{request.node.name}-{index}-{number}.png"),
                    full_page=True,
                )
    for context in contexts:
        context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):  # type: ignore[no-untyped-def]
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def pytest_collection_modifyitems(config, items):  # type: ignore[no-untyped-def]
    """Run PostgreSQL-only tests on PostgreSQL, and ``once`` tests once in CI.

    CI runs the suite on SQLite, then on PostgreSQL: tests that bring up
    servers of their own (a throwaway cluster, a replica, a load test) or
    that do not depend on the database at all run in the second pass only.
    """
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    needs_postgres = pytest.mark.skip(
        reason="PostgreSQL only: runs when DATABASE_URL points at PostgreSQL"
    )
    run_once = pytest.mark.skip(reason="runs once, in CI's PostgreSQL pass")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(needs_postgres)
        elif "once" in item.keywords and IN_CI:
            item.add_marker(run_once)
