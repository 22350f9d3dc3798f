"""Browser tests: Debian's headless Chromium, driven by Playwright, against pytest-django's live server.

Skipped, with a line in the summary saying so, when Chromium is not installed. A failing test
leaves a screenshot in artifacts/screenshots/<test name>.png. Every page runs under the site's
Content-Security-Policy: a test whose pages break it fails, naming what was refused.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.management import call_command

CHROMIUM = Path("/usr/bin/chromium")
SKIP_REASON = f"Chromium not found at {CHROMIUM}: browser tests skipped"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
PASSWORD = "a long fact-checking passphrase"


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.skip(reason=SKIP_REASON))


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if SKIP_REASON in str(r.longrepr)]
    if skipped:
        terminalreporter.write_sep(
            "!", f"{SKIP_REASON} ({len(skipped)} tests; apt-get install chromium)", yellow=True, bold=True
        )


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the test item, so the page fixture knows the test failed.
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture
def browser(monkeypatch):
    """Chromium for one test: Playwright's event loop and the variable below end with it.

    Playwright's sync API runs an event loop in the test thread, from which Django's ORM
    refuses to be called unless DJANGO_ALLOW_ASYNC_UNSAFE is set (the live server answers
    from its own thread). Set for the session, the variable leaked into other tests'
    subprocesses (`check --deploy` fails on it), and the loop outlived the browser tests.
    """
    if not CHROMIUM.exists():
        pytest.skip(SKIP_REASON)
    from playwright.sync_api import sync_playwright

    monkeypatch.setitem(os.environ, "DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield chromium
        chromium.close()


# Each refusal of the Content-Security-Policy, reported by the page to the test.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => window.reportViolation(
    `${event.effectiveDirective} refused ${event.blockedURI || "inline code"}`
    + ` (${event.sourceFile || document.location.href}:${event.lineNumber})`));
"""


@dataclass
class PageEvents:
    """What the pages of one test did that a user would not see: refusals, errors, requests."""

    origin: str
    violations: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    error_responses: list[str] = field(default_factory=list)

    def watch(self, page) -> None:
        page.expose_function("reportViolation", self.on_violation)
        page.add_init_script(REPORT_VIOLATIONS)
        page.on("console", self.on_console)
        page.on("pageerror", lambda error: self.console_errors.append(f"uncaught: {error}"))
        page.on("request", self.on_request)
        page.on("requestfailed", lambda r: self.failed_requests.append(f"{r.url}: {r.failure}"))
        page.on("response", self.on_response)

    def on_console(self, message) -> None:
        # Chromium asks any page without an icon for /favicon.ico, which the server has not.
        if message.type == "error" and not message.location["url"].endswith("/favicon.ico"):
            self.console_errors.append(f"{message.text} ({message.location['url']})")

    def on_response(self, response) -> None:
        if response.status >= 400:
            self.error_responses.append(f"{response.status} {response.url}")

    def on_violation(self, description: str) -> None:
        self.violations.append(description)

    def on_request(self, request) -> None:
        if request.url.startswith(("http:", "https:")) and not request.url.startswith(f"{self.origin}/"):
            self.outside_requests.append(request.url)


@pytest.fixture
def page_events(live_server):
    return PageEvents(origin=live_server.url)


@pytest.fixture
def browser_locale():
    """The browser's language (Accept-Language): a module testing the Vietnamese admin overrides it."""
    return "en-US"


@pytest.fixture
def page(browser, live_server, transactional_db, page_events, request, browser_locale):
    # Depending on transactional_db makes this close first: the database is flushed after
    # the browser is done, not while one of its requests still holds a lock (a deadlock).
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1400, "height": 1000}, locale=browser_locale
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page_events.watch(page)
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]", "_", request.node.name)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    page.wait_for_load_state("networkidle")  # the favicon and script requests answered too
    context.close()
    if report is not None and report.passed:
        assert page_events.violations == [], "the Content-Security-Policy refused something"


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # Each test makes an account and logs in; PBKDF2's deliberate slowness would dominate.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def fact_checker_login(page):
    """An account made by `create_factchecker`, logged in through the admin's login form."""

    def log_in(username: str = "minh"):
        call_command("create_factchecker", username, password=PASSWORD, stdout=io.StringIO())
        page.goto("/admin/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.locator("#login-form [type=submit]").click()  # "Log in", "Đăng nhập": whichever language
        page.wait_for_url("**/admin/")
        return page

    return log_in
