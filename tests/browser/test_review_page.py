"""The article review page in Chromium: words selected with the mouse become a statement, a
candidate is confirmed with its claim classified, all without leaving the page, and each step
is in Recent actions. Screenshots of each step go to artifacts/screenshots/review-*.png.
"""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from claims.choices import ReviewStatus, SpeechMode, Stance
from claims.models import Claim, Statement
from tests.browser.conftest import PASSWORD, SCREENSHOTS
from tests.factories import (
    AliasFactory,
    ArticleFactory,
    ClaimFactory,
    SpeakerFactory,
    StatementFactory,
    TopicFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = (
    "Thượng đỉnh Nga - Mỹ\n"
    "Tổng thống Nga Vladimir Putin nói: “Nga không có ý định tấn công ai”. "
    "Điện Kremlin cho biết các cuộc đàm phán sẽ tiếp tục vào tháng Một."
)
SELECTED = "Nga không có ý định tấn công ai"


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")  # the admin's sticky sidebar is drawn where the page is
    page.screenshot(path=str(SCREENSHOTS / f"review-{name}.png"), full_page=True)


def drag_across(page, words: str) -> None:
    """Selects `words` of the article's text with the mouse: pressed on its first letter, let go
    on its last."""
    edges = page.evaluate(
        """words => {
            const body = document.getElementById('article-body');
            const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const at = node.data.indexOf(words);
                if (at < 0) continue;
                const letter = (offset) => {
                    const range = document.createRange();
                    range.setStart(node, offset);
                    range.setEnd(node, offset + 1);
                    return range.getBoundingClientRect().toJSON();
                };
                return [letter(at), letter(at + words.length - 1)];
            }
            return null;
        }""",
        words,
    )
    first, last = edges
    page.mouse.move(first["left"] + 1, first["top"] + first["height"] / 2)
    page.mouse.down()
    page.mouse.move(last["right"] - 1, last["top"] + last["height"] / 2, steps=8)
    page.mouse.up()


def choose(page, widget, term: str, option: str) -> None:
    """Types `term` in a select2 autocomplete and picks `option` among what it finds."""
    widget.click()
    page.locator(".select2-container--open .select2-search__field").fill(term)
    page.locator(".select2-results__option", has_text=option).click()


def test_select_words_add_a_statement_then_confirm_and_classify(page, fact_checker_login):
    article = ArticleFactory(title="Thượng đỉnh Nga - Mỹ", body=BODY)
    putin = SpeakerFactory(name="Vladimir Putin")
    AliasFactory(speaker=putin, name="Tổng thống Nga Vladimir Putin")
    SpeakerFactory(name="Vladislav Surkov")
    nato = TopicFactory(name="Russia will not attack Ukraine", name_vi="Nga sẽ không tấn công Ukraine")
    talks = TopicFactory(
        name="The talks will resume in January", name_vi="Đàm phán sẽ tiếp tục vào tháng Một"
    )
    kremlin_claim = ClaimFactory(
        speaker=SpeakerFactory(name="Kremlin"),
        topic=TopicFactory(name="Unclassified"),
        stance=Stance.NEUTRAL,
        summary="Candidate: các cuộc đàm phán sẽ tiếp tục",
        status=ReviewStatus.CANDIDATE,
    )
    candidate = StatementFactory(
        article=article,
        claim=kremlin_claim,
        quote="các cuộc đàm phán sẽ tiếp tục vào tháng Một",
        mode=SpeechMode.INDIRECT,
        status=ReviewStatus.CANDIDATE,
    )

    fact_checker_login("minh")
    page.goto(f"/admin/sources/article/{article.pk}/review/")
    expect(page.locator(f"#candidate-{candidate.pk} blockquote")).to_have_css("font-style", "normal")
    screenshot(page, "1-page")

    # Words dragged over with the mouse open the panel with them as the quote, at their span.
    drag_across(page, SELECTED)
    panel = page.locator("#add-statement")
    expect(panel).to_be_visible()
    expect(panel.locator("#selected-quote")).to_have_text(SELECTED)
    start = BODY.index(SELECTED)
    expect(panel.locator("#id_add-start")).to_have_value(str(start))
    expect(panel.locator("#id_add-end")).to_have_value(str(start + len(SELECTED)))
    expect(panel.locator("#id_add-mode_0")).to_be_checked()  # in quotation marks: direct
    screenshot(page, "2-selected")

    # The speaker is found by a word of a name typed without accents; a new claim is made.
    choose(page, panel.locator("#id_add-speaker + .select2"), "vladimir", "Vladimir Putin")
    claim_choice = panel.locator("#id_add-claim")
    expect(claim_choice).to_be_enabled()
    expect(panel.locator("#new-claim-fields")).to_be_visible()  # the speaker has no claim yet
    choose(page, panel.locator("#id_add-topic + .select2"), "khong tan cong", nato.name)
    panel.locator("#id_add-stance").select_option(Stance.SUPPORTS)
    panel.get_by_role("button", name="Add statement").click()
    # Refused without a summary: the error in the panel, and everything typed still there.
    expect(panel.locator("#add-errors")).to_contain_text(
        "Summary (English): Give a summary, in English or in Vietnamese."
    )
    expect(panel.locator("#id_add-speaker")).to_have_value(str(putin.pk))
    expect(panel.locator("#id_add-stance")).to_have_value(Stance.SUPPORTS)
    screenshot(page, "3-refused")

    # Meanwhile the candidate's card holds unsaved typing, which the addition must not lose.
    card = page.locator(f"#candidate-{candidate.pk}")
    card.locator(f"#id_s{candidate.pk}-summary_vi").fill("Điện Kremlin: đàm phán sẽ tiếp tục vào tháng Một.")
    panel.locator("#id_add-summary").fill("Putin says Russia intends to attack no one.")
    panel.get_by_role("button", name="Add statement").click()
    expect(page.locator("#review-messages")).to_contain_text("added for Vladimir Putin")
    expect(panel).to_be_hidden()
    added = Statement.objects.get(quote=SELECTED)
    expect(page.locator(f"mark#statement-{added.pk}")).to_have_text(SELECTED)
    expect(page.locator(f"#candidate-{added.pk}")).to_be_visible()
    expect(page.locator("#candidate-count")).to_have_text("2")
    expect(card.locator(f"#id_s{candidate.pk}-summary_vi")).to_have_value(
        "Điện Kremlin: đàm phán sẽ tiếp tục vào tháng Một."
    )
    screenshot(page, "4-added")

    # The candidate confirmed and its claim classified in its card, in one save.
    choose(page, card.locator(f"#id_s{candidate.pk}-topic + .select2"), "dam phan", talks.name)
    card.locator(f"#id_s{candidate.pk}-stance").select_option(Stance.SUPPORTS)
    card.locator(f"#id_s{candidate.pk}-summary").fill("The Kremlin says the talks will resume in January.")
    screenshot(page, "5-classifying")
    card.get_by_role("button", name="Confirm").click()
    expect(page.locator("#review-messages")).to_contain_text(f"Statement {candidate.pk}")
    expect(page.locator("#review-messages")).to_contain_text(f"claim {kremlin_claim.pk} is verified")
    expect(card).to_have_count(0)
    expect(page.locator(f"mark#statement-{candidate.pk}")).to_have_class(re.compile("status-verified"))
    expect(page.locator("#reviewed-section")).to_contain_text("Verified")
    expect(page.locator(f"#candidate-{added.pk}")).to_be_visible()
    screenshot(page, "6-confirmed")

    # Both changes are in Recent actions on the admin's index.
    page.goto("/admin/")
    recent = page.locator("#recent-actions-module")
    expect(recent).to_contain_text(SELECTED)
    expect(recent).to_contain_text(str(Claim.objects.get(pk=kremlin_claim.pk)))
    expect(recent).to_contain_text(candidate.quote)
    screenshot(page, "7-recent-actions")

    claim = Claim.objects.get(pk=kremlin_claim.pk)
    assert (claim.topic, claim.stance, claim.status) == (talks, Stance.SUPPORTS, ReviewStatus.VERIFIED)
    assert claim.summary_vi == "Điện Kremlin: đàm phán sẽ tiếp tục vào tháng Một."
    assert (claim.reviewed_by.username, added.created_by.username) == ("minh", "minh")
    assert (added.claim.speaker, added.claim.topic, added.mode) == (putin, nato, SpeechMode.DIRECT)
    assert (added.start, added.end) == (start, start + len(SELECTED))


def test_a_stale_card_tells_of_the_change_and_keeps_the_typing(page, fact_checker_login):
    article = ArticleFactory(body=BODY)
    claim = ClaimFactory(status=ReviewStatus.CANDIDATE, summary="Candidate: Nga không…")
    candidate = StatementFactory(article=article, claim=claim, quote=SELECTED, status=ReviewStatus.CANDIDATE)
    fact_checker_login("lan")
    page.goto(f"/admin/sources/article/{article.pk}/review/")
    # A colleague changes the claim after the page was shown.
    claim.summary = "A colleague's summary."
    claim.save()
    card = page.locator(f"#candidate-{candidate.pk}")
    card.locator(f"#id_s{candidate.pk}-summary").fill("Mine.")
    card.get_by_role("button", name="Confirm").click()
    expect(card.locator(".panel-errors")).to_contain_text(f"Claim {claim.pk} was changed by someone")
    expect(card.locator(f"#id_s{candidate.pk}-summary")).to_have_value("Mine.")
    screenshot(page, "stale-card")
    candidate.refresh_from_db()
    assert candidate.status == ReviewStatus.CANDIDATE
    assert Claim.objects.get(pk=claim.pk).summary == "A colleague's summary."


def test_without_javascript_a_card_still_confirms_and_classifies(browser, live_server):
    """The card is a plain form: it posts, the page comes back with the change and its message."""
    article = ArticleFactory(body=BODY)
    claim = ClaimFactory(status=ReviewStatus.CANDIDATE, stance=Stance.NEUTRAL, summary="Candidate: Nga…")
    candidate = StatementFactory(article=article, claim=claim, quote=SELECTED, status=ReviewStatus.CANDIDATE)
    call_command("create_factchecker", "hoa", password=PASSWORD, stdout=io.StringIO())
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/admin/login/")
    page.fill("#id_username", "hoa")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"/admin/sources/article/{article.pk}/review/")
    expect(page.locator("#add-statement")).to_be_hidden()  # selecting words needs the script
    card = page.locator(f"#candidate-{candidate.pk}")
    card.locator(f"#id_s{candidate.pk}-stance").select_option(Stance.OPPOSES)
    card.locator(f"#id_s{candidate.pk}-summary").fill("Putin says Russia intends to attack no one.")
    card.get_by_role("button", name="Confirm").click()
    expect(page.locator(".messagelist")).to_contain_text(f"claim {claim.pk} is verified")
    expect(page.locator(f"#candidate-{candidate.pk}")).to_have_count(0)
    screenshot(page, "without-javascript")
    context.close()
    claim.refresh_from_db()
    assert (claim.stance, claim.status, claim.summary) == (
        Stance.OPPOSES,
        ReviewStatus.VERIFIED,
        "Putin says Russia intends to attack no one.",
    )
