"""Cursor pages compiled once per shape (summit/api/shapes.py) run the very SQL the ORM would
write for the same request, and give the same pages; whatever they cannot take is left to the ORM."""

import base64
import unicodedata
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.db.backends.postgresql.base import ServerBindingCursor
from django.test.utils import CaptureQueriesContext
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.filters import SearchFilter

from claims.models import Claim, Statement
from summit.api import shapes
from summit.api.shapes import SHAPED_PAGES, ShapedRows, shaped_rows
from tests.factories import ClaimFactory, ContradictionFactory, StatementFactory

pytestmark = pytest.mark.django_db
V1 = "/api/v1"

CASES = [
    ("claims", {}),
    ("claims", {"speaker": "joe-biden"}),
    ("claims", {"speaker": "joe-biden", "stance": "supports"}),
    ("claims", {"topic": "nato-expansion", "status": "verified"}),
    ("claims", {"event": "video-call"}),
    ("claims", {"article": "000_early"}),
    ("claims", {"key": "putin-legal-guarantees"}),
    ("claims", {"said_after": "2021-12-01", "said_before": "2021-12-31"}),
    # Values the form cleans (spaces) or that name nothing (another normal form of "Đá").
    ("claims", {"speaker": "  joe-biden "}),
    ("claims", {"speaker": unicodedata.normalize("NFD", "Đá"), "topic": "", "stance": "opposes"}),
    ("statements", {}),
    ("statements", {"speaker": "vladimir-putin"}),
    ("statements", {"article": "000_early", "mode": "indirect"}),
    ("statements", {"status": "verified"}),
    ("statements", {"claim": "the first claim", "mode": "indirect"}),
    ("contradictions", {}),
    ("contradictions", {"speaker": "joe-biden"}),
    ("contradictions", {"topic": "nato-expansion", "kind": "opposing", "status": "suspected"}),
]


@pytest.fixture(params=["client", "server"])
def binding(request, monkeypatch):
    """Parameters bound by the client (the default) or by the server, as `make serve-prod` binds."""
    if request.param == "server":
        connection.ensure_connection()
        monkeypatch.setattr(connection.connection, "cursor_factory", ServerBindingCursor)
    return request.param


@pytest.fixture
def rows(corpus):
    """The corpus, and enough rows for several pages of each list and filter."""
    putin, _, biden = corpus["speakers"]
    nato, _ = corpus["topics"]
    early, _ = corpus["articles"]
    for n in range(5):
        claim = ClaimFactory(
            speaker=(putin, biden)[n % 2], topic=nato, event=corpus["event"], said_on="2021-12-07"
        )
        StatementFactory(claim=claim, article=early, quote="Hội đàm", mode="indirect")
        ContradictionFactory(claim_a=claim, claim_b=corpus["claims"][2])
    return corpus


def walk(api, path: str, params: dict) -> list[tuple]:
    """Every page of a list, following `next` to the end and `previous` back to the start: each
    page's status, body, and the SQL its request ran."""
    seen, url, link = [], f"{path}?{urlencode(params)}", "next"
    while url:
        with CaptureQueriesContext(connection) as queries:
            response = api.get(url)
        seen.append((response.status_code, response.content, [q["sql"] for q in queries.captured_queries]))
        body = response.json()
        url = body[link]
        if url is None and link == "next" and len(seen) > 1:
            link, url = "previous", body["previous"]
    return seen


def orm_only(monkeypatch):
    monkeypatch.setattr(shapes, "shaped_rows", lambda view, queryset: None)


