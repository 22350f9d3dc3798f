"""A fact-checker's day in the admin, in a real browser: review, dismiss, enter, and find it all in history."""

import re

import pytest
from playwright.sync_api import expect

from claims.choices import ContradictionStatus, ReviewStatus, Stance
from claims.models import Statement
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    ContradictionFactory,
    SpeakerFactory,
    StatementFactory,
    TopicFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = (
    "Thượng đỉnh Nga - Mỹ\n"
    "Tổng thống Nga Vladimir Putin nói: “Nga không có ý định tấn công ai”. "
    "Nhà Trắng cho biết các cuộc đàm phán sẽ tiếp tục."
)


def test_review_dismiss_and_find_both_in_history(page, fact_checker_login):
    article = ArticleFactory(title="Thượng đỉnh Nga - Mỹ", body=BODY)
    nato = TopicFactory(name="NATO should not expand further east")
    putin = ClaimFactory(speaker=SpeakerFactory(name="Vladimir Putin"), topic=nato, stance=Stance.SUPPORTS)
    biden = ClaimFactory(speaker=SpeakerFactory(name="Joe Biden"), topic=nato, stance=Stance.NEUTRAL)
    quote = "Nga không có ý định tấn công ai"
    statement = StatementFactory(article=article, claim=putin, quote=quote, status=ReviewStatus.CANDIDATE)
    contradiction = ContradictionFactory(claim_a=putin, claim_b=biden)

    fact_checker_login("minh")
    expect(page.locator("#content-main")).not_to_contain_text("Users")

    # The article list links to the review page, where the quote is marked at its span.
    page.get_by_role("link", name="Articles").first.click()
    page.locator(f"#result_list a[href$='/sources/article/{article.pk}/review/']").click()
    mark = page.locator(f"mark#statement-{statement.pk}")
    expect(mark).to_have_text(quote)
    expect(mark).to_have_class(re.compile("status-candidate"))

    page.locator(f"#candidate-{statement.pk}").get_by_role("button", name="Confirm").click()
    expect(page.locator(".messagelist")).to_contain_text(f"Statement {statement.pk}")
    expect(page.locator(".messagelist")).to_contain_text("confirmed")
    expect(mark).to_have_class(re.compile("status-verified"))
    expect(page.locator(f"#candidate-{statement.pk}")).to_have_count(0)

    # Dismiss the contradiction with the bulk action; its confirmation page takes the note.
    page.goto("/admin/claims/contradiction/")
    page.locator(f"input[name=_selected_action][value='{contradiction.pk}']").check()
    page.select_option("select[name=action]", "dismiss_selected")
    page.get_by_role("button", name="Go").click()
    expect(page.locator("h1")).to_have_text("Dismiss contradictions?")
    note = "Biden's claim is neutral: no contradiction."
    page.fill("textarea[name=note]", note)
    page.get_by_role("button", name="Yes, dismiss").click()
    expect(page.locator(".messagelist")).to_contain_text("1 contradiction dismissed.")

    # Both changes are on their objects' history pages, with the fact-checker's name.
    page.goto(f"/admin/claims/statement/{statement.pk}/change/")
    page.get_by_role("link", name="History").click()
    newest = page.locator("#change-history tbody tr").first
    expect(newest).to_contain_text("minh")
    expect(newest).to_contain_text("Confirmed on the article's review page")
    expect(newest).to_contain_text("Candidate → Verified")

    # The note is in the contradiction's thread, with who wrote it; the dismissal in its history.
    page.goto(f"/admin/claims/contradiction/{contradiction.pk}/change/")
    thread = page.locator("ol.note-thread li")
    expect(thread).to_have_count(1)
    expect(thread.first).to_contain_text("minh")
    expect(thread.first).to_contain_text(note)
    page.get_by_role("link", name="History").click()
    newest = page.locator("#change-history tbody tr").first
    expect(newest).to_contain_text("minh")
    expect(newest).to_contain_text("Suspected → Dismissed")

    statement.refresh_from_db()
    contradiction.refresh_from_db()
    assert (statement.status, statement.reviewed_by.username) == (ReviewStatus.VERIFIED, "minh")
    assert contradiction.status == ContradictionStatus.DISMISSED
    assert [(n.author_name, n.text) for n in contradiction.notes.all()] == [("minh", note)]
    assert contradiction.reviewed_by.username == "minh"


def test_overlapping_statements_and_markup_in_the_text(page, fact_checker_login):
    body = 'Tin <img src=x onerror="window.pwned=1"> & “Nga không có ý định tấn công ai”, ông Putin nói.'
    article = ArticleFactory(body=body)
    outer = StatementFactory(
        article=article, quote="“Nga không có ý định tấn công ai”, ông Putin", status="verified"
    )
    inner = StatementFactory(article=article, quote="tấn công ai", status=ReviewStatus.CANDIDATE)
    crossing = StatementFactory(article=article, quote="ông Putin nói.", status=ReviewStatus.REJECTED)

    fact_checker_login()
    page.goto(f"/admin/sources/article/{article.pk}/review/")
    text = page.locator("#article-body")
    expect(text).to_have_text(body)  # shown as text, not run as markup
    expect(text.locator("img")).to_have_count(0)
    assert page.evaluate("window.pwned") is None
    for statement in (outer, inner, crossing):
        # Split marks of one statement, read in order, give back exactly its quote.
        marked = page.evaluate(
            "id => [...document.querySelectorAll(`mark[data-statement-id='${id}']`)]"
            ".map(m => m.textContent).join('')",
            statement.pk,
        )
        assert marked == statement.quote
    expect(page.locator(f"mark[data-statement-id='{inner.pk}']").locator("..")).to_have_attribute(
        "data-statement-id", str(outer.pk)
    )
    expect(page.locator(f"mark#statement-{crossing.pk}")).to_be_visible()


def test_entering_a_statement_with_autocomplete_and_no_span(page, fact_checker_login):
    article = ArticleFactory(title="Thượng đỉnh Nga - Mỹ", body=BODY)
    claim = ClaimFactory(summary="The talks will go on.", summary_vi="Các cuộc đàm phán sẽ tiếp tục.")

    fact_checker_login("lan")
    page.goto("/admin/claims/statement/add/")
    for field, term, choice in [("claim", "dam phan", str(claim)), ("article", "thuong dinh", article.title)]:
        page.locator(f"#id_{field} + .select2").click()  # accent-free terms, found all the same
        page.locator(".select2-search__field").fill(term)
        page.locator(".select2-results__option", has_text=choice).click()
    page.fill("#id_quote", "các cuộc đàm phán sẽ tiếp tục")
    page.select_option("#id_mode", "indirect")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    statement = Statement.objects.get(claim=claim)
    assert BODY[statement.start : statement.end] == "các cuộc đàm phán sẽ tiếp tục"
    assert (statement.created_by.username, statement.reviewed_by) == ("lan", None)
