"""Query budgets: each endpoint costs the same number of queries whatever the page size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.choices import Stance
from tests.factories import ArticleFactory, ClaimFactory, StatementFactory, ViaFactory

pytestmark = pytest.mark.django_db
V1 = "/api/v1"


@pytest.fixture
def many(corpus):
    """Fifty more claims with statements and chains, so that page sizes 2 and 40 both fill."""
    nato = corpus["topics"][0]
    article = ArticleFactory(key="bulk", outlet=corpus["outlets"][0])
    for i in range(50):
        claim = ClaimFactory(topic=nato, stance=Stance.SUPPORTS if i % 2 else Stance.NEUTRAL)
        statement = StatementFactory(claim=claim, article=article)
        ViaFactory(statement=statement, outlet=corpus["outlets"][1])
    return corpus


def count(api, path, **params):
    with CaptureQueriesContext(connection) as queries:
        response = api.get(f"{V1}{path}", params)
    assert response.status_code == 200, response.content
    return len(queries)


# Each budget names its queries; the figure is the same at page sizes 2 and 40.
BUDGETS = {
    # claims joined with speaker, topic, event and verdict
    "/claims/": 1,
    # statements joined with claim, speaker, article, outlet; + the chains (prefetch)
    "/statements/": 2,
    # contradictions joined with both claims, their speakers and topics, and statements; + count
    "/contradictions/": 2,
    # speakers with affiliation and outlet; + aliases (prefetch); + count
    "/speakers/": 3,
    # outlets; + count
    "/outlets/": 2,
    # articles with outlet; + count
    "/articles/": 2,
    # topics; + count
    "/topics/": 2,
    # events; + count
    "/events/": 2,
    # the article; statements; chains
    "/articles/bulk/statements/": 3,
}


@pytest.mark.parametrize(("path", "budget"), BUDGETS.items())
def test_list_queries_do_not_grow_with_page_size(api, many, path, budget):
    assert count(api, path, page_size=2) == budget
    assert count(api, path, page_size=40) == budget


@pytest.mark.parametrize(
    ("params", "budget"),
    [
        ({"speaker": "joe-biden"}, 1),
        ({"q": "nato"}, 1),  # the subqueries of the search run inside the one statement
        ({"has_contradictions": "true"}, 1),
        ({"outlet": "plvn"}, 1),
    ],
)
def test_filtered_claims_cost_one_query(api, many, params, budget):
    assert count(api, "/claims/", page_size=2, **params) == budget
    assert count(api, "/claims/", page_size=40, **params) == budget


def test_detail_endpoints(api, many):
    demand = many["claims"][0]
    # the claim; its statements (joined); their chains
    assert count(api, f"/claims/{demand.id}/attribution/") == 3
    # the claim; the contradictions (joined)
    assert count(api, f"/claims/{demand.id}/contradictions/", page_size=40) == 2
    # the claim (joined)
    assert count(api, f"/claims/{demand.id}/") == 1
    # the statement (joined); its chain
    assert count(api, f"/statements/{many['statements'][1].id}/") == 2
