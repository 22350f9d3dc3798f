"""The review queue of suggested contradictions, grouped by topic: in the admin and in the API."""

import pytest
from django.urls import reverse

from claims.choices import Stance
from tests.factories import ClaimFactory, SpeakerFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue():
    """Suggestions on two topics, made in turns, so that newest first alone would mix them."""
    sanctions = TopicFactory(slug="sanctions", name="Sanctions will deter Russia")
    nato = TopicFactory(slug="nato", name="NATO should not expand further east")
    made = {nato.slug: [], sanctions.slug: []}
    supporters = {
        topic.slug: ClaimFactory(topic=topic, stance=Stance.SUPPORTS) for topic in (nato, sanctions)
    }
    for _ in range(2):
        for topic in (nato, sanctions):
            opposer = ClaimFactory(topic=topic, speaker=SpeakerFactory(), stance=Stance.OPPOSES)
            made[topic.slug].append(opposer.pk)
    return supporters, made


def test_the_admin_lists_suspected_contradictions_by_topic_newest_first_within_one(checker_client, queue):
    page = checker_client.get(
        reverse("admin:claims_contradiction_changelist"), {"status__exact": "suspected"}
    )
    assert page.status_code == 200
    cl = page.context["cl"]
    assert cl.list_display[1] == "topic"  # first after the selection box
    rows = [(c.claim_a.topic.slug, c.claim_b_id) for c in cl.result_list]
    _, made = queue
    assert rows == [("nato", pk) for pk in reversed(made["nato"])] + [
        ("sanctions", pk) for pk in reversed(made["sanctions"])
    ]
    assert "NATO should not expand further east" in page.content.decode()


def test_the_api_filters_the_queue_by_topic(fc_api, queue):
    _, made = queue
    response = fc_api.get("/api/v1/contradictions/", {"topic": "sanctions", "status": "suspected"})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [c["claims"][1]["id"] for c in results] == list(reversed(made["sanctions"]))
    assert {c["topic"]["slug"] for c in results} == {"sanctions"}
