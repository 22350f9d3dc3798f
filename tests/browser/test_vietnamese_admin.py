"""The admin as a Chromium set to Vietnamese sees it: labels, bilingual names, local times, and the
switch to English in the header. Screenshots of the pages go to artifacts/screenshots/vi-*.png."""

import pytest
from playwright.sync_api import expect

from claims.choices import ReviewStatus, Stance
from tests.browser.conftest import SCREENSHOTS
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    EventFactory,
    SpeakerFactory,
    StatementFactory,
    TopicFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_locale():
    return "vi-VN"


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"vi-{name}.png"), full_page=True)


@pytest.fixture
def claims_in_both_languages():
    topic = TopicFactory(
        slug="nato-east",
        name="NATO should not expand further east",
        name_vi="NATO không được mở rộng về phía đông",
    )
    event = EventFactory(
        slug="video-call", name="Video call", name_vi="Hội đàm trực tuyến", starts_on="2021-12-07"
    )
    putin = SpeakerFactory(slug="vladimir-putin", name="Vladimir Putin")
    biden = SpeakerFactory(slug="joe-biden", name="Joe Biden")
    demand = ClaimFactory(
        speaker=putin, topic=topic, stance=Stance.SUPPORTS, event=event, said_on="2021-12-07",
        summary="Putin demands legal guarantees that NATO will not expand east.",
        summary_vi="Ông Putin yêu cầu bảo đảm pháp lý rằng NATO không mở rộng về phía đông.",
        status=ReviewStatus.VERIFIED,
    )  # fmt: skip
    ClaimFactory(
        speaker=biden, topic=topic, stance=Stance.OPPOSES, event=event, said_on="2021-12-07",
        summary="Biden rejects any veto on NATO membership.",
        summary_vi="Ông Biden bác bỏ mọi quyền phủ quyết đối với tư cách thành viên NATO.",
    )  # fmt: skip
    article = ArticleFactory(
        title="Thượng đỉnh Nga - Mỹ", body="Thượng đỉnh Nga - Mỹ\nÔng Putin yêu cầu đảm bảo pháp lý."
    )
    StatementFactory(claim=demand, article=article, quote="yêu cầu đảm bảo pháp lý")
    return demand


def test_the_admin_speaks_vietnamese_to_a_vietnamese_browser(
    page, fact_checker_login, claims_in_both_languages
):
    demand = claims_in_both_languages
    page.goto("/admin/login/")
    expect(page.locator("#login-form [type=submit]")).to_have_value("Đăng nhập")
    expect(page.locator("#language-choice")).to_have_value("vi")
    screenshot(page, "login")
    fact_checker_login("minh")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.locator("#site-name")).to_have_text("Summit – kiểm chứng thông tin")

    page.goto("/admin/claims/claim/")
    headers = page.locator("#result_list thead")
    # The stance shares the topic's column, the event is shown under the date (claims/admin/claims.py).
    for label in ("Người phát ngôn", "Tóm tắt", "Lập trường · chủ đề", "Trạng thái", "Ngày phát biểu"):
        expect(headers).to_contain_text(label)
    row = page.locator(f"#result_list tr:has(a[href$='/claims/claim/{demand.pk}/change/'])")
    expect(row).to_contain_text("Ông Putin yêu cầu bảo đảm pháp lý")  # the summary in Vietnamese
    expect(row).to_contain_text("NATO không được mở rộng về phía đông")
    expect(row).to_contain_text("Đã xác minh")
    expect(row).to_contain_text("07/12/2021")
    screenshot(page, "claims-list")

    page.goto(f"/admin/claims/claim/{demand.pk}/change/")
    form = page.locator("#content-main form")
    expect(form.locator("label[for=id_summary_vi]")).to_have_text("Tóm tắt (tiếng Việt):")
    # The interface language's summary first, the English one after it.
    labels = form.locator("label").all_inner_texts()
    assert labels.index("Tóm tắt (tiếng Việt):") < labels.index("Tóm tắt (tiếng Anh):")
    expect(form).to_contain_text("(GMT+0700)")  # created at, in local time with its zone
    topic = form.locator(".field-topic .select2-selection__rendered")
    expect(topic).to_have_text("NATO không được mở rộng về phía đông (NATO should not expand further east)")
    screenshot(page, "claim-change-form")

    # The header's switch: the same page in English, remembered for the next pages.
    page.select_option("#language-choice", "en")
    page.locator("#language-switcher button").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(form.locator("label[for=id_summary]")).to_have_text("Summary (English):")
    labels = form.locator("label").all_inner_texts()
    assert labels.index("Summary (English):") < labels.index("Summary (Vietnamese):")
    page.goto("/admin/claims/claim/")
    expect(page.locator("#result_list thead")).to_contain_text("Summary")
    expect(page.locator("#result_list")).to_contain_text("Putin demands legal guarantees")
    screenshot(page, "claims-list-switched-to-english")
