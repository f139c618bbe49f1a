"""Shared fixtures: role personas, number series, and a Playwright browser on Debian's chromium."""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.servers.basehttp import WSGIServer
from django.db import connection
from django.test.testcases import LiveServerThread

from core import roles
from core.models import MarketingSetup
from tests.core.factories import UserFactory, marketing_setup_with_series

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-results"


# The personas have fixed names: a search in a test must not match a random generated name.
@pytest.fixture
def admin(db):
    return UserFactory(username="ada", first_name="Ada", last_name="Admin", role=roles.ADMINISTRATOR)


@pytest.fixture
def marketer(db):
    return UserFactory(username="mia", first_name="Mia", last_name="Marketer", role=roles.MARKETER)


@pytest.fixture
def sales_manager(db):
    return UserFactory(username="sam", first_name="Sam", last_name="Manager", role=roles.SALES_MANAGER)


@pytest.fixture
def salesperson_user(db):
    return UserFactory(username="lena", first_name="Lena", last_name="Seller", role=roles.SALESPERSON)


@pytest.fixture
def outsider(db):
    """A logged-in user without any role."""
    return UserFactory(username="olga", first_name="Olga", last_name="Outsider")


@pytest.fixture
def personas(admin, marketer, sales_manager, salesperson_user, outsider):
    # The Marketing Setup row, as migration core/0003 leaves it: a test that flushed the tables (transaction=True)
    # before this one on the same worker removed it, and a page's first look would then create it.
    MarketingSetup.get()
    return {
        roles.ADMINISTRATOR: admin,
        roles.MARKETER: marketer,
        roles.SALES_MANAGER: sales_manager,
        roles.SALESPERSON: salesperson_user,
        None: outsider,
    }


@pytest.fixture
def series(db):
    """Marketing Setup with number series for every kind of record."""
    return marketing_setup_with_series()


@pytest.fixture
def client_as(client):
    """Log the test client in as the given user: client_as(marketer).get(...)."""

    def login(user):
        client.force_login(user)
        return client

    return login


# --- browser journeys --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def _playwright_browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}; install Debian's chromium (apt-get install -y chromium).")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop.
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


class _SerialWSGIServer(WSGIServer):
    """A live server that answers one request at a time.

    With SQLite the test database is in memory and every server thread shares the test's single
    connection; a page and its htmx panels requested together would use it from two threads at once
    ("bad parameter or other API misuse"). The browser's requests simply wait their turn.
    """

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)


@pytest.fixture(scope="session", autouse=True)
def _serial_live_server_on_sqlite():
    if connection.vendor == "sqlite":
        LiveServerThread.server_class = _SerialWSGIServer


def _aborted_by_navigation(text: str) -> bool:
    """htmx's log of a request the browser dropped because the page moved on (a live count still loading when a
    form is submitted): the next page has the answer. A server error still fails the test (htmx:responseError)."""
    return text.startswith(("htmx:sendAbort", "htmx:afterRequest"))


def open_page(_playwright_browser, live_server, request, **context_options):
    """A fresh page on the live server, at a desk (1366 × 900) unless `context_options` say otherwise; yields it
    and, after the test, fails it on any JavaScript error or console error (CSP violations are console errors).

    Reduced motion: Bootstrap then draws no transitions, so axe never measures a button halfway between colours.
    """
    options = {"viewport": {"width": 1366, "height": 900}, "reduced_motion": "reduce", **context_options}
    context = _playwright_browser.new_context(base_url=live_server.url, **options)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"JavaScript error: {exc}"))
    page.on(
        "console",
        lambda msg: (
            problems.append(f"console {msg.type}: {msg.text}")
            if msg.type == "error" and "favicon" not in msg.text and not _aborted_by_navigation(msg.text)
            else None
        ),
    )
    page.artifacts_dir = ARTIFACTS / request.node.name
    page.artifacts_dir.mkdir(parents=True, exist_ok=True)
    yield page
    context.close()
    assert not problems, problems


@pytest.fixture
def page(_playwright_browser, live_server, request):
    """A fresh browser page at a desk; CSP violations and JavaScript errors fail the test."""
    yield from open_page(_playwright_browser, live_server, request)


def browser_login(page, username: str, password: str = "secret-pass-123") -> None:
    """Log in through the login form."""
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/")


def pytest_collection_modifyitems(config, items):
    """CI runs the suite on PostgreSQL, then on SQLite (.ci/run); the browser journeys and the accessibility audit
    test the pages, not the database, so with BROWSER_ONCE set (CI's SQLite run) they are not run a second time.
    `make test` on a developer's machine runs them on whatever database it uses."""
    if not os.environ.get("BROWSER_ONCE") or not settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        return
    skip = pytest.mark.skip(reason="the browser journeys ran on PostgreSQL in this CI run")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)
