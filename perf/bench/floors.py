"""How fast a list page could be served in this stack: `bench --floors`.

Two pages of the API: the claims of a speaker, and the articles list (the endpoint whose SQL is
cheapest). Each page's queryset and serializer, as the API uses them, are served two ways that
leave out the API's filter sets, pagination and links:
- a plain Django view (every middleware, no DRF), orjson bytes;
- a DRF `APIView` (authentication, throttles, content negotiation, the API's renderer).
Timed beside the API's endpoint against the same baseline, they split its ratio between what
the framework costs and what the app's own code costs (docs/performance.md).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.urls import path
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from claims.api import querysets
from claims.api.serializers import ClaimSerializer
from claims.models import Speaker
from core.api.pagination import CursorPagination
from core.api.references import id_of
from core.api.renderers import encode
from sources.api.serializers import ArticleSerializer
from sources.models import Article

PREFIX = "/bench-floor"
ARTICLES_PAGE_SIZE = cast(int, api_settings.PAGE_SIZE)  # the page-number lists' default (settings)
# The articles list's two orderings the bench requests, each with its tie-break (`StableOrderingFilter`).
ARTICLE_ORDERINGS = {"published_on": ("published_on", "key"), "-published_on": ("-published_on", "-key")}


def claims_page(query) -> dict:
    speaker = id_of(Speaker, "slug", query.get("speaker", ""))
    # As the bench's requests are: anonymous, so the published claims alone.
    page = (
        querysets.claims(AnonymousUser())
        .filter(speaker_id=speaker)
        .order_by("-id")[: CursorPagination.page_size]
    )
    return {"next": None, "previous": None, "results": ClaimSerializer(page, many=True).data}


def articles_page(query) -> dict:
    ordering = query.get("ordering") if query.get("ordering") in ARTICLE_ORDERINGS else "published_on"
    articles = Article.objects.select_related("outlet").defer("body").order_by(*ARTICLE_ORDERINGS[ordering])
    return {
        "next": None,
        "previous": None,
        "results": ArticleSerializer(articles[:ARTICLES_PAGE_SIZE], many=True).data,
    }


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

# Routed by the bench's URLconf (perf/bench/urls.py).
urlpatterns = [path(f"{PREFIX[1:]}/{name}/", serve(page)) for name, (_, page, serve) in FLOORS.items()]


def endpoints(api: dict[str, list[str]]) -> dict[str, list[str]]:
    """Each floor's paths for its API endpoint's paths in `api` (same query strings, same order)."""
    return {
        name: [f"{PREFIX}/{name}/?{p.split('?', 1)[1] if '?' in p else ''}" for p in api[endpoint]]
        for name, (endpoint, _, _) in FLOORS.items()
    }


def endpoint_of(floor: str) -> str:
    """The API endpoint `floor` stands beside."""
    return FLOORS[floor][0]
