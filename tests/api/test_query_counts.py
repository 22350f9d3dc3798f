"""Query budgets: each endpoint costs the same queries whatever the page size, each named."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.choices import ContradictionKind, ContradictionStatus, Rating, Stance
from claims.models import Claim, ClaimSuggestion, Contradiction, Verdict
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
    # Published, so that anonymous pages show them.
    Contradiction.objects.update(status=ContradictionStatus.CONFIRMED)
    return corpus


def tables(api, path, *, headers: dict | None = None, **params) -> list[str]:
    """The table each query of the request reads (its outermost FROM), in order."""
    with CaptureQueriesContext(connection) as queries:
        response = api.get(f"{V1}{path}", params, headers=headers)
        # A CSV export streams: its queries run while the body is read.
        b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200, response.content
    return [outer_table(query["sql"]) for query in queries.captured_queries]


def outer_table(sql: str) -> str:
    outer = sql
    while (inner := re.sub(r"\([^()]*\)", "", outer)) != outer:  # subqueries and lists, innermost first
        outer = inner
    # A union's arms are all in parentheses: its first arm's table.
    found = re.search(r'FROM "(\w+)"', outer if " FROM " in outer else sql)
    assert found, sql
    return found.group(1)


def count(api, path, **params) -> int:
    return len(tables(api, path, **params))


CLAIM, STATEMENT, VIA = "claims_claim", "claims_statement", "claims_statementvia"
CONTRADICTION, SPEAKER, TOPIC, EVENT = (
    "claims_contradiction",
    "claims_speaker",
    "claims_topic",
    "claims_event",
)
ARTICLE, OUTLET = "sources_article", "sources_outlet"
SUGGESTION = "claims_claimsuggestion"

# The queries of every read operation (by operationId), each named by the table it reads; the
# same at page sizes 1 and 200. Placeholders are filled from the `many` corpus.
BUDGETS = {
    # the claims joined with speaker, topic, event, verdict and reviewer
    "claims_list": ("/claims/", [CLAIM]),
    "claims_retrieve": ("/claims/{claim}/", [CLAIM]),
    "claims_attribution_retrieve": (
        "/claims/{claim}/attribution/",
        # the claim (joined); its statements joined with speaker, article and outlet; their chains
        # with outlets and speakers
        [CLAIM, STATEMENT, VIA],
    ),
    "claims_contradictions_list": (
        "/claims/{claim}/contradictions/",
        # the claim's id (a 404 without it); the contradictions joined with their statements,
        # articles and reviewer; the claims of both sides with speaker and topic
        [CLAIM, CONTRADICTION, CLAIM],
    ),
    "claims_verdict_retrieve": ("/claims/{claim}/verdict/", [CLAIM]),  # the claim with its verdict
    # the claim's id (a 404 without it); its suggestions joined with their statements, articles,
    # suggested claims with speaker and topic, and who decided. Anyone else's 404 reads nothing.
    "claims_suggestions_list": ("/claims/{claim}/suggestions/", [CLAIM, SUGGESTION]),
    "claims_claimreview_retrieve": (
        "/claims/{claim}/claimreview/",
        [CLAIM, STATEMENT, VIA],  # as the attribution
    ),
    # the claims joined with speaker, topic, event and verdict (one server-side cursor)
    "claims_export_csv": ("/claims/export/", [CLAIM]),
    # the statements joined with claim, speaker, article and outlet; their chains
    "statements_list": ("/statements/", [STATEMENT, VIA]),
    "statements_retrieve": ("/statements/{statement}/", [STATEMENT, VIA]),
    # the statements joined as the list, their chains as an array subquery (one server-side cursor)
    "statements_export_csv": ("/statements/export/", [STATEMENT]),
    # the contradictions joined with their statements, articles and reviewer; the claims of both
    # sides with speaker and topic (claims.api.querysets.with_claims)
    "contradictions_list": ("/contradictions/", [CONTRADICTION, CLAIM]),
    "contradictions_retrieve": ("/contradictions/{contradiction}/", [CONTRADICTION, CLAIM]),
    # The page-number lists read one row beyond the page instead of counting (no COUNT(*)).
    # the speakers joined with affiliation and outlet, their aliases as an array subquery
    "speakers_list": ("/speakers/", [SPEAKER]),
    "speakers_retrieve": ("/speakers/joe-biden/", [SPEAKER]),
    "outlets_list": ("/outlets/", [OUTLET]),
    "outlets_retrieve": ("/outlets/plvn/", [OUTLET]),
    # the articles joined with their outlet
    "articles_list": ("/articles/", [ARTICLE]),
    "articles_retrieve": ("/articles/bulk/", [ARTICLE]),
    # the article's id (a 404 without it); its statements (joined); their chains
    "articles_statements_list": ("/articles/bulk/statements/", [ARTICLE, STATEMENT, VIA]),
    "topics_list": ("/topics/", [TOPIC]),
    "topics_retrieve": ("/topics/nato-expansion/", [TOPIC]),
    "events_list": ("/events/", [EVENT]),
    "events_retrieve": ("/events/video-call/", [EVENT]),
}
MAX_QUERIES = 6
# The operations only fact-checkers read: a 404 to anyone else.
FACT_CHECKERS_ONLY = {"claims_suggestions_list"}
# Lists of one record's few rows, whole: no page, so no page_size.
UNPAGED = {"claims_suggestions_list"}


def paged(operation: str) -> bool:
    return operation.endswith("_list") and operation not in UNPAGED


# The operations whose records carry notes: for a fact-checker, the same queries and one more
# (claims.api.querysets.with_notes, or the record's own thread on a detail), whatever the page size.
WITH_NOTES = [
    "claims_list", "claims_retrieve", "claims_contradictions_list", "statements_list", "statements_retrieve",
    "contradictions_list", "contradictions_retrieve", "articles_statements_list",
]  # fmt: skip
NOTE = "claims_note"
PAGE_SIZES = (1, 200)
# What a fact-checker's token costs besides the reads: the token with its user, and where the
# rows depend on who reads them (unpublished ones too), the user's and their groups' permissions.
AUTHENTICATION = ("authtoken_token", "auth_permission")


def test_every_read_operation_has_a_budget(api):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    reads = {ops["get"]["operationId"] for ops in schema["paths"].values() if "get" in ops}
    assert reads == set(BUDGETS)


def reads(tables: list[str]) -> list[str]:
    """The queries that read the API's rows, authentication's left out."""
    return [table for table in tables if table not in AUTHENTICATION]


@pytest.mark.parametrize("reader", ["api", "fc_api"])
@pytest.mark.parametrize(("operation", "path", "queries"), [(op, *entry) for op, entry in BUDGETS.items()])
def test_read_queries_do_not_grow_with_page_size(request, many, reader, operation, path, queries):
    """Anonymous, and as a fact-checker, who reads the unpublished rows too with the same queries
    (and the notes, in one more)."""
    api = request.getfixturevalue(reader)
    path = filled(path, many)
    demand = many["claims"][0]
    for suggested in many["claims"][1:4]:
        statement = demand.statements.first()
        ClaimSuggestion.objects.create(
            statement=statement, claim=demand, suggested_claim=suggested, score=0.5
        )
    if reader == "api" and operation in FACT_CHECKERS_ONLY:
        with CaptureQueriesContext(connection) as queries_run:
            assert api.get(f"{V1}{path}").status_code == 404
        assert queries_run.captured_queries == []
        return
    for params in [{"page_size": size} for size in PAGE_SIZES] if paged(operation) else [{}]:
        found = tables(api, path, **params)
        notes = int(reader == "fc_api" and operation in WITH_NOTES)
        assert [table for table in reads(found) if table != NOTE] == queries, params
        assert found.count(NOTE) == notes, params
        assert len(found) <= MAX_QUERIES + notes, found


@pytest.mark.parametrize(("operation", "path", "queries"), [(op, *entry) for op, entry in BUDGETS.items()])
def test_vietnamese_reads_cost_the_queries_english_ones_do(api, fc_api, many, operation, path, queries):
    """The Vietnamese names and summaries are read with the English ones, in the same queries."""
    if operation in FACT_CHECKERS_ONLY:
        api = fc_api
    Claim.objects.filter(pk=many["claims"][0].pk).update(summary_vi="Putin yêu cầu đảm bảo pháp lý.")
    path = filled(path, many)
    for params in [{"page_size": size} for size in PAGE_SIZES] if paged(operation) else [{}]:
        assert reads(tables(api, path, headers={"Accept-Language": "vi"}, **params)) == queries, params


def filled(path: str, many) -> str:
    """`path` naming the `many` corpus's records, the first claim with a published verdict."""
    demand = many["claims"][0]
    Verdict.objects.get_or_create(
        claim=demand,
        defaults={"rating": Rating.MIXTURE, "textual_rating": "Half true", "reviewed_on": dt.date(2021, 12, 10),
                  "published": True},
    )  # fmt: skip
    return path.format(
        claim=demand.id,
        statement=many["statements"][1].id,
        contradiction=Contradiction.objects.filter(kind=ContradictionKind.DISCREPANCY).get().id,
    )


