"""How fast the claims-by-speaker page could be served in this stack: `bench --floors`.

The page's own SQL, compiled once, run and represented by `claims.api.reads` as the API does,
served two ways that leave out the API's filters, ORM query building and cursor links:
- `floor_django_view`: a plain Django view (every middleware, no DRF), orjson bytes;
- `floor_drf_apiview`: a DRF `APIView` (authentication, throttles, content negotiation,
  the API's renderer).
Timed beside `claims_by_speaker` against the same baseline, they split its ratio between what
the framework costs and what the app's own code costs (docs/performance.md).
"""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.urls import include, path
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.api import reads
from claims.api.filters import id_of
from claims.models import Speaker
from summit.api.pagination import CursorPagination
from summit.api.renderers import encode

PREFIX = "/bench-floor"
URLCONF = __name__
_SLUG = "\x00slug"  # stands for the request's slug while the SQL is compiled


@cache
def page_sql() -> str:
    """The SQL of `/api/v1/claims/?speaker=<slug>`'s first page, compiled once, with the slug as
    its one parameter."""
    rows = CursorPagination.page_size + 1  # the paginator reads one row more
    queryset = reads.claim_rows().filter(speaker_id=id_of(Speaker, "slug", _SLUG)).order_by("-id")[:rows]
    sql, params = queryset.query.get_compiler(queryset.db).as_sql()
    if list(params) != [_SLUG]:  # pragma: no cover - a guard on the one parameter this relies on
        raise ValueError(f"The page compiled with parameters {params!r}.")
    return sql


def page(slug: str) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(page_sql(), [slug])
        rows = [dict(zip(reads.CLAIM_FIELDS, row, strict=True)) for row in cursor.fetchall()]
    return {"next": None, "previous": None, "results": reads.claims(rows[: CursorPagination.page_size])}


def django_view(request) -> HttpResponse:
    return HttpResponse(encode(page(request.GET.get("speaker", ""))), content_type="application/json")


class DrfView(APIView):
    def get(self, request):
        return Response(page(request.query_params.get("speaker", "")))


urlpatterns = [
    path(f"{PREFIX[1:]}/django/claims/", django_view),
    path(f"{PREFIX[1:]}/drf/claims/", DrfView.as_view()),
    path("", include(settings.ROOT_URLCONF)),
]


def endpoints(by_speaker: list[str]) -> dict[str, list[str]]:
    """The floors' paths for the API's claims-by-speaker paths (same speakers, same order)."""
    query = [p.split("?", 1)[1] for p in by_speaker]
    return {
        "floor_django_view": [f"{PREFIX}/django/claims/?{q}" for q in query],
        "floor_drf_apiview": [f"{PREFIX}/drf/claims/?{q}" for q in query],
    }
