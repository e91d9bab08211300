"""Playwright in Debian's Chromium against pytest-django's live server.

Every test in this folder is marked ``browser`` and runs with a transactional database, so that
records a test creates are visible to the live server's thread. Without /usr/bin/chromium the
tests are skipped on a developer's machine, but fail under CI=true: CI must run them.

Fixtures for tests: ``phone_page`` (a 390x844 touch screen), ``screenshot(page, name)``,
``assert_accessible(page)`` (axe-core), ``csp_violations(page)``, ``foreign_requests(page)`` and
``logged_in_context(person, **context_args)``; ``helpers.log_in`` goes through the login form.
``page.goto("/path/")`` works: the base URL is the live server's.
"""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client

from tests.browser.helpers import PHONE

# pytest-django's live server and Playwright's sync API share the test's thread, whose event
# loop makes Django refuse database calls (SynchronousOnlyOperation) without this.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_MISSING = f"Chromium not found at {CHROMIUM}: apt-get install chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium keeps calling Google's servers, which this network refuses.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
BLOCKING_IMPACTS = {"serious", "critical"}
HERE = Path(__file__).resolve().parent
# The community's journeys use these fixtures too (community/tests/browser/conftest.py).
BROWSER_TESTS = (HERE, HERE.parents[1] / "community" / "tests" / "browser")


def running_in_ci():
    return os.environ.get("CI") == "true"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if not any(folder in Path(item.fspath).resolve().parents for folder in BROWSER_TESTS):
            continue
        item.add_marker(pytest.mark.browser)
        # In CI the browser_type_launch_args fixture fails these tests instead.
        if not CHROMIUM.exists() and not running_in_ci():
            item.add_marker(pytest.mark.skip(reason=CHROMIUM_MISSING))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM_MISSING} (CI=true requires the browser tests)", pytrace=False)
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def base_url(django_db_setup, live_server):
    # The test database first, so that it is torn down after the live server has closed its
    # connections (PostgreSQL refuses to drop a database still in use).
    return live_server.url


@pytest.fixture(autouse=True)
def _live_server_sees_test_data(transactional_db, live_server):
    # The live server answers from another thread, which sees only committed rows.
    return live_server


@pytest.fixture
def new_context(new_context):
    """pytest-playwright's ``new_context``, remembering the arguments, so that a check of a
    page without JavaScript knows it (see ``javascript_mirror``)."""

    def make(**context_args):
        context = new_context(**context_args)
        context.massagecare_args = context_args
        return context

    return make


def javascript_is_off(page):
    return page.context.__dict__.get("massagecare_args", {}).get("java_script_enabled") is False


_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.DOTALL | re.IGNORECASE)


@pytest.fixture
def javascript_mirror(browser):
    """``javascript_mirror(page)``: a page that axe-core can run in, showing what ``page`` shows.

    In a page with JavaScript turned off the browser runs no timer, and axe-core waits on one
    for ever. So the mirror is a second page, with JavaScript on but none of ours: the same
    screen size and the same document, its scripts taken out, its stylesheets loaded from the
    live server. A page with JavaScript on is its own mirror.
    """
    contexts = []

    def mirror(page):
        if not javascript_is_off(page):
            return page
        args = {**page.context.massagecare_args, "java_script_enabled": True}
        args.pop("base_url", None)
        context = browser.new_context(**args)
        contexts.append(context)
        copy = context.new_page()
        html = _SCRIPT.sub("", page.content())
        html = html.replace("<head>", f'<head><base href="{page.url}">', 1)
        copy.set_content(html, wait_until="load")
        return copy

    yield mirror
    for context in contexts:
        context.close()


@pytest.fixture
def phone_page(new_context):
    """A page on a phone-sized touch screen, the way most people will log a check-in."""
    return new_context(**PHONE).new_page()


@pytest.fixture
def logged_in_context(new_context, live_server):
    """``logged_in_context(person, **context_args)``: a browser context that is already logged
    in as ``person``, with a session made by Django's test client, for tests about a page rather
    than about logging in."""

    def make(person, **context_args):
        client = Client()
        client.force_login(person)
        context = new_context(**context_args)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
        )
        return context

    return make


@pytest.fixture
def screenshot():
    """``screenshot(page, name)`` saves the whole page to test-artifacts/screenshots/name.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name):
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def csp_violations():
    """``csp_violations(page)`` returns a list that fills with the page's CSP console errors.

    Call it before ``page.goto``. Chromium reports every blocked script, style, image or
    connection on the console ("... violates the following Content Security Policy ...").
    """

    def watch(page):
        messages = []

        def record(message):
            if "Content Security Policy" in message.text:
                messages.append(message.text)

        page.on("console", record)
        return messages

    return watch


@pytest.fixture
def foreign_requests(live_server):
    """``foreign_requests(page)`` returns a list that fills with requests to any other host."""
    own = urlsplit(live_server.url).netloc

    def watch(page):
        urls = []

        def record(request):
            parts = urlsplit(request.url)
            if parts.scheme in {"http", "https", "ws", "wss"} and parts.netloc != own:
                urls.append(request.url)

        page.on("request", record)
        return urls

    return watch


def format_violations(violations):
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(
            f"    at {', '.join(map(str, node['target']))}" for node in violation["nodes"][:5]
        )
        if len(violation["nodes"]) > 5:
            lines.append(f"    and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


@pytest.fixture
def assert_accessible(javascript_mirror):
    """``assert_accessible(page)`` runs axe-core on the page as it is now and fails the test on
    any serious or critical violation, listing each rule and the elements that break it.

    axe_playwright_python sends axe's source through Playwright's ``page.evaluate``, which the
    DevTools protocol runs outside the page's Content Security Policy, so the strict policy
    stays on while axe runs (tests/browser/test_public_pages.py checks the page itself). A
    page with JavaScript turned off is checked through its ``javascript_mirror``.
    """
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page):
        page = javascript_mirror(page)
        # preload: false stops axe fetching and re-parsing our stylesheets into <style> elements
        # (for its one CSS orientation rule), which the CSP would rightly report as inline style.
        results = axe.run(page, options={"resultTypes": ["violations"], "preload": False})
        blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
        if blocking:
            pytest.fail(
                f"axe found {len(blocking)} serious or critical accessibility problem(s) on "
                f"{page.url}:\n{format_violations(blocking)}",
                pytrace=False,
            )
        return results

    return check
