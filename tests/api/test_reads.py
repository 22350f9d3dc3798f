"""Every read endpoint and filter of the contract, on a small corpus."""

import base64
from urllib.parse import urlencode

import pytest

from claims.models import Claim, Statement

pytestmark = pytest.mark.django_db

V1 = "/api/v1"


def results(api, path, **params):
    response = api.get(f"{V1}{path}", params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_outlets_articles_speakers_events_topics(api, corpus):
    assert [o["slug"] for o in results(api, "/outlets/")] == ["plvn", "tass", "vtc-news"]
    assert api.get(f"{V1}/outlets/tass/").json()["kind"] == "agency"
    articles = results(api, "/articles/")
    assert [a["key"] for a in articles] == ["000_early", "001_late"]
    assert "body" not in articles[0]
    assert articles[0]["outlet"] == {"slug": "plvn", "name": "Pháp luật Việt Nam"}
    detail = api.get(f"{V1}/articles/000_early/").json()
    assert detail["body"].startswith("Hội đàm")
    assert [a["key"] for a in results(api, "/articles/", outlet="vtc-news")] == ["001_late"]
    putin = api.get(f"{V1}/speakers/vladimir-putin/").json()
    assert set(putin["aliases"]) == {"ông Putin", "Tổng thống Nga Vladimir Putin"}
    assert [e["slug"] for e in results(api, "/events/")] == ["video-call"]
    assert api.get(f"{V1}/topics/nato-expansion/").json()["name"] == "NATO should not expand further east"


def test_article_statements_in_text_order_with_exact_spans(api, corpus):
    body = api.get(f"{V1}/articles/000_early/").json()["body"]
    statements = results(api, "/articles/000_early/statements/")
    assert len(statements) == 3
    assert [s["start"] for s in statements] == sorted(s["start"] for s in statements)
    for s in statements:
        assert body[s["start"] : s["end"]] == s["quote"]
        assert {"id", "quote", "start", "end", "mode", "via", "speaker", "article", "claim"} <= set(s)
    assert api.get(f"{V1}/articles/nope/statements/").status_code == 404


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"speaker": "vladimir-putin"}, {"putin-legal-guarantees"}),
        ({"topic": "sanctions"}, {"biden-sanctions"}),
        ({"stance": "opposes"}, {"biden-opposes-guarantees"}),
        ({"event": "video-call"}, {"putin-legal-guarantees", "biden-sanctions"}),
        ({"article": "001_late"}, {"putin-legal-guarantees"}),
        ({"outlet": "plvn"}, {"putin-legal-guarantees", "biden-sanctions", "biden-opposes-guarantees"}),
        ({"outlet": "vtc-news"}, {"putin-legal-guarantees"}),
        ({"status": "candidate"}, set()),
        ({"said_after": "2021-12-07"}, {"putin-legal-guarantees", "biden-sanctions"}),
        ({"said_before": "2021-12-06"}, set()),
        ({"has_contradictions": "true"}, {"putin-legal-guarantees", "biden-opposes-guarantees"}),
        ({"has_contradictions": "false"}, {"biden-sanctions"}),
        ({"q": "legal guarantees"}, {"putin-legal-guarantees"}),
    ],
)
def test_claim_filters(fc_api, corpus, params, expected):
    assert {c["key"] for c in results(fc_api, "/claims/", **params)} == expected


def test_claim_fields_and_references(api, corpus):
    claim = api.get(f"{V1}/claims/{corpus['claims'][0].id}/").json()
    assert {"id", "speaker", "topic", "stance", "summary", "status", "event", "said_on"} <= set(claim)
    assert claim["speaker"] == {"slug": "vladimir-putin", "name": "Vladimir Putin"}
    assert claim["event"] == {"slug": "video-call", "name": "Video call"}
    assert claim["verdict"] is None


@pytest.mark.parametrize(
    ("params", "count"),
    [
        ({"speaker": "joe-biden"}, 2),
        ({"article": "001_late"}, 1),
        ({"outlet": "plvn"}, 3),
        ({"via": "tass"}, 1),
        ({"via": "kremlin"}, 1),
        ({"mode": "direct"}, 0),
        ({"mode": "indirect"}, 4),
        ({"q": "NATO khong mo rong"}, 2),
    ],
)
def test_statement_filters(api, corpus, params, count):
    assert len(results(api, "/statements/", **params)) == count


def test_statement_filter_by_claim(api, corpus):
    demand = corpus["claims"][0]
    assert {s["claim"]["id"] for s in results(api, "/statements/", claim=demand.id)} == {demand.id}


@pytest.mark.parametrize("given", ["{id}.5", "{id}e0", "0", "-{id}", "1e30", str(2**63), "x"])
def test_statement_filter_by_claim_takes_an_id_only(api, corpus, given):
    """A number filter took "7.5" or "7e0" for the claim 7: a script's wrong id found another
    claim's statements. Anything but an id is a 400 naming the filter."""
    response = api.get(f"{V1}/statements/", {"claim": given.format(id=corpus["claims"][0].id)})
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["claim"]


