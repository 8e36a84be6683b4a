"""Browser tests: Debian's Chromium driven by Playwright for Python, against `live_server`.

The browser is never downloaded: it is the executable in YNTYMAQ_CHROMIUM (default
/usr/bin/chromium). Without it these tests skip with a message, unless
YNTYMAQ_REQUIRE_BROWSER=1 (CI), when they fail.

Use in a test module:

    pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

    def test_something(page, login, service_head, console):
        login(service_head)
        page.goto("/o/kaznu/")
        assert csp_violations(console) == []
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import pytest
from django.test import override_settings

from tests.conftest import PASSWORD

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
TIMEOUT_MS = 15_000


def chromium_path() -> str:
    return os.environ.get("YNTYMAQ_CHROMIUM", "/usr/bin/chromium")


def _unavailable(message: str):
    if os.environ.get("YNTYMAQ_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{message} (YNTYMAQ_REQUIRE_BROWSER=1, so browser tests must run)")
    pytest.skip(message)


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium per test module.

    Playwright's sync API runs an event loop in this thread; while it is alive the ORM would
    refuse to work ("async context"), so DJANGO_ALLOW_ASYNC_UNSAFE is set for exactly the
    browser's lifetime and the browser closes with the module, before other tests run.
    """
    executable = chromium_path()
    if not (os.path.isfile(executable) and os.access(executable, os.X_OK)):
        _unavailable(
            f"Chromium not found at {executable}: `apt-get install chromium` or set "
            "YNTYMAQ_CHROMIUM to its path"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is in the lock file
        _unavailable("Playwright for Python is not installed")

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        patch.setenv("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
        with sync_playwright() as playwright:
            try:
                launched = playwright.chromium.launch(
                    executable_path=executable, args=CHROMIUM_ARGS, headless=True
                )
            except Exception as error:  # any launch failure is reported alike
                _unavailable(f"Chromium at {executable} does not start: {error}")
            yield launched
            launched.close()


@pytest.fixture(scope="session")
def live_server(live_server_media_url, live_server):
    """pytest-django's live server, started only after MEDIA_URL has a value."""
    return live_server


@pytest.fixture(scope="session")
def live_server_media_url():
    """The live server wraps the app in Django's media handler, which cannot work with our
    `MEDIA_URL = None` (uploads are served only through access-checked views). Give it a
    path no page links to, for the test session only."""
    with override_settings(MEDIA_URL="/e2e-unserved-media/"):
        yield


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context (no cookies) whose relative URLs go to the live server."""
    context = browser.new_context(base_url=live_server.url, locale="ru-RU")
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    yield tab
    context.close()


@dataclass
class ConsoleEntry:
    kind: str  # console message type ("error", "warning", …) or "pageerror"
    text: str
    url: str


@pytest.fixture
def console(page) -> list[ConsoleEntry]:
    """Every console message and uncaught page error of `page`, in order."""
    entries: list[ConsoleEntry] = []
    page.on("console", lambda m: entries.append(ConsoleEntry(m.type, m.text, page.url)))
    page.on("pageerror", lambda e: entries.append(ConsoleEntry("pageerror", str(e), page.url)))
    return entries


def csp_violations(entries: list[ConsoleEntry]) -> list[str]:
    """Console messages that report a Content-Security-Policy violation."""
    return [
        f"{e.url}: {e.text}"
        for e in entries
        if "Content Security Policy" in e.text or "Content-Security-Policy" in e.text
    ]


def page_errors(entries: list[ConsoleEntry]) -> list[str]:
    return [f"{e.url}: {e.text}" for e in entries if e.kind == "pageerror"]


@pytest.fixture
def login(page):
    """`login(user)`: sign in through the login form with e-mail and password."""

    def sign_in(user, password: str = PASSWORD):
        page.goto("/account/login/")
        form = page.locator("form:has(input[name=password])")
        form.locator("input[name=username]").fill(user.email)
        form.locator("input[name=password]").fill(password)
        with page.expect_navigation():
            form.locator("button[type=submit]").click()
        assert "/account/login/" not in page.url, f"login as {user.email} failed: {page.url}"
        return page

    return sign_in
