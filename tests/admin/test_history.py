"""Every change, from the admin or the API, is in the record's history with who made it."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from claims.choices import ReviewStatus
from claims.models import Claim
from tests.admin.postdata import change_form_data
from tests.factories import ClaimFactory, ContradictionFactory, FactCheckerFactory, StatementFactory

pytestmark = pytest.mark.django_db


def test_an_admin_edit_is_on_the_history_page_with_its_user(checker_client, checker):
    claim = ClaimFactory(summary="Before.")
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    data = change_form_data(checker_client.get(url))
    data["summary"] = "After."
    assert checker_client.post(url, data).status_code == 302
    latest = claim.history.first()
    assert (latest.history_type, latest.history_user, latest.summary) == ("~", checker, "After.")
    page = checker_client.get(reverse("admin:claims_claim_history", args=[claim.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "anna" in html and "Before." in html and "After." in html


def test_a_review_is_on_the_history_page_with_its_user_and_reason(checker_client, checker):
    statement = StatementFactory(status=ReviewStatus.CANDIDATE)
    review = reverse("admin:sources_article_review", args=[statement.article_id])
    checker_client.post(review, {"statement": statement.pk, "decision": "verified"})
    page = checker_client.get(reverse("admin:claims_statement_history", args=[statement.pk]))
    rows = list(page.context["page_obj"])
    # The status column shows the label, not the stored value.
    assert [(r.history_user, r.status) for r in rows] == [(checker, "Verified"), (None, "Candidate")]
    assert "Confirmed on the article&#x27;s review page" in page.content.decode()


def test_deleting_in_the_admin_leaves_a_history_row(checker_client, checker):
    contradiction = ContradictionFactory()
    url = reverse("admin:claims_contradiction_delete", args=[contradiction.pk])
    assert checker_client.post(url, {"post": "yes"}).status_code == 302
    deleted = contradiction.history.first()
    assert (deleted.history_type, deleted.history_user) == ("-", checker)


def test_an_api_edit_is_in_the_history_with_its_user():
    user = FactCheckerFactory(username="api-checker")
    claim = ClaimFactory(summary="Before.")
    client = APIClient()
    client.force_authenticate(user)
    response = client.patch(
        f"/api/v1/claims/{claim.pk}/", {"summary": "Edited through the API."}, format="json"
    )
    assert response.status_code == 200, response.content
    latest = Claim.history.filter(id=claim.pk).first()
    assert (latest.summary, latest.history_user) == ("Edited through the API.", user)


def test_an_api_edit_with_a_token_is_in_the_history_with_its_user(fc_api, fact_checker):
    claim = ClaimFactory()
    response = fc_api.patch(f"/api/v1/claims/{claim.pk}/", {"stance": "supports"}, format="json")
    assert response.status_code == 200, response.content
    assert claim.history.first().history_user == fact_checker