def test_attribution_orders_by_publication_with_chain_and_first_appearance(api, corpus):
    demand = corpus["claims"][0]
    data = api.get(f"{V1}/claims/{demand.id}/attribution/").json()
    assert [s["article"]["key"] for s in data["statements"]] == ["000_early", "001_late"]
    assert data["first_appearance"]["article"]["key"] == "000_early"
    assert data["first_appearance"]["published_on"] == "2021-12-08"
    assert [o["slug"] for o in data["outlets"]] == ["plvn", "vtc-news"]
    late = data["statements"][1]
    assert [v["speaker"] and v["speaker"]["slug"] for v in late["via"]] == ["kremlin", None]
    assert [v["outlet"] and v["outlet"]["slug"] for v in late["via"]] == [None, "tass"]
    assert data["claim"]["id"] == demand.id


def test_claim_contradictions_name_the_other_claim(fc_api, corpus):
    demand, _, denial = corpus["claims"]
    data = fc_api.get(f"{V1}/claims/{demand.id}/contradictions/").json()["results"]
    assert len(data) == 1
    assert {c["id"] for c in data[0]["claims"]} == {demand.id, denial.id}
    assert data[0]["kind"] == "opposing" and data[0]["status"] == "suspected"


@pytest.mark.parametrize(
    ("params", "count"),
    [
        ({"topic": "nato-expansion"}, 1),
        ({"topic": "sanctions"}, 0),
        ({"speaker": "joe-biden"}, 1),
        ({"speaker": "kremlin"}, 0),
        ({"kind": "opposing"}, 1),
        ({"kind": "reversal"}, 0),
        ({"status": "suspected"}, 1),
        ({"status": "confirmed"}, 0),
    ],
)
def test_contradiction_filters(fc_api, corpus, params, count):
    items = results(fc_api, "/contradictions/", **params)
    assert len(items) == count
    for item in items:
        assert {"id", "kind", "status", "topic", "claims", "notes"} <= set(item)  # notes: fact-checkers'
        assert item["topic"]["slug"] == "nato-expansion"


def test_speaker_q_matches_any_alias(api, corpus):
    assert [s["slug"] for s in results(api, "/speakers/", q="dien kremlin")] == ["kremlin"]
    assert [s["slug"] for s in results(api, "/speakers/", q="ÔNG PUTIN")] == ["vladimir-putin"]


def test_page_size_is_capped_and_honoured(api, corpus):
    assert len(results(api, "/statements/", page_size=2)) == 2
    response = api.get(f"{V1}/statements/", {"page_size": 1000})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 4


def test_cursor_pages_are_stable_under_inserts(api, corpus):
    from tests.factories import ClaimFactory

    first = api.get(f"{V1}/claims/", {"page_size": 2}).json()
    ClaimFactory()  # a new claim arrives between two page requests
    second = api.get(first["next"]).json()
    seen = [c["id"] for c in first["results"]] + [c["id"] for c in second["results"]]
    assert len(seen) == len(set(seen)) == 3


def test_contradictions_walk_as_cursor_pages_newest_first(fc_api, corpus):
    from tests.factories import ContradictionFactory

    made = [ContradictionFactory().id for _ in range(4)]
    page = fc_api.get(f"{V1}/contradictions/", {"page_size": 2, "kind": "opposing"}).json()
    assert "count" not in page  # no COUNT(*) of a list that grows with the corpus
    seen = []
    while True:
        seen += [c["id"] for c in page["results"]]
        if not page["next"]:
            break
        assert "page=" not in page["next"] and "kind=opposing" in page["next"]
        page = fc_api.get(page["next"]).json()
    assert seen == sorted(seen, reverse=True)
    assert set(made) < set(seen) and len(seen) == len(made) + 1  # and the corpus's own


