"""Every service that stores a claim brings its suggested contradictions in line; a bare save does not.

The admin's paths are in tests/admin/test_detection_in_admin.py.
"""

import json

import pytest

from claims.choices import ContradictionKind, ContradictionStatus, ReviewStatus, Stance
from claims.fixtures import load_fixture
from claims.models import Claim, Contradiction
from claims.services.admin_review import review_each
from claims.services.claims import create_claim, save_claim, update_claim
from claims.services.review import review
from tests.factories import ClaimFactory, SpeakerFactory, TopicFactory

pytestmark = pytest.mark.django_db
V1 = "/api/v1"


def pairs() -> set[tuple[int, int]]:
    return set(Contradiction.objects.values_list("claim_a_id", "claim_b_id"))


def pair(a: Claim, b: Claim) -> tuple[int, int]:
    return min(a.pk, b.pk), max(a.pk, b.pk)


@pytest.fixture
def supporter():
    return ClaimFactory(topic=TopicFactory(slug="nato"), stance=Stance.SUPPORTS)


def test_a_claim_saved_without_a_service_detects_nothing(supporter):
    bare = Claim.objects.create(
        speaker=SpeakerFactory(), topic=supporter.topic, stance=Stance.OPPOSES, summary="Saved bare.",
        status=ReviewStatus.VERIFIED,
    )  # fmt: skip
    assert pairs() == set()
    save_claim(bare)
    assert pairs() == {pair(supporter, bare)}


def test_create_claim_records_the_new_claims_contradictions(supporter, django_user_model):
    user = django_user_model.objects.create(username="writer")
    claim = create_claim(
        speaker=supporter.speaker, topic=supporter.topic, stance=Stance.OPPOSES, summary="Changed my mind.",
        status=ReviewStatus.VERIFIED, user=user,
    )  # fmt: skip
    assert claim.created_by == user
    contradiction = Contradiction.objects.get()
    assert (contradiction.claim_a_id, contradiction.claim_b_id) == pair(supporter, claim)
    assert (contradiction.kind, contradiction.status) == (
        ContradictionKind.REVERSAL,
        ContradictionStatus.SUSPECTED,
    )


def test_update_claim_records_a_changed_stance_or_topic(supporter):
    other = ClaimFactory(stance=Stance.SUPPORTS)  # on a topic of its own
    claim = ClaimFactory(stance=Stance.NEUTRAL, topic=supporter.topic)
    assert pairs() == set()
    update_claim(claim, changes={"stance": Stance.OPPOSES})
    assert pairs() == {pair(supporter, claim)}
    # Moved to another topic, it takes its suggestion along.
    update_claim(claim, changes={"topic": other.topic})
    assert pairs() == {pair(other, claim)}


@pytest.mark.parametrize("through", ["review", "review_each"])
def test_a_claim_verified_after_being_rejected_is_paired(supporter, through):
    claim = ClaimFactory(topic=supporter.topic, stance=Stance.OPPOSES, status=ReviewStatus.REJECTED)
    assert pairs() == set()
    if through == "review":
        review(claim, ReviewStatus.CANDIDATE, None)
        assert pairs() == set()  # a candidate is paired with nothing
        review(claim, ReviewStatus.VERIFIED, None)
    else:
        review_each([claim], ReviewStatus.VERIFIED, None, reason="Verified by a script")
    assert pairs() == {pair(supporter, claim)}


def test_a_claim_created_through_the_api_is_paired_once_verified(fc_api, supporter):
    response = fc_api.post(
        f"{V1}/claims/",
        {"speaker": supporter.speaker.slug, "topic": "nato", "stance": "opposes", "summary": "Never."},
        format="json",
    )
    assert response.status_code == 201, response.content
    claim = Claim.objects.get(pk=response.json()["id"])
    assert pairs() == set()  # a new claim is a candidate
    response = fc_api.post(f"{V1}/claims/{claim.pk}/review/", {"status": "verified"}, format="json")
    assert response.status_code == 200, response.content
    assert pairs() == {pair(supporter, claim)}
    assert Contradiction.objects.get().kind == ContradictionKind.REVERSAL


def test_a_stance_or_topic_changed_through_the_api_is_paired(fc_api, supporter):
    other = ClaimFactory(stance=Stance.OPPOSES)
    claim = ClaimFactory(stance=Stance.NEUTRAL, topic=supporter.topic)
    response = fc_api.patch(f"{V1}/claims/{claim.pk}/", {"stance": "opposes"}, format="json")
    assert response.status_code == 200, response.content
    assert pairs() == {pair(supporter, claim)}
    response = fc_api.patch(
        f"{V1}/claims/{claim.pk}/", {"topic": other.topic.slug, "stance": "supports"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert pairs() == {pair(other, claim)}


def test_a_claim_reviewed_through_the_api_is_paired(fc_api, supporter):
    claim = ClaimFactory(topic=supporter.topic, stance=Stance.OPPOSES, status=ReviewStatus.REJECTED)
    response = fc_api.post(f"{V1}/claims/{claim.pk}/review/", {"status": "verified"}, format="json")
    assert response.status_code == 200, response.content
    assert pairs() == {pair(supporter, claim)}


def claim_entry(key: str, speaker: str, stance: str) -> dict:
    fields = {
        "key": key, "speaker": [speaker], "topic": ["sanctions"], "stance": stance, "summary": key,
        "status": "verified",
    }  # fmt: skip
    return {"model": "claims.claim", "fields": fields}


def fixture(tmp_path, stance: str):
    path = tmp_path / "claims.json"
    entries = [
        {"model": "claims.speaker", "fields": {"slug": "putin", "name": "Vladimir Putin"}},
        {"model": "claims.speaker", "fields": {"slug": "biden", "name": "Joe Biden"}},
        {"model": "claims.topic", "fields": {"slug": "sanctions", "name": "Sanctions will work"}},
        claim_entry("biden-sanctions", "biden", "supports"),
        claim_entry("putin-sanctions", "putin", stance),
    ]
    path.write_text(json.dumps(entries), encoding="utf-8")
    return path


def test_seeding_records_the_contradictions_of_the_claims_it_creates_and_updates(tmp_path):
    assert load_fixture(fixture(tmp_path, "neutral"))["created"] == 5
    assert pairs() == set()
    # The fixture's new stance reaches a claim nobody changed since it was seeded.
    assert load_fixture(fixture(tmp_path, "opposes"))["updated"] == 1
    biden, putin = (Claim.objects.get(key=key) for key in ("biden-sanctions", "putin-sanctions"))
    assert pairs() == {pair(biden, putin)}
