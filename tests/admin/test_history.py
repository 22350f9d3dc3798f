"""Every change, from the admin or the API, is in the record's history with who made it; the history
page names people, shows local times and whole values."""

import pytest
from django.urls import reverse
from django.utils.html import escape
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


def test_the_history_page_reads_well(checker_client, checker, settings):
    settings.TIME_ZONE = "Asia/Ho_Chi_Minh"
    before = (
        "Putin demands legal guarantees " + "that NATO will not expand further east " * 6 + "(lower house)."
    )
    after = before.replace("(lower house)", "(as the Kremlin's readout puts it)")
    claim = ClaimFactory(summary=before, status=ReviewStatus.CANDIDATE)
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    data = change_form_data(checker_client.get(url))
    data.update(summary=after, status="verified")
    assert checker_client.post(url, data).status_code == 302
    page = checker_client.get(reverse("admin:claims_claim_history", args=[claim.pk]))
    html = page.content.decode()
    # Who reviewed it: nobody before ("—"), not "Deleted user (pk=None)".
    assert "Deleted user" not in html and "pk=None" not in html
    assert "<strong>Reviewed by:</strong> — &rarr; anna" in html
    # A choice by its label; a time in local time with its zone, never the stored UTC value.
    assert "<strong>Status:</strong> Candidate &rarr; Verified" in html
    reviewed_at = Claim.objects.get(pk=claim.pk).reviewed_at
    assert str(reviewed_at) not in html and "+07" in html
    # Long texts whole on demand: no "[205 chars]" cut.
    assert "chars]" not in html
    assert html.count("<details") >= 2
    assert escape(before) in html and escape(after) in html


def test_history_rows_of_a_deleted_user_say_so_plainly(checker_client, django_user_model):
    gone = django_user_model.objects.create(username="departed")
    claim = ClaimFactory(summary="Before.")
    claim.summary = "After."
    claim._history_user = gone
    claim.save()
    gone.delete()
    page = checker_client.get(reverse("admin:claims_claim_history", args=[claim.pk]))
    rows = list(page.context["page_obj"])
    assert [r.changed_by for r in rows] == ["—", "—"]
    assert "None" not in page.content.decode().split('id="change-history"')[1].split("</table>")[0]
