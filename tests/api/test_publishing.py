"""What the public sees is what fact-checkers published (claims.selectors).

Every unpublished state is made once, named by ids, keys and words found nowhere else. Every read
operation the schema lists is then walked, with every filter it documents, as an anonymous
client and as a token user without the fact-checker permission: neither finds any of them. A
fact-checker's token finds them all.
"""

import csv
import datetime as dt
import io
import json

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims.choices import ContradictionKind, ContradictionStatus, Rating, ReviewStatus, SpeakerStatus
from claims.models import Claim, Contradiction, Statement, Verdict
from claims.services.notes import add_note
from sources.models import Article
from tests.factories import (
    AliasFactory,
    ArticleFactory,
    ClaimFactory,
    ContradictionFactory,
    SpeakerFactory,
    StatementFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
V1 = "/api/v1"
CANDIDATE, VERIFIED, REJECTED = ReviewStatus.CANDIDATE, ReviewStatus.VERIFIED, ReviewStatus.REJECTED
CONFIRMED = ContradictionStatus.CONFIRMED

# Ids no other row has: a body holding one names the hidden row.
CANDIDATE_CLAIM, REJECTED_CLAIM = 9_100_001, 9_100_002
CANDIDATE_STATEMENT, REJECTED_STATEMENT, STATEMENT_OF_CANDIDATE = 9_200_001, 9_200_002, 9_200_003
SUSPECTED, DISMISSED, WITH_CANDIDATE_CLAIM, WITH_CANDIDATE_STATEMENT = (
    9_300_001,
    9_300_002,
    9_300_003,
    9_300_004,
)
HIDDEN_ARTICLE_BODY = (
    "Tin chưa duyệt\nzqxcandquote lời thứ nhất. zqxrejquote lời thứ hai. zqxorphanquote lời thứ ba."
)
# What names a hidden row or an unpublished verdict in a body.
MARKERS = [
    *map(str, (CANDIDATE_CLAIM, REJECTED_CLAIM, CANDIDATE_STATEMENT, REJECTED_STATEMENT, STATEMENT_OF_CANDIDATE)),
    *map(str, (SUSPECTED, DISMISSED, WITH_CANDIDATE_CLAIM, WITH_CANDIDATE_STATEMENT)),
    "zqx-candidate-claim", "zqx-rejected-claim", "Zqxcandclaim", "Zqxrejclaim",
    "zqxcandquote", "zqxrejquote", "zqxorphanquote",
    "zqx-proposed-speaker", "Zqxproposed",
    "Zqxverdict", "zqxexplanation",
    "zqxnoteclaim", "zqxnotestatement",
]  # fmt: skip
SEARCHES = ["Zqxcandclaim", "Zqxrejclaim", "zqxcandquote", "zqxrejquote", "zqxorphanquote", "Zqxproposed",
            "zqx-candidate-claim", "Zqxverdict", "putin", "Biden"]  # fmt: skip


@pytest.fixture
def hidden(corpus):
    """Every unpublished state, beside the corpus's published rows."""
    demand, threat, denial = corpus["claims"]
    _in_early, _, biden_statement = corpus["statements"]
    nato, sanctions = corpus["topics"]
    biden = corpus["speakers"][2]
    proposed = SpeakerFactory(
        slug="zqx-proposed-speaker", name="Zqxproposed Speaker", status=SpeakerStatus.PROPOSED
    )
    AliasFactory(speaker=proposed, name="ông Zqxproposed")
    candidate = ClaimFactory(
        id=CANDIDATE_CLAIM, key="zqx-candidate-claim", speaker=proposed, topic=nato, status=CANDIDATE,
        summary="Zqxcandclaim: NATO will stop.",
    )  # fmt: skip
    ClaimFactory(
        id=REJECTED_CLAIM, key="zqx-rejected-claim", speaker=biden, topic=sanctions, status=REJECTED,
        summary="Zqxrejclaim: no sanctions.",
    )  # fmt: skip
    article = ArticleFactory(key="003_unreviewed", outlet=corpus["outlets"][0], body=HIDDEN_ARTICLE_BODY)
    unreviewed = StatementFactory(
        id=CANDIDATE_STATEMENT,
        claim=threat,
        article=article,
        quote="zqxcandquote lời thứ nhất",
        status=CANDIDATE,
    )
    StatementFactory(
        id=REJECTED_STATEMENT, claim=threat, article=article, quote="zqxrejquote lời thứ hai", status=REJECTED
    )
    StatementFactory(
        id=STATEMENT_OF_CANDIDATE, claim=candidate, article=article, quote="zqxorphanquote lời thứ ba"
    )
    ContradictionFactory(id=SUSPECTED, claim_a=demand, claim_b=threat)
    ContradictionFactory(id=DISMISSED, claim_a=threat, claim_b=denial, status=ContradictionStatus.DISMISSED)
    ContradictionFactory(id=WITH_CANDIDATE_CLAIM, claim_a=demand, claim_b=candidate, status=CONFIRMED)
    ContradictionFactory(
        id=WITH_CANDIDATE_STATEMENT, kind=ContradictionKind.DISCREPANCY, claim_a=threat, claim_b=threat,
        statement_a=biden_statement, statement_b=unreviewed, status=CONFIRMED,
    )  # fmt: skip
    Verdict.objects.create(
        claim=demand, rating=Rating.FALSE, textual_rating="Zqxverdict", explanation="zqxexplanation",
        reviewed_on=dt.date(2022, 1, 5),
    )  # fmt: skip
    # Notes are fact-checkers' own, on published records too.
    add_note(demand, text="zqxnoteclaim: checked against the readout.", user=None)
    add_note(biden_statement, text="zqxnotestatement: the Kremlin's account.", user=None)
    return corpus


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def readers(api):
    """Those who see only what is published: anonymous, and a user without the permission."""
    return {"anonymous": api, "user": token_client(UserFactory(username="reader"))}


def read_operations() -> list[tuple[str, dict]]:
    """Every GET of the schema, from drf-spectacular's own generator: a new one is walked too."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return [(path, ops["get"]) for path, ops in schema["paths"].items() if "get" in ops]


def path_values() -> dict[str, list]:
    """What each resource's `{id}`, `{slug}` or `{key}` takes: every row, hidden or not."""
    from claims.models import Event, Speaker, Topic
    from sources.models import Outlet

    def every(model, field):
        return list(model.objects.order_by(field).values_list(field, flat=True))

    return {
        "claims": every(Claim, "id"), "statements": every(Statement, "id"),
        "contradictions": every(Contradiction, "id"), "speakers": every(Speaker, "slug"),
        "articles": every(Article, "key"), "outlets": every(Outlet, "slug"), "events": every(Event, "slug"),
        "topics": every(Topic, "slug"),
    }  # fmt: skip


def query_values(name: str, parameter: dict, rows: dict[str, list]) -> list:
    """The values a documented query parameter is tried with (one at a time)."""
    enum = parameter.get("schema", {}).get("enum")
    if enum:
        return enum
    known = {
        "speaker": rows["speakers"], "topic": rows["topics"], "event": rows["events"], "article": rows["articles"],
        "outlet": rows["outlets"], "via": rows["outlets"] + rows["speakers"], "claim": rows["claims"],
        "key": list(Claim.objects.values_list("key", flat=True)), "q": SEARCHES,
        "has_contradictions": ["true", "false"], "said_after": ["2000-01-01"], "said_before": ["2100-01-01"],
        "published_after": ["2000-01-01"], "published_before": ["2100-01-01"], "country": ["VN", ""],
        "language": ["vi"],
    }  # fmt: skip
    if name not in known:
        pytest.fail(f"{name}: a query parameter this test does not know how to try")
    return known[name]


# Paging and sorting: the walk asks for whole lists instead.
NOT_FILTERS = {"cursor", "page", "page_size", "ordering"}


def requests() -> list[tuple[str, str, dict]]:
    """(operation, path, query) for every read operation, every row of its path and every value of
    every filter it documents."""
    rows = path_values()
    made = []
    for template, operation in read_operations():
        resource = template.removeprefix(f"{V1}/").split("/")[0]
        paths = [template]
        if "{" in template:
            name = template.split("{")[1].split("}")[0]
            paths = [template.replace(f"{{{name}}}", str(value)) for value in rows[resource]]
        parameters = [p for p in operation.get("parameters", []) if p["in"] == "query"]
        base = {"page_size": 200} if any(p["name"] == "page_size" for p in parameters) else {}
        queries = [base] + [
            {**base, p["name"]: value}
            for p in parameters
            if p["name"] not in NOT_FILTERS
            for value in query_values(p["name"], p, rows)
        ]
        made += [(operation["operationId"], path, query) for path in paths for query in queries]
    return made


def body_text(response) -> str:
    """The body as text, an article's own `body` left out: the text of an article, which is
    public, holds every quote found in it."""
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    if not response.get("Content-Type", "").startswith(("application/json", "application/ld+json")):
        return raw.decode()

    def without_bodies(value):
        if isinstance(value, dict):
            return {k: without_bodies(v) for k, v in value.items() if k != "body"}
        if isinstance(value, list):
            return [without_bodies(v) for v in value]
        return value

    return json.dumps(without_bodies(json.loads(raw)), ensure_ascii=False)


def named(text: str) -> list[str]:
    return [marker for marker in MARKERS if marker in text]


# What the hidden rows are named by in paths, by resource.
HIDDEN_ROWS: dict[str, set[str]] = {
    "claims": {str(CANDIDATE_CLAIM), str(REJECTED_CLAIM)},
    "statements": {str(CANDIDATE_STATEMENT), str(REJECTED_STATEMENT), str(STATEMENT_OF_CANDIDATE)},
    "contradictions": {
        str(i) for i in (SUSPECTED, DISMISSED, WITH_CANDIDATE_CLAIM, WITH_CANDIDATE_STATEMENT)
    },
    "speakers": {"zqx-proposed-speaker"},
}


def names_hidden_row(path: str) -> bool:
    resource, _, rest = path.removeprefix(f"{V1}/").partition("/")
    return rest.split("/")[0] in HIDDEN_ROWS.get(resource, set())


def test_every_read_operation_shows_readers_nothing_unpublished_and_fact_checkers_everything(
    hidden, readers, fc_api
):
    seen_by_fact_checker = []
    walked = set()
    for operation, path, query in requests():
        walked.add(operation)
        checked = fc_api.get(path, query)
        assert checked.status_code in (200, 404), (path, query, checked.content[:300])
        seen_by_fact_checker.append(body_text(checked))
        etag = checked.get("ETag")
        for reader, client in readers.items():
            response = client.get(path, query)
            text = body_text(response)
            assert named(text) == [], (reader, path, query)
            if names_hidden_row(path):
                assert response.status_code == 404, (reader, path)
            else:
                assert response.status_code in (200, 404), (reader, path, query, text[:300])
            if etag:
                # A fact-checker's ETag answers a reader's If-None-Match only where both read the same.
                conditional = client.get(path, query, HTTP_IF_NONE_MATCH=etag)
                if conditional.status_code == 304:
                    assert named(seen_by_fact_checker[-1]) == [] and response.status_code == 200, (
                        reader,
                        path,
                    )
                else:
                    assert named(body_text(conditional)) == [], (reader, path)
    assert {"claims_list", "claims_retrieve", "claims_attribution_retrieve", "claims_claimreview_retrieve",
            "claims_export_csv", "statements_export_csv", "contradictions_list"} <= walked  # fmt: skip
    found = "\n".join(seen_by_fact_checker)
    assert [marker for marker in MARKERS if marker not in found] == []


def results(client, path: str, **params) -> list[dict]:
    response = client.get(f"{V1}{path}", {"page_size": 200, **params})
    assert response.status_code == 200, response.content
    return response.json()["results"]


def ids(client, path: str, **params) -> set:
    return {row["id"] for row in results(client, path, **params)}


def test_a_claim_is_published_when_verified(hidden, api, fc_api):
    demand = hidden["claims"][0]
    assert CANDIDATE_CLAIM not in ids(api, "/claims/") and demand.id in ids(api, "/claims/")
    assert api.get(f"{V1}/claims/{CANDIDATE_CLAIM}/").status_code == 404
    assert fc_api.get(f"{V1}/claims/{CANDIDATE_CLAIM}/").json()["status"] == "candidate"
    # `status` filters what the reader sees: the review queue is a fact-checker's.
    assert ids(fc_api, "/claims/", status="candidate") == {CANDIDATE_CLAIM}
    assert ids(fc_api, "/claims/", status="rejected") == {REJECTED_CLAIM}
    assert ids(api, "/claims/", status="candidate") == set()
    assert ids(api, "/claims/", status="verified") == ids(api, "/claims/")


def test_a_statement_is_published_when_it_and_its_claim_are_verified(hidden, api, fc_api):
    threat = hidden["claims"][1]
    hidden_ones = {CANDIDATE_STATEMENT, REJECTED_STATEMENT, STATEMENT_OF_CANDIDATE}
    assert ids(api, "/statements/") & hidden_ones == set()
    assert ids(fc_api, "/statements/") >= hidden_ones
    assert ids(api, "/articles/003_unreviewed/statements/") == set()
    assert ids(fc_api, "/articles/003_unreviewed/statements/") == hidden_ones
    assert ids(api, "/statements/", claim=threat.id) == {hidden["statements"][2].id}
    attribution = api.get(f"{V1}/claims/{threat.id}/attribution/").json()
    assert [s["id"] for s in attribution["statements"]] == [hidden["statements"][2].id]
    assert attribution["first_appearance"]["id"] == hidden["statements"][2].id
    assert len(fc_api.get(f"{V1}/claims/{threat.id}/attribution/").json()["statements"]) == 3
    for statement in hidden_ones:
        assert api.get(f"{V1}/statements/{statement}/").status_code == 404


def test_a_contradiction_is_published_when_confirmed_between_published_claims(hidden, api, fc_api):
    demand, threat, _denial = hidden["claims"]
    published = ContradictionFactory(claim_a=threat, claim_b=ClaimFactory(), status=CONFIRMED)
    hidden_ones = {SUSPECTED, DISMISSED, WITH_CANDIDATE_CLAIM, WITH_CANDIDATE_STATEMENT}
    assert ids(api, "/contradictions/") == {published.id}
    assert ids(fc_api, "/contradictions/") >= hidden_ones | {published.id}
    assert ids(api, f"/claims/{threat.id}/contradictions/") == {published.id}
    assert ids(api, f"/claims/{demand.id}/contradictions/") == set()
    assert ids(api, "/contradictions/", status="confirmed") == {published.id}
    assert ids(api, "/contradictions/", status="suspected") == set()
    assert ids(fc_api, "/contradictions/", status="confirmed") == {
        published.id, WITH_CANDIDATE_CLAIM, WITH_CANDIDATE_STATEMENT
    }  # fmt: skip
    # A discrepancy shows its two statements: both must be published, not only its claims.
    Statement.objects.filter(id=CANDIDATE_STATEMENT).update(status=VERIFIED)
    assert WITH_CANDIDATE_STATEMENT in ids(api, "/contradictions/")


def test_has_contradictions_counts_the_contradictions_the_reader_sees(hidden, api, fc_api):
    demand, threat, denial = hidden["claims"]
    # Every contradiction of these three is unpublished: suspected, dismissed, or with a candidate.
    assert ids(api, "/claims/", has_contradictions="true") == set()
    assert {demand.id, threat.id, denial.id} <= ids(api, "/claims/", has_contradictions="false")
    assert {demand.id, threat.id} <= ids(fc_api, "/claims/", has_contradictions="true")
    ContradictionFactory(claim_a=denial, claim_b=ClaimFactory(id=9_100_009, key="rival"), status=CONFIRMED)
    assert ids(api, "/claims/", has_contradictions="true") == {denial.id, 9_100_009}
    Claim.objects.filter(id=9_100_009).update(status=CANDIDATE)
    assert ids(api, "/claims/", has_contradictions="true") == set()


def test_a_claim_is_not_found_through_an_unpublished_statement(hidden, api, fc_api):
    threat = hidden["claims"][1]
    # Article 003 reports `threat` only in a candidate and a rejected statement.
    assert ids(api, "/claims/", article="003_unreviewed") == set()
    assert ids(fc_api, "/claims/", article="003_unreviewed") == {threat.id, CANDIDATE_CLAIM}
    Article.objects.filter(key="003_unreviewed").update(outlet=hidden["outlets"][1])  # TASS: no other
    assert ids(api, "/claims/", outlet="tass") == set()
    assert ids(fc_api, "/claims/", outlet="tass") == {threat.id, CANDIDATE_CLAIM}


def exported_rating(client, claim: int) -> tuple[str, str]:
    text = b"".join(client.get(f"{V1}/claims/export/").streaming_content).decode().removeprefix("\ufeff")
    (row,) = [row for row in csv.DictReader(io.StringIO(text, newline="")) if row["id"] == str(claim)]
    return row["rating"], row["textual_rating"]


def test_a_verdict_is_published_by_a_fact_checker(hidden, api, fc_api, user_api):
    demand = hidden["claims"][0]
    detail = f"{V1}/claims/{demand.id}/"
    assert api.get(detail).json()["verdict"] is None
    assert fc_api.get(detail).json()["verdict"]["textual_rating"] == "Zqxverdict"
    assert api.get(f"{detail}verdict/").status_code == 404
    assert api.get(f"{detail}claimreview/").status_code == 404
    assert exported_rating(api, demand.id) == ("", "")

    verdict = {"rating": "false", "textual_rating": "Zqxverdict", "published": True}
    assert user_api.put(f"{detail}verdict/", verdict, format="json").status_code == 403
    assert fc_api.put(f"{detail}verdict/", verdict, format="json").status_code == 200
    assert api.get(detail).json()["verdict"]["published"] is True
    assert api.get(f"{detail}verdict/").json()["textual_rating"] == "Zqxverdict"
    assert api.get(f"{detail}claimreview/").json()["reviewRating"]["alternateName"] == "Zqxverdict"
    assert exported_rating(api, demand.id) == ("false", "Zqxverdict")
    # Published, but on a claim that is not: hidden with its claim.
    Claim.objects.filter(id=demand.id).update(status=CANDIDATE)
    assert api.get(f"{detail}verdict/").status_code == 404


def test_the_public_etag_changes_only_with_what_the_public_sees(hidden, api, fc_api):
    demand = hidden["claims"][0]
    detail = f"{V1}/claims/{demand.id}/"
    public, checked = api.get(detail), fc_api.get(detail)
    assert public["ETag"] != checked["ETag"]
    assert api.get(detail, HTTP_IF_NONE_MATCH=checked["ETag"]).status_code == 200
    Verdict.objects.filter(claim=demand).update(textual_rating="Zqxverdict, revised")
    assert api.get(detail, HTTP_IF_NONE_MATCH=public["ETag"]).status_code == 304
    assert fc_api.get(detail, HTTP_IF_NONE_MATCH=checked["ETag"]).status_code == 200


def test_a_speaker_proposed_by_extraction_is_shown_once_confirmed(hidden, api, fc_api):
    slugs = {s["slug"] for s in results(api, "/speakers/")}
    assert "zqx-proposed-speaker" not in slugs and "joe-biden" in slugs
    assert api.get(f"{V1}/speakers/zqx-proposed-speaker/").status_code == 404
    assert results(api, "/speakers/", q="zqxproposed") == []
    assert [s["slug"] for s in results(fc_api, "/speakers/", status="proposed")] == ["zqx-proposed-speaker"]
    assert results(api, "/speakers/", status="proposed") == []
    # Speakers created by hand are confirmed.
    created = fc_api.post(f"{V1}/speakers/", {"slug": "new-speaker", "name": "New Speaker"}, format="json")
    assert created.json()["status"] == "confirmed"
    confirmed = fc_api.patch(f"{V1}/speakers/zqx-proposed-speaker/", {"status": "confirmed"}, format="json")
    assert confirmed.status_code == 200, confirmed.content
    assert api.get(f"{V1}/speakers/zqx-proposed-speaker/").json()["aliases"] == ["ông Zqxproposed"]


def test_every_read_operation_says_what_the_public_sees(api):
    for path, operation in read_operations():
        assert "**Publishing.**" in operation.get("description", ""), path
    schema = SchemaGenerator().get_schema(request=None, public=True)
    claims = {p["name"]: p for p in schema["paths"][f"{V1}/claims/"]["get"]["parameters"]}
    assert "another status gives an empty page" in claims["status"]["description"]
    verdict = schema["components"]["schemas"]["Verdict"]["properties"]["published"]
    assert "public" in verdict["description"]
