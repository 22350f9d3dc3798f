"""Every review action of the admin is in its Recent actions, with the reason its history gives."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import CHANGE, LogEntry
from django.urls import reverse

from claims.choices import ContradictionStatus, ReviewStatus
from claims.models import Claim, Contradiction, Statement
from tests.factories import ClaimFactory, ContradictionFactory, StatementFactory

pytestmark = pytest.mark.django_db


def run_action(client, model, action: str, objects, **extra):
    url = reverse(f"admin:claims_{model._meta.model_name}_changelist")
    return client.post(
        url, {"action": action, ACTION_CHECKBOX_NAME: [o.pk for o in objects], "post": "yes", **extra}
    )


def logged(model) -> list[tuple[int, int, str]]:
    rows = LogEntry.objects.filter(content_type__model=model._meta.model_name).order_by("object_id")
    return [(int(str(row.object_id)), row.action_flag, row.get_change_message()) for row in rows]


def test_bulk_verification_logs_each_record_it_changed(checker_client, checker):
    changed = ClaimFactory(status=ReviewStatus.CANDIDATE)
    already = ClaimFactory(status=ReviewStatus.VERIFIED)
    run_action(checker_client, Claim, "verify_selected", [changed, already])
    assert logged(Claim) == [(changed.pk, CHANGE, "Verified in the admin (bulk action)")]
    assert LogEntry.objects.get().user == checker


def test_bulk_rejection_of_statements_is_logged(checker_client):
    statements = StatementFactory.create_batch(2, status=ReviewStatus.CANDIDATE)
    run_action(checker_client, Statement, "reject_selected", statements)
    assert logged(Statement) == [(s.pk, CHANGE, "Rejected in the admin (bulk action)") for s in statements]


def test_bulk_dismissal_of_contradictions_is_logged(checker_client):
    contradiction = ContradictionFactory()
    run_action(
        checker_client, Contradiction, "dismiss_selected", [contradiction], note="Not about one thing."
    )
    contradiction.refresh_from_db()
    assert contradiction.status == ContradictionStatus.DISMISSED
    assert logged(Contradiction) == [(contradiction.pk, CHANGE, "Dismissed in the admin (bulk action)")]
    index = checker_client.get(reverse("admin:index")).content.decode()
    assert str(contradiction) in index


def test_a_decision_on_the_review_page_is_logged(checker_client):
    statement = StatementFactory(status=ReviewStatus.CANDIDATE)
    url = reverse("admin:sources_article_review", args=[statement.article_id])
    checker_client.post(url, {"statement": statement.pk, "decision": "verified"})
    assert logged(Statement) == [(statement.pk, CHANGE, "Confirmed on the article's review page")]
