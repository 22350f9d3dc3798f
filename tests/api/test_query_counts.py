"""Query budgets: each endpoint costs the same number of queries whatever the page size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.choices import ContradictionKind, Stance
from tests.factories import ArticleFactory, ClaimFactory, ContradictionFactory, StatementFactory, ViaFactory

pytestmark = pytest.mark.django_db
V1 = "/api/v1"


@pytest.fixture
def many(corpus):
    """Fifty more claims with statements and chains, so that page sizes 2 and 40 both fill, and
    (newest) a discrepancy, so that every contradictions page shows statements too."""
    nato = corpus["topics"][0]
    article = ArticleFactory(key="bulk", outlet=corpus["outlets"][0])
    statements = []
    for i in range(50):
        claim = ClaimFactory(topic=nato, stance=Stance.SUPPORTS if i % 2 else Stance.NEUTRAL)
        statements.append(StatementFactory(claim=claim, article=article))
        ViaFactory(statement=statements[-1], outlet=corpus["outlets"][1])
    a, b = statements[0], statements[2]  # two neutral claims: detection paired neither
    ContradictionFactory(
        kind=ContradictionKind.DISCREPANCY, claim_a=a.claim, claim_b=b.claim, statement_a=a, statement_b=b
    )
    return corpus


def count(api, path, **params):
    with CaptureQueriesContext(connection) as queries:
        response = api.get(f"{V1}{path}", params)
    assert response.status_code == 200, response.content
    return len(queries)


# Each budget names its queries; the figure is the same at page sizes 2 and 40.
BUDGETS = {
    # claims joined with speaker, topic and event; + their verdicts with reviewer
    "/claims/": 2,
    # statements joined with claim, speaker, article, outlet; + the chains
    "/statements/": 2,
    # contradictions (cursor page, reviewer as a subquery); + their claims with speaker and topic;
    # + the statements of the discrepancies with their articles (one query each: 12 joined tables
    # took 15 ms to plan)
    "/contradictions/": 3,
    # The page-number lists read one row beyond the page instead of counting (no COUNT(*)).
    # speakers with affiliation and outlet; + aliases (prefetch)
    "/speakers/": 2,
    # outlets
    "/outlets/": 1,
    # articles with outlet
    "/articles/": 1,
    # topics
    "/topics/": 1,
    # events
    "/events/": 1,
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
        # the claims (filter subqueries inside the one statement); + their verdicts (prefetch)
        ({"speaker": "joe-biden"}, 2),
        ({"q": "nato"}, 2),
        ({"has_contradictions": "true"}, 2),
        ({"outlet": "plvn"}, 2),
    ],
)
def test_filtered_claims_cost_two_queries(api, many, params, budget):
    assert count(api, "/claims/", page_size=2, **params) == budget
    assert count(api, "/claims/", page_size=40, **params) == budget


def test_detail_endpoints(api, many):
    demand = many["claims"][0]
    # the claim; its verdict; its statements (joined); their chains
    assert count(api, f"/claims/{demand.id}/attribution/") == 4
    # the claim; its verdict; the contradictions; their claims (no discrepancy: no statements)
    assert count(api, f"/claims/{demand.id}/contradictions/", page_size=40) == 4
    # the claim (joined); its verdict
    assert count(api, f"/claims/{demand.id}/") == 2
    # the statement (joined); its chain
    assert count(api, f"/statements/{many['statements'][1].id}/") == 2
