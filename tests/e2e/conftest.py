"""Browser tests: Debian's Chromium (/usr/bin/chromium), driven by Playwright, against pytest-django's live server.

Every test under tests/e2e is marked `e2e` (deselect with `-m "not e2e"`) and runs on a transactional database,
since the live server answers from another thread. Screenshots go to $E2E_SCREENSHOTS (default: a temporary
directory pytest keeps for the last runs).
"""
import os
from pathlib import Path

import pytest
from django.db import connection, connections
from django.urls import reverse

# Playwright's sync API keeps an asyncio event loop in this thread, so Django would refuse every ORM call from
# fixtures and tests ("You cannot call this from an async context"). No coroutine of ours runs in that loop.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
# As root Chromium needs --no-sandbox; the network flags stop it calling home, which this machine's closed
# network refuses (and which would slow every start).
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
DESKTOP = {"width": 1280, "height": 900}
TABLET = {"width": 800, "height": 1100}
HERE = Path(__file__).parent


def pytest_collection_modifyitems(items):
    # A conftest's collection hook sees the whole session's items: mark only the ones in this directory.
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.e2e)


# What the migrations put in the test database (the shipped rule profiles, ...), as pytest-django serialized it
# when it made the database for serialized rollback, and its database blocker; set by `browser`.
_migrated = {}


@pytest.fixture(autouse=True)
def _e2e_database(browser, transactional_db, django_db_serialized_rollback):
    """The live server's thread sees only committed data, so each test commits, and ends by emptying the tables;
    serialized rollback puts the migrations' data back before the next test, and the hook below after this one."""


@pytest.fixture(scope="session")
def browser(django_db_setup, django_db_blocker):
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: run scripts/setup.sh --test"
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail(message)  # CI must not pass by skipping the browser tests
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    snapshot = getattr(connection, "_test_serialized_contents", None)
    with sync_playwright() as playwright:
        # While Playwright's event loop runs in this thread, Django hands out other connection objects (asgiref
        # keeps async contexts' connections apart) for every test this process runs, ours and the others'.
        # Give them the snapshot, or serialized rollback would silently restore nothing.
        if snapshot is not None:
            connection._test_serialized_contents = snapshot
            _migrated.update(data=snapshot, blocker=django_db_blocker)
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
        _migrated.clear()
        # Close the connections handed out inside Playwright's context while still in it: outside they are out
        # of reach, and an open one keeps PostgreSQL from dropping the test database.
        connections.close_all()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield  # the test's fixtures are gone and the tables empty
    # Serialized rollback restores only before a test that asks for it: leave the migrations' data in place for
    # the tests that follow and expect it without asking.
    if _migrated:
        with _migrated["blocker"].unblock():
            connection.creation.deserialize_db_from_string(_migrated["data"])
    return result


@pytest.fixture
def page(browser):
    """A fresh browser context per test (no cookies carried over) that asks for Chinese, as the offices do."""
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN", timezone_id="Asia/Shanghai")
    context.set_default_timeout(15_000)
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    # A missing stylesheet or script, or a server error, would otherwise go unnoticed behind a page that renders.
    tab.on("response", lambda r: _failed(r) and errors.append(f"{r.status} {r.url}"))
    # A script or style the Content-Security-Policy blocks is an error too (inline code sneaking back in).
    tab.on("console", lambda m: _csp_violation(m) and errors.append(f"CSP: {m.text}"))
    yield tab
    context.close()
    assert not errors, f"errors while loading the pages: {errors}"


def _csp_violation(message):
    return message.type == "error" and "Content Security Policy" in message.text


def _failed(response):
    asset = response.request.resource_type in ("stylesheet", "script", "image", "font")
    return response.status >= 500 or (asset and response.status >= 400)


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory):
    configured = os.environ.get("E2E_SCREENSHOTS")
    path = Path(configured) if configured else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def login(page, live_server):
    """login(user, password="pw") signs in through the real login form and waits to leave it."""
    def sign_in(user, password="pw"):
        login_path = reverse("login")
        page.goto(live_server.url + login_path)
        form = page.locator("form:has(input[name='password'])")
        form.locator("input[name='username']").fill(user.username)
        form.locator("input[name='password']").fill(password)
        form.locator("[type='submit']").click()
        page.wait_for_url(lambda url: login_path not in url)
        return page
    return sign_in


@pytest.fixture
def screens(page, screenshot_dir):
    """screens(name) screenshots the page at desktop and tablet width and checks neither scrolls sideways."""
    def check(name):
        for label, viewport in (("desktop", DESKTOP), ("tablet", TABLET)):
            page.set_viewport_size(viewport)
            page.screenshot(path=screenshot_dir / f"{name}-{label}-{viewport['width']}.png", full_page=True)
            widths = page.evaluate(
                "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})")
            assert widths["scroll"] <= widths["inner"], f"{name} overflows sideways at {label} width: {widths}"
        page.set_viewport_size(DESKTOP)
    return check
