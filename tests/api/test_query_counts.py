"""Query budgets: each endpoint costs the same number of queries whatever the page size."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.choices import ContradictionKind, Rating, Stance
from claims.models import Contradiction, Verdict
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
        # A CSV export streams: its queries run while the body is read.
        b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200, response.content
    return len(queries)


# The queries of every read operation (by operationId), each named. Lists cost the same at page
# sizes 2 and 40. Placeholders are filled from the `many` corpus.
BUDGETS = {
    # claims joined with speaker, topic and event; + their verdicts with reviewer
    "claims_list": ("/claims/", 2),
    # the claim (joined); its verdict
    "claims_retrieve": ("/claims/{claim}/", 2),
    # the claim; its verdict; its statements (joined); their chains
    "claims_attribution_retrieve": ("/claims/{claim}/attribution/", 4),
    # the claim (joined: a 404 without it); the contradictions; their claims (no discrepancy: no
    # statements)
    "claims_contradictions_list": ("/claims/{claim}/contradictions/", 3),
    # the claim; its verdict (prefetched with the reviewer, not read again)
    "claims_verdict_retrieve": ("/claims/{claim}/verdict/", 2),
    # the claim; its verdict; its statements (joined); their chains
    "claims_claimreview_retrieve": ("/claims/{claim}/claimreview/", 4),
    # the claims joined with speaker, topic, event and verdict (one server-side cursor)
    "claims_export_csv": ("/claims/export/", 1),
    # statements joined with claim, speaker, article, outlet; + the chains
    "statements_list": ("/statements/", 2),
    # the statement (joined); its chain
    "statements_retrieve": ("/statements/{statement}/", 2),
    # the statements joined with claim, speaker, article and outlet, their chains as an array
    # subquery (one server-side cursor)
    "statements_export_csv": ("/statements/export/", 1),
    # contradictions (cursor page, reviewer as a subquery); + their claims with speaker and topic;
    # + the statements of the discrepancies with their articles (one query each: 12 joined tables
    # took 15 ms to plan)
    "contradictions_list": ("/contradictions/", 3),
    # the contradiction with its statements, articles and reviewer; its two claims (joined)
    "contradictions_retrieve": ("/contradictions/{contradiction}/", 3),
    # The page-number lists read one row beyond the page instead of counting (no COUNT(*)).
    # speakers with affiliation and outlet, their aliases as an array subquery
    "speakers_list": ("/speakers/", 1),
    # the speaker (joined, aliases as an array)
    "speakers_retrieve": ("/speakers/joe-biden/", 1),
    # outlets
    "outlets_list": ("/outlets/", 1),
    "outlets_retrieve": ("/outlets/plvn/", 1),
    # articles with outlet
    "articles_list": ("/articles/", 1),
    # the article (joined with its outlet)
    "articles_retrieve": ("/articles/bulk/", 1),
    # the article; statements; chains
    "articles_statements_list": ("/articles/bulk/statements/", 3),
    # topics
    "topics_list": ("/topics/", 1),
    "topics_retrieve": ("/topics/nato-expansion/", 1),
    # events
    "events_list": ("/events/", 1),
    "events_retrieve": ("/events/video-call/", 1),
}
MAX_QUERIES = 6


def test_every_read_operation_has_a_budget(api):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    reads = {ops["get"]["operationId"] for ops in schema["paths"].values() if "get" in ops}
    assert reads == set(BUDGETS)


@pytest.mark.parametrize(("operation", "path", "budget"), [(op, *entry) for op, entry in BUDGETS.items()])
def test_read_queries_do_not_grow_with_page_size(api, many, operation, path, budget):
    demand = many["claims"][0]
    Verdict.objects.create(
        claim=demand, rating=Rating.MIXTURE, textual_rating="Half true", reviewed_on=dt.date(2021, 12, 10)
    )
    path = path.format(
        claim=demand.id,
        statement=many["statements"][1].id,
        contradiction=Contradiction.objects.filter(kind=ContradictionKind.DISCREPANCY).get().id,
    )
    assert budget <= MAX_QUERIES
    if operation.endswith("_list"):
        assert count(api, path, page_size=2) == budget
        assert count(api, path, page_size=40) == budget
    else:
        assert count(api, path) == budget


@pytest.mark.parametrize(
    ("path", "params", "budget"),
    [
        # the claims (filter subqueries inside the one statement); + their verdicts (prefetch)
        ("/claims/", {"speaker": "joe-biden"}, 2),
        # beside a search: the speaker's id (a constant for the planner: LeanFilterSet.row_named);
        # the speakers and topics the terms name (summit.search.RelatedIds); the claims; their verdicts
        ("/claims/", {"speaker": "joe-biden", "q": "nato"}, 4),
        # the speakers and topics the terms name; the claims; their verdicts
        ("/claims/", {"q": "nato"}, 3),
        ("/claims/", {"has_contradictions": "true"}, 2),
        # the outlet's id (a constant for the planner: summit.api.references.id_named); the
        # claims; their verdicts
        ("/claims/", {"outlet": "plvn"}, 3),
        # the speakers and topics the terms name (constants for the planner: summit.search
        # RelatedIds); the claims; their verdicts
        ("/claims/", {"q": "nato", "stance": "supports"}, 3),
        # the statements (the speaker's id a subquery inside it, compared with the statement's own
        # copy); + their chains
        ("/statements/", {"speaker": "joe-biden"}, 2),
        ("/statements/", {"speaker": "joe-biden", "status": "verified"}, 2),
        # beside a search: the speaker's id (a constant for the planner); the claims, speakers and
        # articles the terms name; the statements; their chains
        ("/statements/", {"speaker": "joe-biden", "q": "biện pháp"}, 4),
    ],
)
def test_filtered_list_query_budgets(api, many, path, params, budget):
    assert count(api, path, page_size=2, **params) == budget
    assert count(api, path, page_size=40, **params) == budget


@pytest.mark.parametrize(
    ("q", "budget"),
    [
        # the page: titles, bodies and keys are the articles' own (sources.selectors)
        ("nato", 1),
        ("xyzzy", 1),
    ],
)
def test_an_article_search_costs_its_page(api, many, q, budget):
    assert count(api, "/articles/", page_size=2, q=q) == budget
    assert count(api, "/articles/", page_size=40, q=q) == budget


@pytest.mark.parametrize(
    "path",
    [
        "/claims/?outlet=nobody",
        "/statements/?outlet=nobody",
        "/articles/?outlet=nobody",
    ],
)
def test_an_unknown_outlet_costs_its_look_up_alone(api, many, path):
    with CaptureQueriesContext(connection) as queries:
        response = api.get(f"{V1}{path}")
    assert response.status_code == 200 and response.json()["results"] == []
    (look_up,) = [q["sql"] for q in queries.captured_queries]
    assert 'FROM "sources_outlet"' in look_up


@pytest.mark.parametrize("path", ["/claims/", "/statements/", "/articles/"])
def test_the_outlet_reaches_the_list_query_as_a_constant(api, many, path):
    plvn = many["outlets"][0]
    with CaptureQueriesContext(connection) as queries:
        assert api.get(f"{V1}{path}", {"outlet": plvn.slug}).status_code == 200
    page = queries.captured_queries[1]["sql"]
    assert f'"outlet_id" = {plvn.id}' in page
    assert "'plvn'" not in page  # not a subquery on the slug, which the planner cannot see through


@pytest.mark.parametrize("path", ["/claims/", "/statements/"])
@pytest.mark.parametrize(
    ("params", "as_constant"),
    [
        ({}, False),  # a page compiled once, the slug filling a subquery
        ({"page_size": 100}, False),
        ({"page_size": 101}, True),  # the planner would take the speaker for the average one
        ({"q": "economic measures"}, True),
        ({"outlet": "plvn"}, True),
    ],
)
def test_the_speaker_reaches_the_list_query_as_a_constant_beyond_small_pages(
    api, many, path, params, as_constant
):
    biden = many["speakers"][2]
    with CaptureQueriesContext(connection) as queries:
        response = api.get(f"{V1}{path}", {"speaker": "joe-biden", **params})
    assert response.status_code == 200
    speakers = [row["speaker"]["slug"] for row in response.json()["results"]]
    assert speakers and set(speakers) == {"joe-biden"}
    table = '"claims_claim"' if path == "/claims/" else '"claims_statement"'
    (page,) = [q["sql"] for q in queries.captured_queries if q["sql"].split("WHERE")[0].count(table)]
    assert (f'"speaker_id" = {biden.id}' in page) is as_constant
    assert ("'joe-biden'" in page) is not as_constant