@pytest.mark.parametrize("operation", WITH_NOTES)
def test_a_fact_checker_reads_the_notes_of_a_page_in_one_query(api, many, fact_checker, operation):
    from claims.services.notes import add_note

    for record in [*many["claims"], *many["statements"], *Contradiction.objects.all()]:
        add_note(record, text="Checked.")
        add_note(record, text="Checked again.")
    path, anonymous = BUDGETS[operation]
    path = path.format(
        claim=many["claims"][0].id,
        statement=many["statements"][1].id,
        contradiction=Contradiction.objects.filter(kind=ContradictionKind.DISCREPANCY).get().id,
    )
    checker = api.__class__()
    assert fact_checker.has_perm("claims.fact_check")  # the permission read once, as a request does
    checker.force_authenticate(fact_checker)
    for size in PAGE_SIZES if paged(operation) else (None,):
        params = {"page_size": size} if size else {}
        assert sorted(tables(checker, path, **params)) == sorted([*anonymous, NOTE]), size
        assert tables(api, path, **params) == anonymous, size  # and none for anyone else


@pytest.mark.parametrize(
    ("path", "params", "queries"),
    [
        # the speaker's id (a constant for the planner: ClaimFilter.filter_speaker); the claims
        ("/claims/", {"speaker": "joe-biden"}, [SPEAKER, CLAIM]),
        # the speaker's id; the speakers and topics the terms name (core.search.RelatedIds: a
        # union whose first arm reads the speakers); the claims
        ("/claims/", {"speaker": "joe-biden", "q": "nato"}, [SPEAKER, SPEAKER, CLAIM]),
        ("/claims/", {"q": "nato"}, [SPEAKER, CLAIM]),
        ("/claims/", {"q": "nato", "stance": "supports"}, [SPEAKER, CLAIM]),
        ("/claims/", {"has_contradictions": "true"}, [CLAIM]),
        # the outlet's id (a constant for the planner: core.api.references.id_named); the claims
        ("/claims/", {"outlet": "plvn"}, [OUTLET, CLAIM]),
        # the speaker's id; the statements (compared with the statement's own copy); their chains
        ("/statements/", {"speaker": "joe-biden"}, [SPEAKER, STATEMENT, VIA]),
        ("/statements/", {"speaker": "joe-biden", "status": "verified"}, [SPEAKER, STATEMENT, VIA]),
        # the speaker's id; the claims, speakers and articles the terms name (a union whose first
        # arm reads the claims); the statements; their chains
        ("/statements/", {"speaker": "joe-biden", "q": "biện pháp"}, [SPEAKER, CLAIM, STATEMENT, VIA]),
        # the outlet's id; the speaker's id (constants for the planner: StatementFilter.filter_via);
        # the statements; their chains
        ("/statements/", {"via": "tass"}, [OUTLET, SPEAKER, STATEMENT, VIA]),
        # the outlet's id; the speaker's id (neither: no page to read)
        ("/statements/", {"via": "nobody"}, [OUTLET, SPEAKER]),
        # the contradictions (the speaker's claims a subquery); the claims of both sides
        ("/contradictions/", {"speaker": "joe-biden"}, [CONTRADICTION, CLAIM]),
        # an empty page: no claims to read
        ("/contradictions/", {"speaker": "nobody"}, [CONTRADICTION]),
    ],
)
def test_filtered_list_query_budgets(api, many, path, params, queries):
    for size in PAGE_SIZES:
        assert tables(api, path, page_size=size, **params) == queries, size


