"""Entering statements in the admin: the span is found in the article, or the quote is refused."""

import unicodedata

import pytest
from django.urls import reverse

from claims.choices import ReviewStatus, SpeechMode
from claims.models import Statement
from tests.admin.postdata import add_inline_row, change_form_data
from tests.factories import ArticleFactory, ClaimFactory, StatementFactory

pytestmark = pytest.mark.django_db

BODY = (
    "Hội đàm\nÔng Putin nói: “Nga không có ý định tấn công ai”. Ông Putin nói thêm rằng đàm phán sẽ tiếp tục."
)
ADD_URL = reverse("admin:claims_statement_add")


@pytest.fixture
def article():
    return ArticleFactory(body=BODY)


@pytest.fixture
def claim():
    return ClaimFactory()


def new_statement(claim, article, quote, **extra) -> dict:
    return {
        "claim": claim.pk, "article": article.pk, "quote": quote, "start": "", "end": "",
        "mode": SpeechMode.DIRECT, "status": ReviewStatus.CANDIDATE, "note": "",
        "via-TOTAL_FORMS": "0", "via-INITIAL_FORMS": "0", **extra,
    }  # fmt: skip


def test_left_empty_the_span_is_found_in_the_article(checker_client, checker, claim, article):
    response = checker_client.post(ADD_URL, new_statement(claim, article, "Nga không có ý định tấn công ai"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    statement = Statement.objects.get()
    assert BODY[statement.start : statement.end] == "Nga không có ý định tấn công ai"
    assert statement.created_by == checker
    assert statement.reviewed_by is None and statement.status == ReviewStatus.CANDIDATE
    assert statement.history.get().history_user == checker


def test_a_quote_in_decomposed_unicode_is_stored_composed(checker_client, claim, article):
    decomposed = unicodedata.normalize("NFD", "đàm phán sẽ tiếp tục")
    response = checker_client.post(ADD_URL, new_statement(claim, article, decomposed))
    assert response.status_code == 302
    assert Statement.objects.get().quote == "đàm phán sẽ tiếp tục"


def test_a_quote_not_in_the_article_is_refused_on_quote(checker_client, claim, article):
    response = checker_client.post(ADD_URL, new_statement(claim, article, "Nga sẽ tấn công"))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["quote"]
    assert "does not occur in the article" in errors["quote"][0]
    assert not Statement.objects.exists()


def test_a_quote_found_twice_needs_a_span(checker_client, claim, article):
    response = checker_client.post(ADD_URL, new_statement(claim, article, "Ông Putin nói"))
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["quote"] and "occurs 2 times" in errors["quote"][0]
    second = BODY.rindex("Ông Putin nói")
    response = checker_client.post(ADD_URL, new_statement(claim, article, "Ông Putin nói", start=second))
    assert response.status_code == 302
    assert (Statement.objects.get().start, Statement.objects.get().end) == (
        second,
        second + len("Ông Putin nói"),
    )


def test_a_span_that_is_not_the_quote_is_refused(checker_client, claim, article):
    response = checker_client.post(ADD_URL, new_statement(claim, article, "Ông Putin nói", start=0, end=13))
    assert "quote" in response.context["adminform"].form.errors
    assert not Statement.objects.exists()


def test_editing_the_quote_finds_its_new_span(checker_client, checker, article):
    statement = StatementFactory(article=article, quote="Nga không có ý định tấn công ai", created_by=None)
    url = reverse("admin:claims_statement_change", args=[statement.pk])
    data = change_form_data(checker_client.get(url))
    data["quote"] = "đàm phán sẽ tiếp tục"
    response = checker_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    statement.refresh_from_db()
    assert BODY[statement.start : statement.end] == "đàm phán sẽ tiếp tục"
    assert statement.created_by is None  # editing is not entering
    assert statement.history.first().history_user == checker


def test_entered_in_its_article_the_inline_finds_the_span(checker_client, checker, claim, article):
    url = reverse("admin:sources_article_change", args=[article.pk])
    data = change_form_data(checker_client.get(url))
    add_inline_row(data, "statements", claim=claim.pk, quote="đàm phán sẽ tiếp tục", mode=SpeechMode.INDIRECT)
    response = checker_client.post(url, data)
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    statement = article.statements.get()
    assert BODY[statement.start : statement.end] == "đàm phán sẽ tiếp tục"
    assert statement.created_by == checker and statement.status == ReviewStatus.CANDIDATE


def test_the_article_inline_refuses_a_quote_not_in_it(checker_client, claim, article):
    url = reverse("admin:sources_article_change", args=[article.pk])
    data = add_inline_row(
        change_form_data(checker_client.get(url)), "statements", claim=claim.pk, quote="xyz", mode="direct"
    )
    response = checker_client.post(url, data)
    assert response.status_code == 200
    assert list(response.context["inline_admin_formsets"][0].formset.errors[0]) == ["quote"]


def test_a_new_article_with_its_statements_in_one_go(checker_client, checker, claim):
    url = reverse("admin:sources_article_add")
    data = change_form_data(checker_client.get(url))
    data.update(
        key="new-article", title="Bài mới", body="Matxcơva phủ nhận kế hoạch tấn công Ukraine.", language="vi"
    )
    add_inline_row(data, "statements", claim=claim.pk, quote="phủ nhận kế hoạch tấn công", mode="indirect")
    response = checker_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    statement = Statement.objects.get(article__key="new-article")
    assert (statement.start, statement.end, statement.created_by) == (9, 35, checker)


def test_entered_in_its_claim_the_inline_finds_the_span(checker_client, checker, claim, article):
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    data = change_form_data(checker_client.get(url))
    add_inline_row(
        data, "statements", article=article.pk, quote="Nga không có ý định tấn công ai", mode="direct"
    )
    response = checker_client.post(url, data)
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    statement = claim.statements.get()
    assert BODY[statement.start : statement.end] == statement.quote
    assert statement.created_by == checker


def test_the_body_of_an_article_with_statements_is_read_only(checker_client, article):
    StatementFactory(article=article, quote="Nga không có ý định tấn công ai")
    response = checker_client.get(reverse("admin:sources_article_change", args=[article.pk]))
    assert "body" not in response.context["adminform"].form.fields
    fresh = ArticleFactory()
    response = checker_client.get(reverse("admin:sources_article_change", args=[fresh.pk]))
    assert "body" in response.context["adminform"].form.fields


def test_who_entered_and_who_reviewed_are_read_only(checker_client, checker):
    statement = StatementFactory(created_by=checker)
    response = checker_client.get(reverse("admin:claims_statement_change", args=[statement.pk]))
    form = response.context["adminform"].form
    assert {"created_by", "reviewed_by", "reviewed_at"}.isdisjoint(form.fields)
    assert "anna" in response.content.decode()  # shown, not editable


def test_a_quote_typed_without_accents_is_taken_as_the_article_spells_it(checker_client, claim, article):
    response = checker_client.post(ADD_URL, new_statement(claim, article, "nga khong co y dinh tan cong ai"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    statement = Statement.objects.get()
    assert statement.quote == "Nga không có ý định tấn công ai"
    assert BODY[statement.start : statement.end] == statement.quote


def test_a_mode_left_empty_follows_the_quotation_marks(checker_client, claim, article):
    checker_client.post(ADD_URL, new_statement(claim, article, "Nga không có ý định tấn công ai", mode=""))
    checker_client.post(ADD_URL, new_statement(claim, article, "đàm phán sẽ tiếp tục", mode=""))
    modes = dict(Statement.objects.values_list("quote", "mode"))
    assert modes == {
        "Nga không có ý định tấn công ai": SpeechMode.DIRECT,
        "đàm phán sẽ tiếp tục": SpeechMode.INDIRECT,
    }
