"""The API docs, the admin and the browsable API work in Chromium under the Content-Security-Policy.

Each page is used as a person would (an operation tried, a record saved), then checked: nothing
refused by the policy, no script error, no request that left the server. Screenshots of each
page go to artifacts/screenshots/csp-*.png.
"""

import http.server
import json
import threading

import pytest
from playwright.sync_api import expect
from rest_framework.authtoken.models import Token

from claims.models import Claim, Topic
from tests.browser.conftest import SCREENSHOTS
from tests.factories import ClaimFactory, FactCheckerFactory, TopicFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"csp-{name}.png"))


def assert_clean(page, page_events) -> None:
    """Everything the page asked for was answered, by this server, within the policy."""
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.location.origin") == page_events.origin
    assert page_events.violations == []
    assert page_events.console_errors == []
    assert page_events.outside_requests == []
    assert page_events.failed_requests == []
    assert page_events.error_responses == []


def test_swagger_ui_lists_the_operations_and_tries_one(page, page_events):
    TopicFactory(slug="nato-expansion", name="NATO should not expand further east")
    response = page.goto("/api/docs/")
    assert "script-src 'self' 'nonce-" in response.headers["content-security-policy"]
    topics = page.locator("#operations-topics-topics_list")
    expect(topics).to_be_visible()
    expect(page.locator(".opblock")).not_to_have_count(0)
    # Reads are open (no padlock); writes need a token (a padlock, to authorize with).
    expect(topics.locator(".authorization__btn")).to_have_count(0)
    expect(page.locator("#operations-topics-topics_create .authorization__btn")).to_have_count(1)
    screenshot(page, "swagger-ui-operations")
    topics.locator(".opblock-summary").click()
    topics.get_by_role("button", name="Try it out").click()
    topics.get_by_role("button", name="Execute").click()
    live = topics.locator(".live-responses-table tbody")
    expect(live.locator(".response-col_status")).to_have_text("200")
    expect(live.locator(".microlight").first).to_contain_text("nato-expansion")
    screenshot(page, "swagger-ui-tried")
    assert_clean(page, page_events)


def test_redoc_shows_the_api_and_searches_it_offline(page, page_events):
    response = page.goto("/api/redoc/")
    assert "worker-src 'self' blob:" in response.headers["content-security-policy"]
    # Redoc reads and lays out the whole schema before it shows anything: seconds on a busy machine.
    expect(page.locator("h1")).to_contain_text("Summit API", timeout=60_000)
    # Operations are shown by their summaries.
    expect(page.locator("h2", has_text="List topics").first).to_be_visible()
    # The search index runs in Redoc's worker.
    page.get_by_placeholder("Search...").fill("Get a topic")
    expect(page.get_by_role("menuitem", name="Get a topic")).to_be_visible(timeout=30_000)
    screenshot(page, "redoc")
    assert_clean(page, page_events)


def test_admin_login_change_list_and_change_form(page, page_events, fact_checker_login):
    claim = ClaimFactory(summary="Putin demands legal guarantees.")
    fact_checker_login("minh")
    assert "content-security-policy" in page.goto("/admin/claims/claim/").headers
    link = page.locator(f"#result_list th a[href$='/claims/claim/{claim.pk}/change/']")
    expect(link).to_have_count(1)
    screenshot(page, "admin-change-list")
    link.click()
    expect(page.locator("#id_summary")).to_have_value("Putin demands legal guarantees.")
    page.fill("#id_summary", "Putin demands legal guarantees that NATO will not expand east.")
    screenshot(page, "admin-change-form")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    claim.refresh_from_db()
    assert claim.summary == "Putin demands legal guarantees that NATO will not expand east."
    assert_clean(page, page_events)


def test_browsable_api_renders_and_posts(page, page_events, fact_checker_login):
    TopicFactory(slug="nato-expansion", name="NATO should not expand further east")
    assert "content-security-policy" in page.goto("/api/v1/topics/").headers
    expect(page.locator(".response-info")).to_contain_text("nato-expansion")
    screenshot(page, "browsable-api-anonymous")

    fact_checker_login("minh")
    page.goto("/api/v1/topics/")
    page.fill("#id__content", json.dumps({"slug": "sanctions", "name": "The US will impose sanctions"}))
    page.locator("#post-generic-content-form").get_by_role("button", name="POST").click()
    expect(page.locator(".response-info")).to_contain_text("HTTP 201 Created")
    screenshot(page, "browsable-api-posted")
    assert Topic.objects.filter(slug="sanctions").exists()
    assert Claim.objects.count() == 0
    assert_clean(page, page_events)


@pytest.fixture
def newsroom_app():
    """A newsroom's own page, served from another origin than the API's; its origin."""

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<!doctype html><title>Newsroom</title>")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_page_on_another_origin_uses_etags_through_cors(page, live_server, newsroom_app, settings):
    """Another origin's page reads with If-None-Match and writes with If-Match, as the README says."""
    topic = TopicFactory(slug="nato-expansion", name="NATO should not expand further east")
    token = Token.objects.create(user=FactCheckerFactory()).key
    settings.CORS_ALLOWED_ORIGINS = [newsroom_app]
    page.goto(f"{newsroom_app}/")
    result = page.evaluate(
        """async ([url, token]) => {
            const read = await fetch(url);
            const etag = read.headers.get("ETag");
            const unchanged = await fetch(url, {headers: {"If-None-Match": etag}});
            const write = (ifMatch) => fetch(url, {
                method: "PATCH",
                headers: {"Authorization": `Token ${token}`, "Content-Type": "application/json", "If-Match": ifMatch},
                body: JSON.stringify({name: "NATO must not expand east"}),
            });
            const written = await write(etag);
            const stale = await write(etag);
            return {read: read.status, etag, unchanged: unchanged.status, written: written.status,
                    stale: stale.status};
        }""",
        [f"{live_server.url}/api/v1/topics/{topic.slug}/", token],
    )
    assert result["read"] == 200 and result["etag"]
    assert (result["unchanged"], result["written"], result["stale"]) == (304, 200, 412)
    topic.refresh_from_db()
    assert topic.name == "NATO must not expand east"
