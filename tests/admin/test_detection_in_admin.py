"""A claim added, edited, reviewed or reverted in the admin has its suggested contradictions brought in line."""

import pytest
from django.contrib.admin import helpers
from django.urls import reverse

from claims.choices import ReviewStatus, Stance
from claims.models import Claim, Contradiction
from tests.admin.postdata import change_form_data
from tests.factories import ClaimFactory, TopicFactory

pytestmark = pytest.mark.django_db


def pairs() -> set[tuple[int, int]]:
    return set(Contradiction.objects.values_list("claim_a_id", "claim_b_id"))


def pair(a: Claim, b: Claim) -> tuple[int, int]:
    return min(a.pk, b.pk), max(a.pk, b.pk)


def edit(client, claim: Claim, **changes):
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    data = change_form_data(client.get(url))
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


@pytest.fixture
def supporter():
    return ClaimFactory(stance=Stance.SUPPORTS)


@pytest.mark.parametrize(("status", "paired"), [("candidate", False), ("verified", True)])
def test_a_claim_added_in_the_admin_is_paired_when_verified(checker_client, supporter, status, paired):
    url = reverse("admin:claims_claim_add")
    data = change_form_data(checker_client.get(url))
    data.update(
        speaker=supporter.speaker_id,
        topic=supporter.topic_id,
        stance="opposes",
        summary="Not so.",
        status=status,
    )
    assert checker_client.post(url, data).status_code == 302
    added = Claim.objects.get(summary="Not so.")
    assert pairs() == ({pair(supporter, added)} if paired else set())


def test_a_stance_changed_in_the_admin_is_paired(checker_client, supporter):
    claim = ClaimFactory(topic=supporter.topic, stance=Stance.NEUTRAL)
    edit(checker_client, claim, stance="opposes")
    assert pairs() == {pair(supporter, claim)}


def test_a_topic_changed_in_the_admin_is_paired(checker_client, supporter):
    claim = ClaimFactory(topic=TopicFactory(), stance=Stance.OPPOSES)
    edit(checker_client, claim, topic=supporter.topic_id)
    assert pairs() == {pair(supporter, claim)}


def test_a_claim_brought_back_from_rejected_in_its_form_is_paired(checker_client, checker, supporter):
    claim = ClaimFactory(topic=supporter.topic, stance=Stance.OPPOSES, status=ReviewStatus.REJECTED)
    edit(checker_client, claim, status="verified")
    claim.refresh_from_db()
    assert (claim.status, claim.reviewed_by) == (ReviewStatus.VERIFIED, checker)
    assert pairs() == {pair(supporter, claim)}


def test_a_claim_verified_by_the_bulk_action_is_paired(checker_client, supporter):
    claim = ClaimFactory(topic=supporter.topic, stance=Stance.OPPOSES, status=ReviewStatus.REJECTED)
    response = checker_client.post(
        reverse("admin:claims_claim_changelist"),
        {"action": "verify_selected", helpers.ACTION_CHECKBOX_NAME: [claim.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert pairs() == {pair(supporter, claim)}


def test_a_claim_reverted_to_an_opposite_stance_is_paired(checker_client, supporter):
    claim = ClaimFactory(topic=supporter.topic, stance=Stance.OPPOSES)
    first = claim.history.earliest()
    Contradiction.objects.all().delete()
    Claim.objects.filter(pk=claim.pk).update(stance=Stance.NEUTRAL)  # no service: nothing detected
    url = reverse("admin:claims_claim_simple_history", args=[claim.pk, first.history_id])
    data = change_form_data(checker_client.get(url))
    assert data["stance"] == "opposes"
    assert checker_client.post(url, data).status_code == 302
    assert pairs() == {pair(supporter, claim)}
