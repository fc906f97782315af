"""Real Chromium for the end-to-end journeys.

Playwright drives Debian's /usr/bin/chromium (its own browser download is not
possible here). Without Chromium the tests skip with the reason printed; under
CI (CI=true) a missing Chromium is a failure, so the journeys cannot silently
stop running.

The main journeys take the `language` fixture and run once per language of JOURNEY_LANGUAGES:
in English, French (a long-worded left-to-right language) and Arabic (right to left). Their
phone-width screenshots are listed at the end of the run (tests/conftest.py).
"""

import os
import shutil

import pytest

from tests.browser.helpers import Language

CHROMIUM_CANDIDATES = [os.environ.get("CHROMIUM_PATH", ""), "/usr/bin/chromium", "/usr/bin/chromium-browser"]
JOURNEY_LANGUAGES = ["en", "fr", "ar"]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def _chromium_path() -> str | None:
    for candidate in CHROMIUM_CANDIDATES:
        if candidate and os.path.exists(candidate):
            return candidate
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def chromium_executable():
    path = _chromium_path()
    if path is None:
        reason = "Chromium not found (install Debian's 'chromium' package or set CHROMIUM_PATH)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason}; CI must run the browser journeys")
        print(f"\nSKIPPED browser tests: {reason}")
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def browser(chromium_executable):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own
    # ORM calls are plain synchronous code, so Django's async guard is lifted.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_executable, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def renders_in_the_request(settings):
    """Render jobs run in the request that asks (a test that watches a job's progress sets "thread").

    The live server's SQLite test database is shared in memory: a render thread writing a job row
    while a request reads it fails with "database table is locked" (SQLITE_LOCKED, which no busy
    timeout waits out), and a journey would fail for a reason no user meets on a file database.
    """
    settings.RENDER_JOBS_RUNNER = "inline"


@pytest.fixture
def page(browser, live_server, settings):
    settings.SITE_URL = live_server.url
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture(params=JOURNEY_LANGUAGES)
def language(request):
    """The language a main journey runs in: every page under its prefix (/fr/, /ar/), every
    button and link found by its name in that language's catalogue."""
    return Language(request.param)
