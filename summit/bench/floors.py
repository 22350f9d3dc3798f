"""How fast a list page could be served in this stack: `bench --floors`.

Two pages of the API: the claims of a speaker, and the articles list (the endpoint whose SQL is
cheapest, and whose ratio is the bench's worst). Each page's own SQL, compiled once, run and
represented as the API does (`claims.api.reads`, `sources.api.reads`), is served two ways that
leave out the API's filters, ORM query building and pagination links:
- a plain Django view (every middleware, no DRF), orjson bytes;
- a DRF `APIView` (authentication, throttles, content negotiation, the API's renderer).
Timed beside the API's endpoint against the same baseline, they split its ratio between what
the framework costs and what the app's own code costs (docs/performance.md).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import cast

from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.urls import include, path
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from claims.api import reads as claim_reads
from claims.api.filters import id_of
from claims.models import Speaker
from sources.api import reads as article_reads
from summit.api.pagination import CursorPagination
from summit.api.renderers import encode

PREFIX = "/bench-floor"
URLCONF = __name__
_SLUG = "\x00slug"  # stands for the request's slug while the SQL is compiled
ARTICLES_PAGE_SIZE = cast(int, api_settings.PAGE_SIZE)  # the page-number lists' default (settings)
# The articles list's two orderings the bench requests, each with its tie-break (`StableOrderingFilter`).
ARTICLE_ORDERINGS = {"published_on": ("published_on", "key"), "-published_on": ("-published_on", "-key")}


@cache
def claims_sql() -> str:
    """The SQL of `/api/v1/claims/?speaker=<slug>`'s first page, compiled once, with the slug as
    its one parameter."""
    rows = CursorPagination.page_size + 1  # the paginator reads one row more
    queryset = (
        claim_reads.claim_rows().filter(speaker_id=id_of(Speaker, "slug", _SLUG)).order_by("-id")[:rows]
    )
    sql, params = queryset.query.get_compiler(queryset.db).as_sql()
    if list(params) != [_SLUG]:  # pragma: no cover - a guard on the one parameter this relies on
        raise ValueError(f"The page compiled with parameters {params!r}.")
    return sql


@cache
def articles_sql(ordering: str) -> str:
    """The SQL of `/api/v1/articles/?ordering=<ordering>`'s first page, compiled once."""
    rows = ARTICLES_PAGE_SIZE + 1  # the paginator reads one row more
    queryset = article_reads.article_rows().order_by(*ARTICLE_ORDERINGS[ordering])[:rows]
    sql, params = queryset.query.get_compiler(queryset.db).as_sql()
    if params:  # pragma: no cover - a guard on the SQL being run as compiled
        raise ValueError(f"The page compiled with parameters {params!r}.")
    return sql


def _page(sql: str, params: list, names: tuple[str, ...], size: int, represent: Callable) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    return {"next": None, "previous": None, "results": represent(rows[:size])}


def claims_page(query) -> dict:
    params = [query.get("speaker", "")]
    size = CursorPagination.page_size
    return _page(claims_sql(), params, claim_reads.CLAIM_FIELDS, size, claim_reads.claims)


def articles_page(query) -> dict:
    ordering = query.get("ordering") if query.get("ordering") in ARTICLE_ORDERINGS else "published_on"
    size = ARTICLES_PAGE_SIZE
    return _page(articles_sql(ordering), [], article_reads.ARTICLE_FIELDS, size, article_reads.articles)


def django_view(page: Callable[..., dict]):
    def view(request) -> HttpResponse:
        return HttpResponse(encode(page(request.GET)), content_type="application/json")

    return view


def drf_view(page: Callable[..., dict]):
    class DrfView(APIView):
        def get(self, request):
            return Response(page(request.query_params))

    return DrfView.as_view()


# Floor line -> (the API endpoint it stands beside, its page, how it is served).
FLOORS = {
    "floor_django_view": ("claims_by_speaker", claims_page, django_view),
    "floor_drf_apiview": ("claims_by_speaker", claims_page, drf_view),
    "floor_articles_django_view": ("articles_list", articles_page, django_view),
    "floor_articles_drf_apiview": ("articles_list", articles_page, drf_view),
}

urlpatterns = [
    *(path(f"{PREFIX[1:]}/{name}/", serve(page)) for name, (_, page, serve) in FLOORS.items()),
    path("", include(settings.ROOT_URLCONF)),
]


def endpoints(api: dict[str, list[str]]) -> dict[str, list[str]]:
    """Each floor's paths for its API endpoint's paths in `api` (same query strings, same order)."""
    return {
        name: [f"{PREFIX}/{name}/?{p.split('?', 1)[1] if '?' in p else ''}" for p in api[endpoint]]
        for name, (endpoint, _, _) in FLOORS.items()
    }


def endpoint_of(floor: str) -> str:
    """The API endpoint `floor` stands beside."""
    return FLOORS[floor][0]
