"""Bulk review actions: a confirmation page first, then reviewer, time, one history row and one entry
in Recent actions per record."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.messages import get_messages
from django.urls import reverse

from claims.choices import ContradictionStatus, ReviewStatus
from claims.models import Claim, Contradiction, Statement
from claims.services.notes import add_note
from tests.factories import ClaimFactory, ContradictionFactory, StatementFactory

pytestmark = pytest.mark.django_db


def changelist(model) -> str:
    return reverse(f"admin:claims_{model._meta.model_name}_changelist")


def run_action(client, model, action: str, objects, **extra):
    data = {"action": action, ACTION_CHECKBOX_NAME: [o.pk for o in objects], **extra}
    return client.post(changelist(model), data)


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_verifying_statements_asks_first(checker_client):
    statements = StatementFactory.create_batch(2, status=ReviewStatus.CANDIDATE)
    response = run_action(checker_client, Statement, "verify_selected", statements)
    assert response.status_code == 200
    assert response.templates[0].name == "admin/claims/review_confirmation.html"
    html = response.content.decode()
    assert "Verify the following statements?" in html
    for statement in statements:
        assert f'name="{ACTION_CHECKBOX_NAME}" value="{statement.pk}"' in html
    assert '<input type="hidden" name="post" value="yes">' in html
    assert set(Statement.objects.values_list("status", flat=True)) == {ReviewStatus.CANDIDATE}


def test_confirmed_verification_stamps_each_statement_and_its_history(checker_client, checker):
    statements = StatementFactory.create_batch(2, status=ReviewStatus.CANDIDATE)
    response = run_action(checker_client, Statement, "verify_selected", statements, post="yes")
    assert response.status_code == 302 and response.url == changelist(Statement)
    assert messages_of(response) == ["2 statements verified."]
    for statement in statements:
        statement.refresh_from_db()
        assert statement.status == ReviewStatus.VERIFIED
        assert statement.reviewed_by == checker and statement.reviewed_at is not None
        latest = statement.history.first()
        assert (latest.history_user, latest.status) == (checker, ReviewStatus.VERIFIED)
        assert latest.history_change_reason == "Verified in the admin (bulk action)"


def test_rejecting_claims_leaves_those_already_rejected_alone(checker_client, checker):
    candidate = ClaimFactory(status=ReviewStatus.CANDIDATE)
    rejected = ClaimFactory(status=ReviewStatus.REJECTED)
    rows_before = rejected.history.count()
    response = run_action(checker_client, Claim, "reject_selected", [candidate, rejected], post="yes")
    assert messages_of(response) == ["1 claim rejected.", "1 claim already rejected: left unchanged."]
    candidate.refresh_from_db()
    rejected.refresh_from_db()
    assert (candidate.status, candidate.reviewed_by) == (ReviewStatus.REJECTED, checker)
    assert rejected.reviewed_by is None and rejected.history.count() == rows_before


def test_dismissing_contradictions_asks_for_a_note(checker_client):
    contradiction = ContradictionFactory()
    page = run_action(checker_client, Contradiction, "dismiss_selected", [contradiction])
    assert page.status_code == 200
    html = page.content.decode()
    assert '<textarea name="note"' in html
    assert f"Opposing stances: {contradiction.claim_a} / {contradiction.claim_b}" in html
    without_note = run_action(
        checker_client, Contradiction, "dismiss_selected", [contradiction], post="yes", note=" "
    )
    assert without_note.status_code == 200
    assert without_note.context["form"].errors == {"note": ["This field is required."]}
    contradiction.refresh_from_db()
    assert contradiction.status == ContradictionStatus.SUSPECTED


def test_dismissing_with_a_note_adds_it_to_each_thread(checker_client, checker):
    contradictions = ContradictionFactory.create_batch(2)
    add_note(contradictions[0], text="Suggested by detection; checking.", user=checker)
    note = "Different events: Geneva in June, the video call in December."
    response = run_action(
        checker_client, Contradiction, "dismiss_selected", contradictions, post="yes", note=note
    )
    assert response.status_code == 302
    assert messages_of(response) == ["2 contradictions dismissed."]
    threads = []
    for contradiction in contradictions:
        contradiction.refresh_from_db()
        assert contradiction.status == ContradictionStatus.DISMISSED
        assert contradiction.reviewed_by == checker and contradiction.reviewed_at is not None
        assert contradiction.history.first().history_user == checker
        threads.append([(n.text, n.author, n.author_name) for n in contradiction.notes.all()])
    # The earlier note stays, the new one follows it.
    assert threads == [
        [("Suggested by detection; checking.", checker, "anna"), (note, checker, "anna")],
        [(note, checker, "anna")],
    ]


def test_confirming_without_a_note_adds_none(checker_client, checker):
    contradiction = ContradictionFactory()
    add_note(contradiction, text="Opposite stances on the same topic.")
    run_action(checker_client, Contradiction, "confirm_selected", [contradiction], post="yes", note="")
    contradiction.refresh_from_db()
    assert contradiction.status == ContradictionStatus.CONFIRMED
    assert [n.text for n in contradiction.notes.all()] == ["Opposite stances on the same topic."]
    assert contradiction.reviewed_by == checker


@pytest.mark.parametrize(
    ("model", "factory", "action", "extra"),
    [
        (Claim, "claim", "verify_selected", {}),
        (Statement, "statement", "reject_selected", {}),
        (Contradiction, "contradiction", "dismiss_selected", {"note": "Not the same meeting."}),
    ],
)
def test_each_record_a_bulk_action_reviews_is_in_recent_actions(
    checker_client, checker, model, factory, action, extra
):
    make = {
        "claim": lambda: ClaimFactory(status=ReviewStatus.CANDIDATE),
        "statement": lambda: StatementFactory(status=ReviewStatus.CANDIDATE),
        "contradiction": ContradictionFactory,
    }[factory]
    records = [make(), make()]
    response = run_action(checker_client, model, action, records, post="yes", **extra)
    assert response.status_code == 302
    entries = LogEntry.objects.filter(user=checker, action_flag=CHANGE).order_by("object_id")
    assert [(e.content_type.model_class(), int(e.object_id)) for e in entries] == [
        (model, record.pk) for record in sorted(records, key=lambda r: r.pk)
    ]
    assert all("(bulk action)" in e.get_change_message() for e in entries)
    index = checker_client.get(reverse("admin:index")).content.decode()
    assert all(str(record) in index for record in records)


def test_the_actions_are_offered_to_fact_checkers(checker_client):
    for model, names in [
        (Claim, {"verify_selected", "reject_selected"}),
        (Statement, {"verify_selected", "reject_selected"}),
        (Contradiction, {"confirm_selected", "dismiss_selected"}),
    ]:
        response = checker_client.get(changelist(model))
        offered = {name for name, _ in response.context["action_form"].fields["action"].choices}
        assert names <= offered, model
