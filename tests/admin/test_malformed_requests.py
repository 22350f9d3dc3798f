"""Malformed ids and parameters get the admin's usual answers (the list again, a message, the
form with its errors), never a 500, and change nothing."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.urls import reverse

from claims.choices import ReviewStatus
from claims.models import Claim, Topic
from tests.admin.postdata import change_form_data
from tests.factories import ArticleFactory, ClaimFactory, StatementFactory, TopicFactory

pytestmark = pytest.mark.django_db

NOT_IDS = ["abc", "1.5", "\x00", "x" * 300]


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize(
    "changelist, params",
    [
        ("claims_claim", {"status__exact": "\x00"}),
        ("claims_statement", {"mode__exact": "a\x00"}),
        ("sources_article", {"language__exact": "\x00"}),
        ("claims_claim", {"q": "Putin\x00"}),
    ],
)
def test_a_nul_in_a_list_parameter_shows_the_list_again(checker_client, changelist, params):
    url = reverse(f"admin:{changelist}_changelist")
    response = checker_client.get(url, params)
    # Django's answer to a filter it cannot apply: the unfiltered list, flagged "?e=1".
    assert response.status_code == 302
    assert response["Location"] == f"{url}?e=1"


def test_a_nul_in_an_autocomplete_term_finds_nothing(checker_client):
    ClaimFactory()
    response = checker_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "claims", "model_name": "statement", "field_name": "claim", "term": "a\x00"},
    )
    assert response.status_code == 200
    assert response.json()["results"] == []


@pytest.mark.parametrize("bad", NOT_IDS)
def test_a_history_page_of_no_possible_record_says_so(checker_client, bad):
    topic = TopicFactory()
    for url in [
        reverse("admin:claims_topic_history", args=[bad]),
        reverse("admin:claims_topic_simple_history", args=[bad, 1]),
        reverse("admin:claims_topic_simple_history", args=[topic.pk, bad]),
    ]:
        response = checker_client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("admin:index")
        assert any("doesn’t exist" in message for message in messages_of(response))


@pytest.mark.parametrize("bad", NOT_IDS)
def test_an_action_on_a_selection_of_no_possible_record_changes_nothing(checker_client, bad):
    claim = ClaimFactory(status=ReviewStatus.CANDIDATE)
    url = reverse("admin:claims_claim_changelist")
    for data in [
        {"action": "verify_selected", ACTION_CHECKBOX_NAME: [claim.pk, bad], "post": "yes"},
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [bad], "post": "yes"},
    ]:
        response = checker_client.post(url, data)
        assert response.status_code == 302
        assert "The selection names no record. No items have been changed." in messages_of(response)
    claim.refresh_from_db()
    assert claim.status == ReviewStatus.CANDIDATE


@pytest.mark.parametrize("bad", NOT_IDS)
def test_an_add_form_ignores_a_preset_relation_no_row_can_have(checker_client, bad):
    speaker = ClaimFactory().speaker
    url = reverse("admin:claims_claim_add")
    response = checker_client.get(url, {"speaker": bad})
    assert response.status_code == 200
    assert response.context["adminform"].form["speaker"].value() is None
    # A real id is still preset.
    response = checker_client.get(url, {"speaker": speaker.pk})
    assert str(response.context["adminform"].form["speaker"].value()) == str(speaker.pk)


@pytest.mark.parametrize("bad", NOT_IDS)
def test_a_form_posted_with_a_relation_no_row_can_have_shows_its_error(checker_client, bad):
    topic = TopicFactory()
    data = {
        "speaker": bad,
        "topic": topic.pk,
        "stance": "supports",
        "summary": "Một tuyên bố.",
        "status": "candidate",
    }
    response = checker_client.post(reverse("admin:claims_claim_add"), data)
    assert response.status_code == 200
    assert "speaker" in response.context["adminform"].form.errors
    assert not Claim.objects.exists() and Topic.objects.count() == 1


def test_an_inline_row_posted_with_a_claim_no_row_can_have_shows_its_error(checker_client):
    article = ArticleFactory()
    statement = StatementFactory(article=article)
    url = reverse("admin:sources_article_change", args=[article.pk])
    data = change_form_data(checker_client.get(url))
    prefix = next(key for key in data if key.endswith("-0-claim")).removesuffix("claim")
    data[f"{prefix}claim"] = "abc"
    response = checker_client.post(url, data)
    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.errors[0]["claim"]
    statement.refresh_from_db()
    assert Claim.objects.filter(pk=statement.claim_id).exists()