@pytest.mark.parametrize(("name", "params"), CASES)
def test_every_page_runs_the_orms_sql(api, rows, monkeypatch, name, params, binding):
    if params.get("claim"):
        params = {**params, "claim": rows["claims"][0].pk}
    SHAPED_PAGES.clear()
    compiled = {size: walk(api, f"{V1}/{name}/", {**params, "page_size": size}) for size in (1, 2, 40)}
    # Pages of 1 and 2 are read as default pages (pagination.ReadsAtLeast): one shape, 40 another.
    assert len(SHAPED_PAGES) >= 2, "the compiled pages were not used"
    assert None not in SHAPED_PAGES._pages.values(), "a page fell back to the ORM"
    orm_only(monkeypatch)
    built = {size: walk(api, f"{V1}/{name}/", {**params, "page_size": size}) for size in (1, 2, 40)}
    assert compiled == built
    assert all(status == 200 for pages in built.values() for status, _, _ in pages)


def test_an_articles_statements_run_the_orms_sql(api, rows, monkeypatch, binding):
    """In text order, whose positions tie (five quotes at one offset): the cursors carry offsets."""
    paths = [f"{V1}/articles/{key}/statements/" for key in ("000_early", "001_late")]
    SHAPED_PAGES.clear()
    compiled = {(path, size): walk(api, path, {"page_size": size}) for path in paths for size in (1, 2, 40)}
    assert len(SHAPED_PAGES) >= 3 and None not in SHAPED_PAGES._pages.values(), [
        k for k, v in SHAPED_PAGES._pages.items() if v is None
    ]
    assert len(compiled[(paths[0], 1)]) > 10  # every statement of the article, there and back
    monkeypatch.setattr(SHAPED_PAGES, "compiled", lambda key, compile: None)
    built = {(path, size): walk(api, path, {"page_size": size}) for path in paths for size in (1, 2, 40)}
    assert compiled == built


def test_a_claims_contradictions_run_the_orms_sql(api, rows, monkeypatch, binding):
    paths = [f"{V1}/claims/{claim.pk}/contradictions/" for claim in rows["claims"]]
    SHAPED_PAGES.clear()
    compiled = {(path, size): walk(api, path, {"page_size": size}) for path in paths for size in (1, 2, 40)}
    assert len(SHAPED_PAGES) >= 3 and None not in SHAPED_PAGES._pages.values()
    assert len(compiled[(paths[2], 1)]) > 5  # the denial's contradictions, there and back
    monkeypatch.setattr(SHAPED_PAGES, "compiled", lambda key, compile: None)
    built = {(path, size): walk(api, path, {"page_size": size}) for path in paths for size in (1, 2, 40)}
    assert compiled == built
    assert api.get(f"{V1}/claims/{2**40}/contradictions/").status_code == 404


@pytest.mark.parametrize("reverse", ["0", "1"])
def test_a_position_beyond_its_columns_type_is_read_by_the_orm(api, rows, monkeypatch, reverse, binding):
    """A quote's start is an int4: past it the ORM writes no bound (nothing or everything is
    beyond it), where the compiled page would bind a number its column's type cannot hold (bound
    on the server, as `make serve-prod` binds, 2**31 became -2**31)."""
    token = base64.b64encode(urlencode({"p": str(2**31), "r": reverse}).encode()).decode()
    path = f"{V1}/articles/000_early/statements/"
    shaped = api.get(path, {"cursor": token})
    monkeypatch.setattr(SHAPED_PAGES, "compiled", lambda key, compile: None)
    built = api.get(path, {"cursor": token})
    assert shaped.status_code == built.status_code == 200
    assert shaped.content == built.content
    everything = Statement.objects.filter(article=rows["articles"][0]).count()
    assert len(built.json()["results"]) == (everything if reverse == "1" else 0)


def test_the_cases_have_pages_to_walk(api, rows):
    """The cases are not vacuous: most filters find rows over several pages, and one finds none."""
    claim = rows["claims"][0].pk
    counts = [
        len(
            walk(
                api,
                f"{V1}/{name}/",
                {**params, "page_size": 1, **({"claim": claim} if "claim" in params else {})},
            )
        )
        for name, params in CASES
    ]
    assert sum(count > 2 for count in counts) >= 12
    assert (
        api.get(f"{V1}/claims/", {"speaker": "joe-biden"}).json()["results"][0]["speaker"]["slug"]
        == "joe-biden"
    )


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("claims", {"outlet": "plvn"}),  # its id is read first
        ("claims", {"has_contradictions": "true"}),
        ("claims", {"q": "putin"}),
        ("claims", {"speaker": "joe-biden", "q": "biden"}),
        ("statements", {"via": "tass"}),
    ],
)
def test_other_filters_are_built_by_the_orm(api, rows, name, params):
    SHAPED_PAGES.clear()
    response = api.get(f"{V1}/{name}/", params)
    assert response.status_code == 200
    assert response.json()["results"]
    assert len(SHAPED_PAGES) == 0


