"""The admin's lists cost the same queries whatever their number of rows; pages of one record
do not read each related row three times."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.choices import Rating
from claims.models import ClaimSuggestion, Verdict
from tests.factories import (
    AliasFactory,
    ArticleFactory,
    ClaimFactory,
    ContradictionFactory,
    EventFactory,
    OutletFactory,
    SpeakerFactory,
    StatementFactory,
    TopicFactory,
    ViaFactory,
)

pytestmark = pytest.mark.django_db


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def claim(user):
    """A claim with every relation its list row shows."""
    return ClaimFactory(event=EventFactory(), created_by=user, reviewed_by=user)


def verdict(claim, user):
    return Verdict.objects.create(
        claim=claim,
        rating=Rating.FALSE,
        textual_rating="False",
        reviewer=user,
        reviewed_on=datetime.date(2021, 6, 17),
    )


# One row each, with every relation the list shows filled in (an empty one costs no query).
ROWS = {
    "claims_claim": claim,
    "claims_statement": lambda user: StatementFactory(claim=claim(user), created_by=user, reviewed_by=user),
    "claims_statementvia": lambda user: ViaFactory(speaker=SpeakerFactory(), outlet=None),
    "claims_contradiction": lambda user: ContradictionFactory(claim_a=claim(user), reviewed_by=user),
    "claims_verdict": lambda user: verdict(claim(user), user),
    "claims_speaker": lambda user: SpeakerFactory(affiliation=SpeakerFactory(), outlet=OutletFactory()),
    "claims_speakeralias": lambda user: AliasFactory(),
    "claims_topic": lambda user: TopicFactory(),
    "claims_event": lambda user: EventFactory(),
    "sources_article": lambda user: ArticleFactory(),
    "sources_outlet": lambda user: OutletFactory(),
    "claims_claimsuggestion": lambda user: suggestion(user),
}


def suggestion(user):
    """A suggestion with every relation its list row shows, decided by `user`."""
    statement = StatementFactory(claim=claim(user))
    return ClaimSuggestion.objects.create(
        statement=statement, claim=statement.claim, suggested_claim=claim(user), score=0.6, decided_by=user
    )


@pytest.mark.parametrize("changelist", list(ROWS))
def test_a_list_costs_the_same_queries_for_six_rows_as_for_two(checker_client, checker, changelist):
    url = reverse(f"admin:{changelist}_changelist")
    for _ in range(2):
        ROWS[changelist](checker)
    two = queries(checker_client, url)
    for _ in range(4):
        ROWS[changelist](checker)
    # Before, the claims list read each row's event by itself: 4 more rows, 4 more queries.
    assert queries(checker_client, url) == two


def test_an_articles_statements_read_their_claims_label_in_one_query_each(checker_client, checker):
    article = ArticleFactory()
    url = reverse("admin:sources_article_change", args=[article.pk])
    StatementFactory(article=article)
    one = queries(checker_client, url)
    for _ in range(3):
        StatementFactory(article=article)
    # Each row's claim widget reads the chosen claim (Django's autocomplete does, per widget),
    # with the speaker and topic that name it: one query a row, where it was three.
    assert queries(checker_client, url) - one <= 3
