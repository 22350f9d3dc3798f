"""The admin's lists and forms of claims and statements fit a 1366×768 screen in Chromium: no
column cut off beside the filter sidebar, no table wider than its box, no page scrolled sideways.
Screenshots go to artifacts/screenshots/fit-*.png.
"""

import datetime

import pytest

from claims.choices import ReviewStatus
from tests.browser.conftest import SCREENSHOTS
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    EventFactory,
    FactCheckerFactory,
    SpeakerFactory,
    StatementFactory,
    TopicFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = (
    "Tổng thống Nga Vladimir Putin nói: “Nga không có ý định tấn công ai”. Nhà Trắng cho biết các "
    "cuộc đàm phán giữa các phái đoàn Nga và Mỹ về ổn định chiến lược sẽ tiếp tục tại Geneva vào "
    "tháng Một năm 2022, sau cuộc điện đàm kéo dài hơn 50 phút giữa hai nhà lãnh đạo."
)
# Whatever is too wide is cut off beside the sidebar or scrolls the page sideways.
OVERFLOWS = """() => {
    const wider = (box) => Boolean(box) && box.scrollWidth > box.clientWidth;
    return {
        page: document.documentElement.scrollWidth > window.innerWidth,
        list: wider(document.querySelector('#changelist .results')),
        inlines: [...document.querySelectorAll('.inline-group .tabular')].some(wider),
    };
}"""


@pytest.fixture
def long_records():
    reviewer = FactCheckerFactory(username="nguyen.thi.minh.khai")
    article = ArticleFactory(title="Tổng thống Nga - Mỹ điện đàm về ổn định chiến lược và Ukraine", body=BODY)
    speaker = SpeakerFactory(name="Bộ Ngoại giao Liên bang Nga (Ministry of Foreign Affairs of Russia)")
    topic = TopicFactory(
        name="Russia and the United States should resume talks on strategic stability in Geneva"
    )
    event = EventFactory(name="Putin–Biden phone call on strategic stability and Ukraine, 30 December 2021")
    claims = [
        ClaimFactory(
            speaker=speaker,
            topic=topic,
            event=event,
            said_on=datetime.date(2021, 12, 30),
            reviewed_by=reviewer,
            summary=f"The ministry says the delegations of Russia and the United States will resume "
            f"their talks on strategic stability in Geneva in January 2022 (version {n}).",
        )
        for n in range(3)
    ]
    quotes = [
        "Nga không có ý định tấn công ai",
        "các cuộc đàm phán giữa các phái đoàn Nga và Mỹ về ổn định chiến lược sẽ tiếp tục tại Geneva",
        "sau cuộc điện đàm kéo dài hơn 50 phút giữa hai nhà lãnh đạo",
    ]
    for quote in quotes:
        StatementFactory(
            article=article, claim=claims[0], quote=quote, created_by=reviewer, reviewed_by=reviewer
        )
    StatementFactory(article=article, claim=claims[1], quote=quotes[1], status=ReviewStatus.CANDIDATE)
    return article, claims[0]


def test_claim_and_statement_pages_fit_1366_pixels(page, fact_checker_login, long_records):
    article, claim = long_records
    fact_checker_login("minh")
    page.set_viewport_size({"width": 1366, "height": 768})
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pages = {
        "claims-list": "/admin/claims/claim/",
        "statements-list": "/admin/claims/statement/",
        "claim-form": f"/admin/claims/claim/{claim.pk}/change/",
        "article-form": f"/admin/sources/article/{article.pk}/change/",
        "review-page": f"/admin/sources/article/{article.pk}/review/",
    }
    for name, url in pages.items():
        page.goto(url)
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(SCREENSHOTS / f"fit-{name}.png"), full_page=True)
        assert page.evaluate(OVERFLOWS) == {"page": False, "list": False, "inlines": False}, name
    # The claims list tells claims of one speaker and topic apart by their summaries.
    page.goto("/admin/claims/claim/")
    summaries = page.locator("#result_list td.field-summary_shown").all_text_contents()
    assert len(set(summaries)) == 3 and all("(version" in text for text in summaries)