def cursor(position: str) -> str:
    """A cursor token as DRF encodes it, for a position a client may have made up."""
    return base64.b64encode(urlencode({"p": position}).encode()).decode()


@pytest.mark.parametrize(
    "params", [{"stance": "maybe"}, {"said_after": "yesterday"}, {"cursor": cursor("x")}]
)
def test_bad_filters_and_cursors_are_answered_as_before(api, rows, monkeypatch, params):
    shaped = api.get(f"{V1}/claims/", params)
    orm_only(monkeypatch)
    built = api.get(f"{V1}/claims/", params)
    assert shaped.status_code == built.status_code and shaped.status_code in (400, 404)
    assert shaped.content == built.content


@pytest.mark.parametrize("path", ["claims", "statements", "contradictions", "articles/000_early/statements"])
def test_made_up_cursor_positions_are_refused(api, rows, path):
    """Positions are integers the API writes as ASCII digits: "x" made the ORM raise (a 500), and
    "1_0", " 5" or "٣" were read as other numbers."""
    for position in ["x", "1_0", " 5", "٣", "-1", str(2**63), ""]:
        response = api.get(f"{V1}/{path}/", {"cursor": cursor(position)})
        assert response.status_code == 404, position
        assert "Invalid cursor" in response.content.decode()
    first = api.get(f"{V1}/{path}/", {"page_size": 1}).json()
    assert api.get(first["next"]).status_code == 200
    assert api.get(f"{V1}/{path}/", {"cursor": cursor(str(2**63 - 1))}).status_code == 200


@pytest.mark.parametrize(
    ("transform", "given", "stored"),
    [
        (str.strip, " Zz ", "Zz"),
        (str.upper, "zz", "ZZ"),
        (lambda value: unicodedata.normalize("NFC", value), unicodedata.normalize("NFD", "Đá"), "Đá"),
    ],
    ids=["strip", "upper", "nfc"],
)
def test_a_value_the_query_changes_is_not_compiled(transform, given, stored):
    ClaimFactory(key=stored)
    ClaimFactory(key="other")
    key = ("a query that changes its value", transform)
    rows = ShapedRows(
        lambda values: Claim.objects.values("key").filter(key=transform(values["key"])),
        {"key": given},
        key,
        "default",
    ).order_by("-id")[0:5]
    assert list(rows) == [{"key": stored}]
    assert SHAPED_PAGES._pages[(key, rows._steps)] is None


@pytest.mark.parametrize("backends", [[], [SearchFilter], [DjangoFilterBackend, SearchFilter]])
def test_lists_filtered_by_other_backends_are_built_by_the_orm(rf, backends):
    """Only the filter set's filters and an ordering are recorded: another backend (a search over
    the rows) could write anything."""
    view = SimpleNamespace(filter_backends=backends, request=rf.get("/"))
    assert shaped_rows(view, Claim.objects.values("key")) is None


@pytest.mark.parametrize(
    "path",
    [
        "claims/?speaker=joe-biden",
        "statements/?mode=indirect",
        "articles/000_early/statements/",
        "speakers/?kind=person",
    ],
)
def test_the_browsable_api_shows_compiled_pages(api, rows, path):
    """A developer exploring the API in a browser gets the page and its next link."""
    response = api.get(f"{V1}/{path}", {"page_size": 1, "format": "api"})
    assert response.status_code == 200
    assert 'rel="next"' in response.content.decode()
