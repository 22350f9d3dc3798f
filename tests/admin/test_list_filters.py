"""Filters on relations too many to list: speakers and topics are chosen from their own pages."""

import pytest
from django.urls import reverse

from claims.choices import ContradictionStatus
from tests.factories import ClaimFactory, ContradictionFactory, SpeakerFactory, StatementFactory, TopicFactory

pytestmark = pytest.mark.django_db


def sidebar(response, title: str) -> list[str]:
    """The choices the sidebar shows under `title` (none when it shows no such filter)."""
    specs = [spec for spec in response.context["cl"].filter_specs if spec.title == title]
    return [choice["display"] for spec in specs for choice in spec.choices(response.context["cl"])]


def test_the_speaker_filter_lists_only_the_speaker_chosen(checker_client):
    putin, biden = SpeakerFactory(name="Vladimir Putin"), SpeakerFactory(name="Joe Biden")
    said = ClaimFactory(speaker=putin)
    ClaimFactory(speaker=biden)
    changelist = reverse("admin:claims_claim_changelist")

    assert sidebar(checker_client.get(changelist), "speaker") == []  # not ten thousand links
    response = checker_client.get(changelist, {"speaker__id__exact": putin.pk})
    assert sidebar(response, "speaker") == ["All", "Vladimir Putin"]
    assert list(response.context["cl"].result_list) == [said]


def test_a_speakers_page_links_to_their_claims_and_statements(checker_client):
    putin = SpeakerFactory(name="Vladimir Putin")
    statement = StatementFactory(claim=ClaimFactory(speaker=putin))
    StatementFactory()
    page = checker_client.get(reverse("admin:claims_speaker_change", args=[putin.pk])).content.decode()

    claims = f"{reverse('admin:claims_claim_changelist')}?speaker__id__exact={putin.pk}"
    statements = f"{reverse('admin:claims_statement_changelist')}?speaker__id__exact={putin.pk}"
    assert claims in page and statements in page
    response = checker_client.get(statements)
    assert list(response.context["cl"].result_list) == [statement]
    assert sidebar(response, "speaker") == ["All", "Vladimir Putin"]


def test_a_topics_page_links_to_its_claims(checker_client):
    topic = TopicFactory(name="NATO expansion")
    claim = ClaimFactory(topic=topic)
    ClaimFactory()
    page = checker_client.get(reverse("admin:claims_topic_change", args=[topic.pk])).content.decode()
    link = f"{reverse('admin:claims_claim_changelist')}?topic__id__exact={topic.pk}"
    assert link in page
    assert list(checker_client.get(link).context["cl"].result_list) == [claim]


@pytest.mark.parametrize("value", ["abc", "١", "1 OR 1=1", ""])
def test_a_malformed_choice_is_no_server_error(checker_client, value):
    ClaimFactory()
    response = checker_client.get(reverse("admin:claims_claim_changelist"), {"speaker__id__exact": value})
    assert response.status_code in (200, 302)


def test_claims_are_filtered_by_their_standing_contradictions(checker_client):
    contested, dismissed, alone = ClaimFactory(), ClaimFactory(), ClaimFactory()
    ContradictionFactory(claim_a=contested)
    ContradictionFactory(claim_a=dismissed, status=ContradictionStatus.DISMISSED)
    changelist = reverse("admin:claims_claim_changelist")

    response = checker_client.get(changelist, {"contradictions": "standing"})
    assert sidebar(response, "contradictions") == ["All", "Standing", "None standing"]
    standing = set(response.context["cl"].result_list)
    assert contested in standing and dismissed not in standing and alone not in standing
    unopposed = set(checker_client.get(changelist, {"contradictions": "none"}).context["cl"].result_list)
    assert {dismissed, alone} <= unopposed and contested not in unopposed

    page = checker_client.get(reverse("admin:claims_claim_change", args=[contested.pk]))
    assert page.context["adminform"].form.instance.standing_contradictions == 1
    assert "Standing contradictions" in page.content.decode()
