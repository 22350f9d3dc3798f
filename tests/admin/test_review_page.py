"""An article's review page: its text with every statement marked, and candidates to confirm or reject."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from claims.choices import ContradictionStatus, ReviewStatus, Stance
from claims.models import Statement
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    ContradictionFactory,
    StatementFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

BODY = (
    "Hội đàm <Geneva> & “thượng đỉnh”\n"
    "Tổng thống Nga Vladimir Putin nói: “Nga không có ý định tấn công ai”. "
    "Nhà Trắng cho biết các cuộc đàm phán sẽ tiếp tục."
)


@pytest.fixture
def article():
    return ArticleFactory(title="Hội đàm <Geneva>", body=BODY)


@pytest.fixture
def candidate(article):
    return StatementFactory(
        article=article, quote="Nga không có ý định tấn công ai", status=ReviewStatus.CANDIDATE
    )


@pytest.fixture
def verified(article):
    return StatementFactory(
        article=article, quote="các cuộc đàm phán sẽ tiếp tục", status=ReviewStatus.VERIFIED
    )


def review_url(article) -> str:
    return reverse("admin:sources_article_review", args=[article.pk])


def test_the_text_is_escaped_and_each_statement_marked_at_its_span(
    checker_client, article, candidate, verified
):
    response = checker_client.get(review_url(article))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hội đàm &lt;Geneva&gt; &amp; “thượng đỉnh”" in html
    assert "<Geneva>" not in html
    for statement in (candidate, verified):
        opening = (
            f'<mark id="statement-{statement.pk}" class="statement status-{statement.status}" '
            f'data-statement-id="{statement.pk}"'
        )
        assert opening in html
        after = html[html.index(opening) :]
        assert after[after.index(">") + 1 :].startswith(f"{statement.quote}</mark>")


def test_only_candidates_get_confirm_and_reject_buttons(checker_client, article, candidate, verified):
    response = checker_client.get(review_url(article))
    assert [s.pk for s in response.context["candidates"]] == [candidate.pk]
    assert [s.pk for s in response.context["reviewed"]] == [verified.pk]
    html = response.content.decode()
    assert html.count('name="action" value="classify"') == 1
    assert html.count('name="decision" value="rejected"') == 1
    assert f'<input type="hidden" name="statement" value="{candidate.pk}">' in html
    assert "csrfmiddlewaretoken" in html


def test_overlapping_statements_render_both(checker_client, article, candidate):
    start = BODY.index("Putin nói")
    wider = StatementFactory(
        article=article, quote=BODY[start : candidate.start + 3], status=ReviewStatus.CANDIDATE
    )
    response = checker_client.get(review_url(article))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="statement-{wider.pk}"' in html and f'id="statement-{candidate.pk}"' in html
    assert f'class="statement status-candidate continued" data-statement-id="{candidate.pk}"' in html


def test_confirming_a_candidate_stamps_the_reviewer_and_writes_history(
    checker_client, checker, article, candidate
):
    response = checker_client.post(review_url(article), {"statement": candidate.pk, "decision": "verified"})
    assert response.status_code == 302 and response.url == review_url(article)
    candidate.refresh_from_db()
    assert candidate.status == ReviewStatus.VERIFIED
    assert candidate.reviewed_by == checker and candidate.reviewed_at is not None
    assert candidate.created_by is None  # who entered it is not who reviewed it
    latest = candidate.history.first()
    assert latest.history_user == checker
    assert latest.history_change_reason == "Confirmed on the article's review page"
    page = checker_client.get(review_url(article))
    assert f"Statement {candidate.pk} ({candidate}) confirmed." in page.content.decode()
    assert f'class="statement status-verified" data-statement-id="{candidate.pk}"' in page.content.decode()


def test_rejecting_a_candidate(checker_client, checker, article, candidate):
    checker_client.post(review_url(article), {"statement": candidate.pk, "decision": "rejected"})
    candidate.refresh_from_db()
    assert (candidate.status, candidate.reviewed_by) == (ReviewStatus.REJECTED, checker)


def test_a_statement_already_reviewed_is_left_as_it_is(checker_client, article, verified):
    before = verified.history.count()
    response = checker_client.post(
        review_url(article), {"statement": verified.pk, "decision": "rejected"}, follow=True
    )
    verified.refresh_from_db()
    assert verified.status == ReviewStatus.VERIFIED and verified.history.count() == before
    assert "was already verified" in response.content.decode()


def test_a_statement_of_another_article_or_a_bad_decision_is_refused(checker_client, article, candidate):
    elsewhere = StatementFactory(status=ReviewStatus.CANDIDATE)
    checker_client.post(review_url(article), {"statement": elsewhere.pk, "decision": "verified"})
    checker_client.post(review_url(article), {"statement": candidate.pk, "decision": "deleted"})
    checker_client.post(review_url(article), {"statement": "x", "decision": "verified"})
    mine = Statement.objects.filter(pk__in=[elsewhere.pk, candidate.pk])
    assert set(mine.values_list("status", flat=True)) == {ReviewStatus.CANDIDATE}


def test_posting_needs_the_csrf_token(checker, article, candidate):
    client = Client(enforce_csrf_checks=True)
    client.force_login(checker)
    response = client.post(review_url(article), {"statement": candidate.pk, "decision": "verified"})
    assert response.status_code == 403
    candidate.refresh_from_db()
    assert candidate.status == ReviewStatus.CANDIDATE


def test_a_viewer_sees_the_page_but_cannot_decide(client, article, candidate):
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.set(Permission.objects.filter(codename__in=["view_article", "view_statement"]))
    client.force_login(viewer)
    page = client.get(review_url(article))
    assert page.status_code == 200 and 'name="decision"' not in page.content.decode()
    assert (
        client.post(review_url(article), {"statement": candidate.pk, "decision": "verified"}).status_code
        == 403
    )


def test_an_unknown_or_malformed_article_id_is_not_found(checker_client):
    assert checker_client.get("/admin/sources/article/999999/review/").status_code == 404
    assert checker_client.get("/admin/sources/article/abc/review/").status_code == 404


def test_staff_without_permissions_cannot_open_it(client, article):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(review_url(article)).status_code == 403


def test_a_statement_no_longer_at_its_span_is_listed_not_marked(checker_client, article, candidate):
    Statement.objects.filter(pk=candidate.pk).update(start=0, end=5)  # as if the body had changed under it
    response = checker_client.get(review_url(article))
    assert response.status_code == 200
    assert [s.pk for s in response.context["misplaced"]] == [candidate.pk]
    assert f'id="statement-{candidate.pk}"' not in response.content.decode()


def test_suspected_contradictions_of_its_claims_are_listed(checker_client, article, candidate):
    rival = ClaimFactory(topic=candidate.claim.topic)
    suspected = ContradictionFactory(claim_a=candidate.claim, claim_b=rival)
    ContradictionFactory(
        claim_a=candidate.claim,
        claim_b=ClaimFactory(topic=candidate.claim.topic),
        status=ContradictionStatus.DISMISSED,
    )
    ContradictionFactory(claim_a=ClaimFactory(topic=TopicFactory(), stance=Stance.NEUTRAL))
    response = checker_client.get(review_url(article))
    assert [c.pk for c in response.context["suspected"]] == [suspected.pk]
    assert reverse("admin:claims_contradiction_change", args=[suspected.pk]) in response.content.decode()


def test_the_article_list_and_change_page_link_to_it(checker_client, article, candidate, verified):
    changelist = checker_client.get(reverse("admin:sources_article_changelist"))
    html = changelist.content.decode()
    assert f'<a href="{review_url(article)}">Review</a>' in html
    assert changelist.context["cl"].result_list[0].candidate_count == 1
    change = checker_client.get(reverse("admin:sources_article_change", args=[article.pk]))
    assert f'href="{review_url(article)}"' in change.content.decode()