def test_unknown_filter_value_is_a_400_naming_it(api, corpus):
    response = api.get(f"{V1}/claims/", {"stance": "maybe"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "stance"
    response = api.get(f"{V1}/claims/", {"said_after": "yesterday"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "said_after"


def test_each_request_validates_its_own_filter_values(api, corpus):
    for stance, said_after in (
        ("maybe", "2021-12-07"),
        ("supports", "yesterday"),
        ("supports", "2021-12-07"),
    ):
        response = api.get(f"{V1}/claims/", {"stance": stance, "said_after": said_after})
        fields = [error["field"] for error in response.json().get("errors", [])]
        if stance == "maybe":
            assert (response.status_code, fields) == (400, ["stance"])
        elif said_after == "yesterday":
            assert (response.status_code, fields) == (400, ["said_after"])
        else:
            assert response.status_code == 200
            assert {c["stance"] for c in response.json()["results"]} == {"supports"}


def test_csv_exports(api, corpus):
    response = api.get(f"{V1}/claims/export/", {"speaker": "joe-biden"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("id,key,speaker")
    assert len(lines) == 3
    response = api.get(f"{V1}/statements/export/", {"via": "tass"})
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert len(lines) == 2 and "Kremlin > TASS" in lines[1]


@pytest.mark.parametrize(
    "path",
    [
        "/claims/?outlet=nobody",
        "/statements/?outlet=nobody",
        "/statements/?via=nobody",
        "/articles/?outlet=nobody",
        "/contradictions/?speaker=nobody",
        # the speaker's id read first (a page of 200, beside a search) or a subquery
        "/claims/?speaker=nobody",
        "/claims/?speaker=nobody&page_size=200",
        "/claims/?speaker=nobody&q=nato",
        "/statements/?speaker=nobody",
        "/statements/?speaker=nobody&page_size=200",
        "/statements/?speaker=nobody&q=nato",
    ],
)
def test_a_reference_to_nothing_lists_nothing(api, corpus, path):
    response = api.get(f"{V1}{path}")
    assert response.status_code == 200
    assert response.json()["results"] == []


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/claims/?outlet=plvn", 3),
        ("/statements/?outlet=vtc-news", 1),
        ("/articles/?outlet=plvn", 1),
        ("/contradictions/?speaker=vladimir-putin", 1),
    ],
)
def test_a_reference_to_a_row_lists_its_own(fc_api, corpus, path, expected):
    assert len(fc_api.get(f"{V1}{path}").json()["results"]) == expected


@pytest.mark.parametrize(
    ("path", "start", "end"),
    [
        ("/claims/", "said_after", "said_before"),
        ("/claims/export/", "said_after", "said_before"),
        ("/articles/", "published_after", "published_before"),
    ],
)
def test_a_range_ending_before_it_starts_is_refused(api, corpus, django_assert_num_queries, path, start, end):
    """It would match nothing, and PostgreSQL cannot tell: it walked every claim to find none
    (1.7 s at a million claims)."""
    with django_assert_num_queries(0):
        response = api.get(f"{V1}{path}", {start: "2021-12-09", end: "2021-12-08"})
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": end, "code": "before_start", "message": f"Must not be earlier than {start}."}
    ]
    # A range of one day is a range.
    assert api.get(f"{V1}{path}", {start: "2021-12-08", end: "2021-12-08"}).status_code == 200


@pytest.mark.parametrize("path", ["/claims/", "/statements/", "/claims/?q=nato", "/statements/?q=nato"])
def test_pages_of_one_row_walk_every_row_once_there_and_back(api, corpus, path):
    model = Statement if path.startswith("/statements/") else Claim
    url, seen = f"{V1}{path}{'&' if '?' in path else '?'}page_size=1", []
    while url:
        page = api.get(url).json()
        seen += [row["id"] for row in page["results"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) and len(seen) > 1
    if "q=" not in path:
        assert seen == sorted(model.objects.values_list("id", flat=True), reverse=True)
    back, url = [], page["previous"]
    while url:
        page = api.get(url).json()
        back = [row["id"] for row in page["results"]] + back
        url = page["previous"]
    assert back == seen[:-1]


ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@pytest.mark.parametrize(
    "spell",
    [
        # Spellings of an existing id that int() would accept: not this claim's URL.
        lambda pk: f"{pk[:1]}_{pk[1:]}",
        lambda pk: f"%20{pk}",
        lambda pk: f"+{pk}",
        lambda pk: pk.translate(ARABIC_INDIC),
        # No claim at all.
        lambda pk: "abc",
        lambda pk: "0",
        lambda pk: "99999999999999999999",
    ],
)
def test_claim_detail_of_no_claim_is_a_404(api, corpus, spell):
    pk = spell(str(corpus["claims"][0].pk))
    for suffix in ("", "attribution/", "contradictions/", "verdict/"):
        response = api.get(f"/api/v1/claims/{pk}/{suffix}")
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


def test_claim_detail_reads_the_claim_of_its_url(api, corpus):
    claim = corpus["claims"][1]
    assert api.get(f"/api/v1/claims/{claim.pk}/").json()["key"] == claim.key
    assert api.get(f"/api/v1/claims/{claim.pk}/attribution/").json()["claim"]["id"] == claim.pk


def cursor(position: str) -> str:
    """A cursor token as DRF encodes it, for a position a client may have made up."""
    return base64.b64encode(urlencode({"p": position}).encode()).decode()


@pytest.mark.parametrize("path", ["claims", "statements", "contradictions", "articles/000_early/statements"])
def test_made_up_cursor_positions_are_refused(api, corpus, path):
    """Positions are integers the API writes as ASCII digits: "x" made the ORM raise (a 500), and
    "1_0", " 5" or "٣" were read as other numbers."""
    for position in ["x", "1_0", " 5", "٣", "-1", str(2**63), ""]:
        response = api.get(f"{V1}/{path}/", {"cursor": cursor(position)})
        assert response.status_code == 404, position
        assert "Invalid cursor" in response.content.decode()
    first = api.get(f"{V1}/{path}/", {"page_size": 1}).json()
    assert first["next"] is None or api.get(first["next"]).status_code == 200
    assert api.get(f"{V1}/{path}/", {"cursor": cursor(str(2**63 - 1))}).status_code == 200
