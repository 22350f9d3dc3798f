"""A fact-checker (staff, in the group, not a superuser) can do the whole flow and nothing more."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from claims.choices import ReviewStatus
from tests.factories import ClaimFactory, ContradictionFactory, StatementFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a long fact-checking passphrase"


@pytest.fixture
def account_client(client):
    """Logged in, through the login form, as the account `create_factchecker` makes."""
    call_command("create_factchecker", "binh", password=PASSWORD, stdout=io.StringIO())
    user = get_user_model().objects.get(username="binh")
    assert (user.is_staff, user.is_superuser) == (True, False)
    response = client.post(reverse("admin:login"), {"username": "binh", "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_the_index_lists_only_what_the_group_allows(account_client):
    response = account_client.get(reverse("admin:index"))
    apps = {
        app["app_label"]: {m["object_name"] for m in app["models"]} for app in response.context["app_list"]
    }
    assert set(apps) == {"claims", "sources"}
    assert apps["sources"] == {"Outlet", "Article"}
    assert {"Claim", "Statement", "Contradiction", "Speaker", "Topic", "Verdict"} <= apps["claims"]
    html = response.content.decode()
    assert "Users" not in html and "Groups" not in html and "Tokens" not in html


@pytest.mark.parametrize(
    "url",
    [
        "admin:auth_user_changelist",
        "admin:auth_group_changelist",
        "admin:authtoken_tokenproxy_changelist",
    ],
)
def test_users_groups_and_tokens_are_refused(account_client, url):
    assert account_client.get(reverse(url)).status_code == 403


def test_another_users_page_is_refused(account_client):
    other = get_user_model().objects.create_user("someone")
    assert account_client.get(reverse("admin:auth_user_change", args=[other.pk])).status_code == 403


def test_the_whole_flow_is_open(account_client):
    statement = StatementFactory(status=ReviewStatus.CANDIDATE)
    contradiction = ContradictionFactory()
    claim = ClaimFactory()
    pages = [
        reverse("admin:sources_article_review", args=[statement.article_id]),
        reverse("admin:sources_article_change", args=[statement.article_id]),
        reverse("admin:claims_statement_change", args=[statement.pk]),
        reverse("admin:claims_contradiction_change", args=[contradiction.pk]),
        reverse("admin:claims_claim_add"),
    ]
    for obj in (statement, contradiction, claim, statement.article):
        pages.append(reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_history", args=[obj.pk]))
    for url in pages:
        assert account_client.get(url).status_code == 200, url
    review = reverse("admin:sources_article_review", args=[statement.article_id])
    account_client.post(review, {"statement": statement.pk, "decision": "verified"})
    statement.refresh_from_db()
    assert statement.reviewed_by.username == "binh"


def test_staff_outside_the_group_see_no_claims(client):
    user = get_user_model().objects.create_user("visitor", is_staff=True)
    client.force_login(user)
    assert client.get(reverse("admin:index")).context["app_list"] == []
    assert client.get(reverse("admin:claims_claim_changelist")).status_code == 403
