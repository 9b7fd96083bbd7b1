"""Fixtures for the real-browser suite: Debian's Chromium, driven by Playwright, against
pytest-django's live server.

Every test in this folder is marked `browser` (deselect them with `-m 'not browser'`) and
runs against a transactional database, because the live server answers from another thread.

Journeys open pages with `page` (anonymous), or `new_page(user)` for a separate browser
context with its own cookies, already signed in as `user`: one test can then watch the
same site as an editor, a publisher and an anonymous visitor side by side.
"""

import os
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect, sync_playwright

from tests import factories

from .viewports import DESKTOP

BROWSER_TESTS = Path(__file__).resolve().parent
CHROMIUM = Path("/usr/bin/chromium")
AXE_SCRIPT = BROWSER_TESTS / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(settings.BASE_DIR) / "artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
FAILURES = ARTIFACTS / "browser-failures"

# Chromium will not sandbox itself as root, which CI is; and with no network here, every
# background fetch (updates, sync, QUIC) would only flood the log with refused connections.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

CALL_REPORT = pytest.StashKey[pytest.TestReport]()

# A journey that waits longer than this for the local server is broken, not slow.
expect.set_options(timeout=10_000)


def _in_ci():
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def require(condition, reason):
    """Skip when something the browser suite needs is missing; in CI, fail instead."""
    if condition:
        return
    if _in_ci():
        pytest.fail(f"{reason} (CI must run the browser tests; `make browser-deps` installs it)")
    pytest.skip(f"{reason}; `make browser-deps` installs it")


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.is_relative_to(BROWSER_TESTS):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.stash[CALL_REPORT] = report
    return report


@pytest.fixture(scope="session")
def browser(live_server):
    """Chromium for the whole session.

    It depends on the live server only to close first: the server's request threads
    share the test database connection and must finish before the server lets it go.
    """
    require(CHROMIUM.exists(), f"{CHROMIUM} is missing (Debian package `chromium`)")
    # Playwright's sync API keeps an event loop in this thread; Django then refuses ORM calls
    # from the test body, which are synchronous here and safe.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()


@pytest.fixture(autouse=True)
def roles(db):
    """Recreate the groups from the role matrix.

    The live server needs a transactional database, which is emptied after each test
    and so loses the groups that the data migration created.
    """
    factories.make_roles()


@pytest.fixture
def new_page(request, browser, live_server):
    """Open a page in a fresh browser context (desktop size unless context options are
    given), anonymous or signed in as `user`.

    Uncaught JavaScript errors and Content-Security-Policy violations fail the test;
    on failure every open page is screenshotted into artifacts/browser-failures/.
    """
    contexts, errors = [], []

    def open_page(user=None, **context_options):
        context = browser.new_context(base_url=live_server.url, **(context_options or DESKTOP))
        contexts.append(context)
        if user is not None:
            context.add_cookies([session_cookie(user, live_server.url)])
        page = context.new_page()
        watch_errors(page, errors)
        return page

    yield open_page

    report = request.node.stash.get(CALL_REPORT, None)
    if report is not None and report.failed:
        FAILURES.mkdir(parents=True, exist_ok=True)
        for number, context in enumerate(contexts):
            for index, page in enumerate(context.pages):
                path = FAILURES / f"{request.node.name}-{number}-{index}.png"
                try:
                    page.screenshot(path=path, full_page=True)
                except PlaywrightError:
                    continue
    for context in contexts:
        context.close()
    assert not errors, "Errors in the browser:\n" + "\n".join(errors)


def watch_errors(page, errors):
    """Collect the page's uncaught exceptions and the scripts or styles its CSP blocked."""

    def on_console(message):
        # A blocked script or style is only logged: the page silently lacks it.
        if message.type == "error" and "Content Security Policy" in message.text:
            errors.append(f"{page.url}: {message.text}")

    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    page.on("console", on_console)


@pytest.fixture
def starter_content():
    """The question bank that `make run` loads: eight topics of real questions."""
    call_command("load_starter_content", stdout=StringIO())


@pytest.fixture
def page(new_page):
    """An anonymous visitor's page at desktop size."""
    return new_page()


def session_cookie(user, url):
    """A session cookie for `user`, so a journey starts signed in without the login form."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    return {"name": cookie.key, "value": cookie.value, "url": url}


@pytest.fixture(scope="session")
def axe_source():
    require(AXE_SCRIPT.exists(), f"axe-core is missing ({AXE_SCRIPT})")
    return AXE_SCRIPT.read_text(encoding="utf-8")


@pytest.fixture
def axe(axe_source):
    """Return a function that runs axe-core in a page and gives its serious and critical
    violations, one readable line per failing element."""

    def serious_violations(page):
        # evaluate() is not subject to the page's Content-Security-Policy, a <script> tag is.
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.evaluate(axe_source)
        violations = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        )
        return [
            describe_violation(violation, node)
            for violation in violations
            if violation["impact"] in {"serious", "critical"}
            for node in violation["nodes"]
        ]

    return serious_violations


def describe_violation(violation, node):
    target = " ".join(str(selector) for selector in node["target"])
    summary = " ".join(node.get("failureSummary", "").split())
    return f"{violation['impact']} {violation['id']} at {target}: {summary}"


@pytest.fixture(scope="session")
def screenshot_dir():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