@pytest.mark.parametrize(
    ("q", "budget"),
    [
        # the page: titles, bodies and keys are the articles' own (sources.selectors)
        ("nato", 1),
        ("xyzzy", 1),
    ],
)
def test_an_article_search_costs_its_page(api, many, q, budget):
    for size in PAGE_SIZES:
        assert count(api, "/articles/", page_size=size, q=q) == budget


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
    "params", [{"page_size": 1}, {}, {"page_size": 200}, {"q": "economic measures"}, {"outlet": "plvn"}]
)
def test_the_speaker_reaches_the_list_query_as_a_constant(api, many, path, params):
    """Behind a subquery PostgreSQL plans every speaker as the average one, and for the most
    quoted speaker collects and sorts all its rows; knowing the speaker, it walks its index."""
    biden = many["speakers"][2]
    with CaptureQueriesContext(connection) as queries:
        response = api.get(f"{V1}{path}", {"speaker": "joe-biden", **params})
    assert response.status_code == 200
    speakers = [row["speaker"]["slug"] for row in response.json()["results"]]
    assert speakers and set(speakers) == {"joe-biden"}
    table = '"claims_claim"' if path == "/claims/" else '"claims_statement"'
    (page,) = [q["sql"] for q in queries.captured_queries if q["sql"].split("WHERE")[0].count(table)]
    assert f'"speaker_id" = {biden.id}' in page
    assert "'joe-biden'" not in page
