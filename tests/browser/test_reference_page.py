"""The reference page at `/` in Chromium, on the seed corpus: a search (in English and, without
accents, in Vietnamese), a claim with its statements, their chains of intermediaries and its
contradictions, errors shown and a busy server waited for. Then the same page served from another
origin, reading lists and errors through CORS and sending conditional requests. Screenshots go to
artifacts/screenshots/reference-*.png.
"""

import functools
import http.server
import io
import re
import shutil
import threading
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect
from rest_framework.authtoken.models import Token

from claims.models import Claim
from tests.browser.conftest import SCREENSHOTS
from tests.factories import ClaimFactory, FactCheckerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STATIC = Path(__file__).resolve().parents[2] / "core" / "static" / "core"
BUNDLE = STATIC / "reference.js"
# The seed's claim with the most to show: three statements, two through Reuters, and a
# discrepancy between two of them.
GUARANTEES = "putin-demands-legal-guarantees-against-nato-expansion"


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"reference-{name}.png"), full_page=True)


@pytest.fixture
def seeded(transactional_db):
    assert BUNDLE.exists(), f"{BUNDLE} is missing: `make install` bundles it"
    call_command("seed", stdout=io.StringIO())


def claim_id(key: str) -> int:
    return Claim.objects.get(key=key).pk


def see_the_guarantees_claim(page) -> None:
    """The claim's page: its statements, each one's chain to its article, its contradiction."""
    expect(page.locator("h1")).to_have_text(re.compile("legally binding guarantees"))
    expect(page.locator(".facts")).to_contain_text("Vladimir Putin")
    statements = page.locator(".statements li.statement")
    expect(statements).to_have_count(3)
    expect(statements.locator("blockquote").first).to_contain_text("NATO")
    expect(statements.locator(".chain").first).to_have_text(
        re.compile(r"^Vladimir Putin → Reuters → Báo Pháp luật Việt Nam \(PLVN\) — .+")
    )
    expect(statements.first.locator(".meta")).to_contain_text("first appearance")
    contradiction = page.locator(".contradictions li.contradiction")
    expect(contradiction).to_have_count(1)
    expect(contradiction.locator(".kind")).to_have_text("discrepancy between sources · confirmed")
    expect(contradiction.locator(".differing li")).to_have_count(2)


def test_a_reader_searches_and_reads_a_claim(page, page_events, seeded):
    page.goto("/")
    expect(page.locator("h1")).to_have_text("Latest claims")
    expect(page.locator(".claim-item")).to_have_count(10)
    # The next page comes by the cursor of the first.
    page.get_by_role("button", name="More claims").click()
    expect(page.locator(".claim-item")).to_have_count(20)
    screenshot(page, "latest")

    page.get_by_role("searchbox", name="Search claims").fill("legally binding")
    page.get_by_role("searchbox", name="Search claims").press("Enter")
    expect(page.locator("h1")).to_have_text("Claims matching “legally binding”")
    page.get_by_role("link", name=re.compile("legally binding guarantees")).click()
    page.wait_for_url(f"**/#/claims/{claim_id(GUARANTEES)}")
    see_the_guarantees_claim(page)
    screenshot(page, "claim")

    # A contradiction's other claim is a link to its page.
    page.goto(f"/#/claims/{claim_id('kremlin-border-forces-defensive')}")
    opposing = page.locator(".contradictions li.contradiction")
    expect(opposing).to_have_count(4)
    expect(opposing.locator(".against a").first).to_be_visible()
    opposing.locator(".against a", has_text="Joe Biden").click()
    expect(page.locator("h1")).to_contain_text("threatening")
    expect(page.locator(".statements .chain")).to_contain_text("→")
    screenshot(page, "opposing")
    assert page_events.violations == [] and page_events.console_errors == []
    assert page_events.outside_requests == [] and page_events.error_responses == []


@pytest.mark.parametrize("browser_locale", ["vi-VN"])
def test_a_vietnamese_reader_searches_without_accents(page, page_events, seeded):
    page.goto("/")
    expect(page.locator("h1")).to_have_text("Phát ngôn mới nhất")
    expect(page.get_by_role("button", name="Tiếng Việt")).to_have_attribute("aria-pressed", "true")
    search = page.get_by_role("searchbox", name="Tìm phát ngôn")
    search.fill("dam phan")
    search.press("Enter")
    expect(page.locator("h1")).to_have_text("Phát ngôn khớp với “dam phan”")
    found = page.locator(".claim-item")
    expect(found.first).to_be_visible()
    expect(found.filter(has_text="đàm phán").first).to_be_visible()
    screenshot(page, "search-vi")

    page.goto(f"/#/claims/{claim_id(GUARANTEES)}")
    expect(page.locator("h2").first).to_contain_text("Các trích dẫn")
    expect(page.locator(".contradictions .kind")).to_have_text("các nguồn không khớp nhau · đã xác nhận")
    screenshot(page, "claim-vi")
    # The reader's choice of language is kept.
    page.get_by_role("button", name="English").click()
    expect(page.locator(".contradictions .kind")).to_have_text("discrepancy between sources · confirmed")
    page.reload()
    expect(page.locator("h2").first).to_contain_text("Statements")
    assert page_events.violations == [] and page_events.console_errors == []


