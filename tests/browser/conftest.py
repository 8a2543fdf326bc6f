"""Real Chromium through Playwright, against ``live_server``, with an axe check per page."""

import os
import re
import shutil
from pathlib import Path

import pytest

from tests.factories import TEST_PASSWORD

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_CANDIDATES = [
    os.environ.get("CHROMIUM_PATH", ""),
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    shutil.which("chromium") or "",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def chromium_path() -> str | None:
    for candidate in CHROMIUM_CANDIDATES:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail("REQUIRE_BROWSER=1 but no Chromium was found (install Debian's chromium).")
        pytest.skip(
            "No Chromium at /usr/bin/chromium: install Debian's chromium to run browser tests."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(15_000)
    csp_violations = []
    page.on(
        "console",
        lambda message: (
            csp_violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    context.close()
    assert not csp_violations, f"Content-Security-Policy violations: {csp_violations}"


@pytest.fixture
def axe_check():
    """Assert the page has no WCAG 2.1 A/AA violation; saves a screenshot for people to look at."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page, name: str | None = None):
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        if name:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        violations = results.response["violations"]
        assert not violations, f"{page.url}: " + results.generate_report()

    return check


@pytest.fixture
def login(page):
    def do_login(user, password: str = TEST_PASSWORD):
        from playwright.sync_api import expect

        page.goto("/konto/logga-in/")
        page.get_by_label("E-postadress").fill(user.email)
        page.get_by_label("Lösenord").fill(password)
        page.get_by_role("button", name="Logga in").click()
        # Signed in once a page offers to sign out: waiting for an address ending in "/"
        # would be satisfied by the sign-in page itself, before its answer came.
        expect(page.get_by_role("button", name=re.compile("Logga ut"))).to_be_visible()
        return page

    return do_login


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """Browser tests run in flushed transactional databases: put the reference rows back
    (administrations, council goals, programmes), as the data migration does."""
    from projects.reference_data import ensure_reference_data_for_models

    ensure_reference_data_for_models()
