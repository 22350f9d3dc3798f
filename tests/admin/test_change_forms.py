"""A status changed in a change form goes through the review services: reviewer and time are stamped;
a note typed in it is added to the record's thread."""

import pytest
from django.urls import reverse

from claims.choices import ContradictionStatus, ReviewStatus
from claims.models import Contradiction, Speaker
from claims.services.notes import add_note
from tests.admin.postdata import add_inline_row, change_form_data
from tests.factories import AliasFactory, ClaimFactory, ContradictionFactory, SpeakerFactory, StatementFactory

pytestmark = pytest.mark.django_db


def edit(client, url: str, **changes):
    data = change_form_data(client.get(url))
    data.update(changes)
    return client.post(url, data)


def test_verifying_a_claim_in_its_form_stamps_the_reviewer(checker_client, checker):
    claim = ClaimFactory(status=ReviewStatus.CANDIDATE)
    response = edit(checker_client, reverse("admin:claims_claim_change", args=[claim.pk]), status="verified")
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.reviewed_by) == (ReviewStatus.VERIFIED, checker)
    assert claim.reviewed_at is not None and claim.created_by is None
    assert claim.history.first().history_change_reason == "Verified in the admin change form"


def test_other_edits_do_not_count_as_a_review(checker_client, checker):
    claim = ClaimFactory(status=ReviewStatus.CANDIDATE)
    edit(checker_client, reverse("admin:claims_claim_change", args=[claim.pk]), summary="Reworded.")
    claim.refresh_from_db()
    assert (claim.summary, claim.reviewed_by, claim.reviewed_at) == ("Reworded.", None, None)
    assert claim.history.first().history_user == checker


def test_a_claim_added_in_the_admin_records_who_entered_it(checker_client, checker):
    template = ClaimFactory()
    url = reverse("admin:claims_claim_add")
    data = change_form_data(checker_client.get(url))
    data.update(speaker=template.speaker_id, topic=template.topic_id, stance="neutral", summary="New claim.")
    assert checker_client.post(url, data).status_code == 302
    claim = template.speaker.claims.get(summary="New claim.")
    assert (claim.created_by, claim.reviewed_by, claim.status) == (checker, None, ReviewStatus.CANDIDATE)


def test_dismissing_a_contradiction_in_its_form(checker_client, checker):
    contradiction = ContradictionFactory()
    add_note(contradiction, text="Suggested while the video was unchecked.")
    url = reverse("admin:claims_contradiction_change", args=[contradiction.pk])
    refused = edit(checker_client, url, status="dismissed", note="")
    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors == {"note": ["Say why the contradiction is dismissed."]}
    accepted = edit(checker_client, url, status="dismissed", note="Two different meetings.")
    assert accepted.status_code == 302
    contradiction.refresh_from_db()
    assert contradiction.status == ContradictionStatus.DISMISSED
    # The note is added after the one it had, never in its place.
    assert [(n.text, n.author_name) for n in contradiction.notes.all()] == [
        ("Suggested while the video was unchecked.", ""),
        ("Two different meetings.", "anna"),
    ]
    assert contradiction.reviewed_by == checker
    assert contradiction.history.first().history_user == checker


@pytest.mark.parametrize("factory", [ClaimFactory, StatementFactory, ContradictionFactory])
def test_each_change_form_shows_the_thread_and_adds_a_note(checker_client, checker, factory):
    record = factory()
    first = add_note(record, text="First look:\nquote checked.", user=checker)
    model = record._meta.model_name
    url = reverse(f"admin:claims_{model}_change", args=[record.pk])
    page = checker_client.get(url).content.decode()
    assert "First look:<br>quote checked." in page
    assert "<strong>anna</strong>" in page and f'datetime="{first.created_at.isoformat()}"' in page
    assert edit(checker_client, url, note="  Second look: the date is right.  ").status_code == 302
    assert [n.text for n in record.notes.all()] == [
        "First look:\nquote checked.",
        "Second look: the date is right.",
    ]
    assert edit(checker_client, url, note="").status_code == 302  # nothing typed: no note
    assert record.notes.count() == 2


def test_the_contradiction_form_shows_what_each_claim_says(checker_client):
    contradiction = ContradictionFactory(
        claim_a__summary="NATO must stop.", claim_b__summary="NATO may grow."
    )
    response = checker_client.get(reverse("admin:claims_contradiction_change", args=[contradiction.pk]))
    assert "NATO must stop." in response.content.decode() and "NATO may grow." in response.content.decode()


def test_a_contradiction_without_statements_can_be_added(checker_client):
    first, second = ClaimFactory(), ClaimFactory()
    url = reverse("admin:claims_contradiction_add")
    data = change_form_data(checker_client.get(url))
    data.update(kind="opposing", claim_a=first.pk, claim_b=second.pk, note="Opposite stances.")
    response = checker_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    added = Contradiction.objects.get(claim_a=first, claim_b=second)
    assert [n.text for n in added.notes.all()] == ["Opposite stances."]
    data.update(claim_b=first.pk)
    refused = checker_client.post(url, data)
    assert refused.context["adminform"].form.errors == {
        "claim_b": ["Opposing stances and reversals pair two different claims."]
    }
    data.update(kind="discrepancy", claim_b=second.pk)
    refused = checker_client.post(url, data)
    assert refused.context["adminform"].form.errors == {
        "statement_a": ["A discrepancy pairs two statements: give both."]
    }


def test_the_pair_is_still_stored_once(checker_client):
    existing = ContradictionFactory()
    url = reverse("admin:claims_contradiction_add")
    data = change_form_data(checker_client.get(url))
    data.update(kind="opposing", claim_a=existing.claim_b_id, claim_b=existing.claim_a_id)
    refused = checker_client.post(url, data)
    assert refused.status_code == 200
    assert "contradiction_claim_pair_once" in str(refused.context["adminform"].form.errors)


def test_a_verdict_records_who_rated_the_claim(checker_client, checker):
    claim = ClaimFactory()
    url = reverse("admin:claims_verdict_add")
    data = change_form_data(checker_client.get(url))
    data.update(claim=claim.pk, rating="false", textual_rating="Misleading", reviewed_on="2021-12-10")
    assert checker_client.post(url, data).status_code == 302
    claim.refresh_from_db()
    assert claim.verdict.reviewer == checker


def test_a_spelling_of_another_speaker_is_a_form_error(checker_client):
    AliasFactory(name="Nhà Trắng", speaker=SpeakerFactory(slug="white-house"))
    other = SpeakerFactory(slug="other")
    url = reverse("admin:claims_speaker_change", args=[other.pk])
    data = change_form_data(checker_client.get(url))
    add_inline_row(data, "aliases", name="nha trang", speaker=other.pk)
    response = checker_client.post(url, data)
    assert response.status_code == 200  # the form again, with the error
    assert "Already an alias of another speaker: &#x27;Nhà Trắng&#x27; (white-house)." in response.text
    assert not other.aliases.exists()
    # On a new speaker too.
    data = change_form_data(checker_client.get(reverse("admin:claims_speaker_add")))
    data.update({"slug": "new", "name": "New", "kind": "person", "aliases-0-name": "NHA TRANG"})
    response = checker_client.post(reverse("admin:claims_speaker_add"), data)
    assert response.status_code == 200
    assert not Speaker.objects.filter(slug="new").exists()
    # A spelling of the speaker's own is fine.
    data = change_form_data(checker_client.get(url))
    add_inline_row(data, "aliases", name="Other's own", speaker=other.pk)
    assert checker_client.post(url, data).status_code == 302