def test_a_busy_server_is_waited_for_and_errors_are_shown(page):
    assert BUNDLE.exists(), f"{BUNDLE} is missing: `make install` bundles it"
    ClaimFactory.create_batch(3)
    refused = []

    def busy_once(route):
        if not refused:
            refused.append(route.request.url)
            route.fulfill(status=503, headers={"Retry-After": "1"}, json={"detail": "busy"})
        else:
            route.continue_()

    page.route(re.compile(r"/api/v1/claims/\?"), busy_once)
    page.goto("/")
    expect(page.locator(".notice")).to_have_text("The server is busy: trying again in 1 s…")
    screenshot(page, "busy")
    expect(page.locator(".claim-item")).to_have_count(3)
    expect(page.locator(".notice")).to_be_hidden()
    assert len(refused) == 1

    page.goto("/#/claims/999999")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("The API could not answer: 404: ")
    screenshot(page, "error")
    # Searching for nothing a word can be looked up by: the API's own message is shown.
    page.goto("/#/?q=ab")
    expect(page.get_by_role("alert")).to_contain_text("400: ")


@pytest.fixture
def other_origin(tmp_path, live_server):
    """The page's files on a plain static server of another origin, its API the live server's."""
    site = tmp_path / "site"
    site.mkdir()
    for name in ("reference.js", "reference.css"):
        shutil.copy(STATIC / name, site / name)
    (site / "index.html").write_text(
        "<!doctype html><html><head><meta charset='utf-8'><title>Summit elsewhere</title>"
        f"<meta name='summit-api' content='{live_server.url}'>"
        "<link rel='stylesheet' href='reference.css'><script src='reference.js' defer></script>"
        "</head><body></body></html>",
        encoding="utf-8",
    )

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_the_page_on_another_origin_reads_through_cors(page, live_server, other_origin, settings, seeded):
    assert not live_server.url.startswith(other_origin)
    # Not allowed yet: the browser keeps the answers from the page, which says so.
    settings.CORS_ALLOWED_ORIGINS = []
    page.goto(f"{other_origin}/")
    expect(page.get_by_role("alert")).to_contain_text("The API could not answer")

    settings.CORS_ALLOWED_ORIGINS = [other_origin]
    page.reload()
    expect(page.locator(".claim-item")).to_have_count(10)
    page.get_by_role("searchbox", name="Search claims").fill("legally binding")
    page.get_by_role("searchbox", name="Search claims").press("Enter")
    page.get_by_role("link", name=re.compile("legally binding guarantees")).click()
    see_the_guarantees_claim(page)
    assert page.evaluate("document.location.origin") == other_origin
    screenshot(page, "other-origin-claim")
    # An error's body is readable across origins too: the API's message is shown.
    page.goto(f"{other_origin}/#/claims/999999")
    expect(page.get_by_role("alert")).to_contain_text("404: ")
    screenshot(page, "other-origin-error")

    # Conditional requests from that origin: If-None-Match answered 304, If-Match 200, then,
    # with the ETag gone stale, 412.
    token = Token.objects.create(user=FactCheckerFactory()).key
    result = page.evaluate(
        """async ([url, token]) => {
            const auth = {"Authorization": `Token ${token}`};
            const read = await fetch(url, {headers: auth});
            const etag = read.headers.get("ETag");
            const claim = await read.json();
            const unchanged = await fetch(url, {headers: {...auth, "If-None-Match": etag}});
            const write = (ifMatch) => fetch(url, {
                method: "PATCH",
                headers: {...auth, "Content-Type": "application/json", "If-Match": ifMatch},
                body: JSON.stringify({stance: claim.stance}),
            });
            const written = await write(etag);
            const stale = await write(etag);
            return {read: read.status, etag, unchanged: unchanged.status, written: written.status,
                    newEtag: written.headers.get("ETag"), stale: stale.status,
                    staleCode: (await stale.json()).code};
        }""",
        [f"{live_server.url}/api/v1/claims/{claim_id(GUARANTEES)}/", token],
    )
    assert result["read"] == 200 and result["etag"]
    assert (result["unchanged"], result["written"], result["stale"]) == (304, 200, 412)
    assert result["newEtag"] and result["newEtag"] != result["etag"]
    assert result["staleCode"] == "precondition_failed"
