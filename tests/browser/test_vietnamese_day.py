"""A fact-checker's day in a Chromium set to Vietnamese: log in, add a statement from words selected
in an article, confirm and classify a candidate, dismiss a suspected contradiction with a note, and
find the changes in history and in Recent actions, with none of the project's English strings on
the way. Screenshots of each step go to artifacts/screenshots/vi-day-*.png.
"""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from claims.choices import ContradictionStatus, ReviewStatus, SpeechMode, Stance
from claims.models import Claim, Contradiction, Statement
from tests.admin.test_vietnamese_pages import english_in, english_pieces, visible_text
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_review_page import choose, drag_across
from tests.factories import (
    AliasFactory,
    ArticleFactory,
    ClaimFactory,
    OutletFactory,
    SpeakerFactory,
    StatementFactory,
    TopicFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = (
    "Thượng đỉnh Nga - Mỹ\n"
    "Tổng thống Nga Vladimir Putin nói: “Nga không có ý định tấn công ai”. "
    "Nhà Trắng cảnh báo Nga có thể tấn công Ukraine bất cứ lúc nào. "
    "Điện Kremlin cho biết các cuộc đàm phán sẽ tiếp tục vào tháng Một."
)
SELECTED = "Nga không có ý định tấn công ai"
CANDIDATE_QUOTE = "các cuộc đàm phán sẽ tiếp tục vào tháng Một"
NOTE = "Hai tuyên bố nói về hai thời điểm khác nhau: không mâu thuẫn."


@pytest.fixture
def browser_locale():
    return "vi-VN"


@pytest.fixture(scope="module")
def pieces():
    return english_pieces()


def step(page, pieces, number: int, name: str) -> None:
    """Checks the page shows no English string of the project's, and saves its screenshot."""
    assert english_in(visible_text(page.content()), pieces) == [], page.url
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")  # the admin's sticky sidebar is drawn where the page is
    page.screenshot(path=str(SCREENSHOTS / f"vi-day-{number}-{name}.png"), full_page=True)


@pytest.fixture
def newsroom():
    """A seeded-like article with a candidate statement, and two speakers' verified claims of
    opposing stances on one topic, which detection suspects of contradicting each other. Entered
    in Vietnamese: what detection writes is in the language of whoever saves the claims."""
    with translation.override("vi"):
        return make_newsroom()


def make_newsroom():
    outlet = OutletFactory(slug="plvn", name="Pháp luật Việt Nam")
    article = ArticleFactory(key="000_vi", title="Thượng đỉnh Nga - Mỹ", body=BODY, outlet=outlet)
    putin = SpeakerFactory(slug="vladimir-putin", name="Vladimir Putin")
    AliasFactory(speaker=putin, name="ông Putin")
    white_house = SpeakerFactory(slug="nha-trang", name="Nhà Trắng", kind="institution")
    attack = TopicFactory(
        slug="nga-tan-cong", name="Russia will attack Ukraine", name_vi="Nga sẽ tấn công Ukraine"
    )
    talks = TopicFactory(
        slug="dam-phan", name="The talks will resume in January", name_vi="Đàm phán sẽ tiếp tục vào tháng Một"
    )
    denial = ClaimFactory(
        speaker=putin, topic=attack, stance=Stance.OPPOSES, status=ReviewStatus.VERIFIED,
        summary="Putin denies any plan to attack.", summary_vi="Ông Putin phủ nhận kế hoạch tấn công.",
    )  # fmt: skip
    warning = ClaimFactory(
        speaker=white_house, topic=attack, stance=Stance.SUPPORTS, status=ReviewStatus.VERIFIED,
        summary="Washington warns of an invasion.", summary_vi="Washington cảnh báo về một cuộc xâm lược.",
    )  # fmt: skip
    StatementFactory(claim=warning, article=article, quote="Nhà Trắng cảnh báo Nga có thể tấn công Ukraine")
    kremlin_claim = ClaimFactory(
        speaker=SpeakerFactory(slug="kremlin", name="Điện Kremlin", kind="institution"),
        topic=TopicFactory(slug="chua-phan-loai", name="Unclassified", name_vi="Chưa phân loại"),
        stance=Stance.NEUTRAL,
        summary="Điện Kremlin: các cuộc đàm phán sẽ tiếp tục",
        status=ReviewStatus.CANDIDATE,
    )
    candidate = StatementFactory(
        article=article, claim=kremlin_claim, quote=CANDIDATE_QUOTE, mode=SpeechMode.INDIRECT,
        status=ReviewStatus.CANDIDATE,
    )  # fmt: skip
    contradiction = Contradiction.objects.get(status=ContradictionStatus.SUSPECTED)
    assert {contradiction.claim_a, contradiction.claim_b} == {denial, warning}
    return article, putin, talks, candidate, contradiction


def test_a_fact_checkers_day_in_vietnamese(page, fact_checker_login, newsroom, pieces):
    article, putin, talks, candidate, contradiction = newsroom

    # 1. The login page speaks Vietnamese.
    page.goto("/admin/login/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.locator("label[for=id_username]")).to_have_text("Tên đăng nhập:")
    expect(page.locator("label[for=id_password]")).to_have_text("Mật khẩu:")
    expect(page.locator("#login-form [type=submit]")).to_have_value("Đăng nhập")
    step(page, pieces, 1, "login")
    fact_checker_login("minh")
    expect(page.locator("#site-name")).to_have_text("Summit – kiểm chứng thông tin")

    # 2. From the articles list to the article's review page.
    page.goto("/admin/sources/article/")
    row = page.locator(f"#result_list tr:has(a[href$='/sources/article/{article.pk}/review/'])")
    expect(row).to_contain_text("Thượng đỉnh Nga - Mỹ")
    step(page, pieces, 2, "articles")
    row.get_by_role("link", name="Kiểm duyệt").click()
    page.wait_for_url(f"**/sources/article/{article.pk}/review/")
    expect(page.locator(f"#candidate-{candidate.pk} .card-head")).to_contain_text("Chờ duyệt")
    step(page, pieces, 3, "review-page")

    # 3. Words dragged over with the mouse become a statement of Putin, found by his alias
    # ("ông Putin") typed without accents.
    drag_across(page, SELECTED)
    panel = page.locator("#add-statement")
    expect(panel).to_be_visible()
    expect(panel.locator("#add-statement-title")).to_have_text("Thêm một trích dẫn")
    expect(panel.locator("#selected-quote")).to_have_text(SELECTED)
    expect(panel.locator("#id_add-mode_0")).to_be_checked()  # in quotation marks: direct
    choose(page, panel.locator("#id_add-speaker + .select2"), "ong putin", "Vladimir Putin")
    expect(panel.locator("#id_add-claim")).to_be_enabled()
    # The speaker's claims are offered by their summary in the interface language.
    denial = panel.locator("#id_add-claim option", has_text="Ông Putin phủ nhận kế hoạch tấn công")
    expect(denial).to_have_count(1)
    panel.locator("#id_add-claim").select_option(denial.get_attribute("value"))
    expect(panel.locator("#new-claim-fields")).to_be_hidden()
    step(page, pieces, 4, "selected")
    panel.get_by_role("button", name="Thêm trích dẫn").click()
    messages = page.locator("#review-messages")
    expect(messages).to_contain_text("cho Vladimir Putin")
    expect(panel).to_be_hidden()
    added = Statement.objects.get(quote=SELECTED)
    expect(page.locator(f"mark#statement-{added.pk}")).to_have_text(SELECTED)
    expect(page.locator(f"#candidate-{added.pk}")).to_be_visible()
    expect(page.locator("#candidate-count")).to_have_text("2")
    step(page, pieces, 5, "added")

    # 4. The Kremlin's candidate confirmed, its claim classified in the same card.
    card = page.locator(f"#candidate-{candidate.pk}")
    prefix = f"#id_s{candidate.pk}"
    choose(page, card.locator(f"{prefix}-topic + .select2"), "dam phan", talks.name_vi)
    card.locator(f"{prefix}-stance").select_option(Stance.SUPPORTS)
    card.locator(f"{prefix}-summary").fill("The Kremlin says the talks will resume in January.")
    card.locator(f"{prefix}-summary_vi").fill("Điện Kremlin: đàm phán sẽ tiếp tục vào tháng Một.")
    expect(card.locator(f"{prefix}-claim_status")).to_have_value(ReviewStatus.VERIFIED)
    expect(card.locator(f"label[for={prefix[1:]}-summary_vi]")).to_have_text("Tóm tắt (tiếng Việt):")
    step(page, pieces, 6, "classifying")
    card.get_by_role("button", name="Xác nhận").click()
    expect(messages).to_contain_text(f"Đã xác nhận trích dẫn {candidate.pk}")
    expect(messages).to_contain_text(f"tuyên bố {candidate.claim_id}: đã xác minh")
    expect(card).to_have_count(0)
    expect(page.locator(f"mark#statement-{candidate.pk}")).to_have_class(re.compile("status-verified"))
    step(page, pieces, 7, "confirmed")

    # 5. The suspected contradiction dismissed with a note through the bulk action.
    page.goto("/admin/claims/contradiction/")
    page.locator(f"input[name=_selected_action][value='{contradiction.pk}']").check()
    page.select_option("select[name=action]", "dismiss_selected")
    step(page, pieces, 8, "contradictions")
    page.locator("button[name=index]").click()
    expect(page.locator("h1")).to_contain_text("Bỏ qua")
    expect(page.locator("label[for=id_note]")).to_contain_text("Ghi chú")
    page.fill("textarea[name=note]", NOTE)
    step(page, pieces, 9, "dismiss-confirmation")
    page.get_by_role("button", name="Đồng ý, bỏ qua").click()
    expect(page.locator(".messagelist")).to_contain_text("bỏ qua")
    page.goto(f"/admin/claims/contradiction/{contradiction.pk}/change/")
    expect(page.locator("#content-main")).to_contain_text(NOTE)
    step(page, pieces, 10, "contradiction")

    # 6. Its history: the change with the fact-checker's name, at a local time with its zone.
    page.locator(".object-tools a[href$='/history/']").click()
    newest = page.locator("#change-history tbody tr").first
    expect(newest).to_contain_text("minh")
    expect(newest).to_contain_text(re.compile(r"GMT\+0?7|\+07"))
    step(page, pieces, 11, "history")

    # 7. Recent actions on the admin's index list the day's review.
    page.goto("/admin/")
    recent = page.locator("#recent-actions-module")
    expect(recent).to_contain_text(SELECTED)
    expect(recent).to_contain_text(CANDIDATE_QUOTE)
    step(page, pieces, 12, "recent-actions")

    claim = Claim.objects.get(pk=candidate.claim_id)
    assert (claim.topic, claim.stance, claim.status) == (talks, Stance.SUPPORTS, ReviewStatus.VERIFIED)
    assert claim.summary_vi == "Điện Kremlin: đàm phán sẽ tiếp tục vào tháng Một."
    assert (added.claim.speaker, added.created_by.username) == (putin, "minh")
    contradiction.refresh_from_db()
    assert contradiction.status == ContradictionStatus.DISMISSED
    assert contradiction.reviewed_by.username == "minh"
