"""Each endpoint the bench times, written the textbook way: `bench --peers`.

A `ReadOnlyModelViewSet` per resource, `ModelSerializer`s nesting `ModelSerializer`s for the
related rows, `select_related`/`prefetch_related` on whole rows, DRF's `PageNumberPagination`
(with its COUNT), django-filter's `DjangoFilterBackend` with a plain `FilterSet`, DRF's
`OrderingFilter` and, for `q`, DRF's `UnaccentedSearchFilter`. The project's DRF settings
(authentication, throttles, renderer) apply to them as to the API. Each peer gives the records
of its API endpoint, in the same order, with the same fields in substance (tests/test_bench_peers.py).
"""

from __future__ import annotations

from base64 import b64decode
from typing import cast
from urllib.parse import parse_qs, parse_qsl, urlencode, urlsplit

import django_filters
from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter, UnaccentedSearchFilter
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.settings import api_settings

from claims.models import Claim, Contradiction, Event, Speaker, Statement, StatementVia, Topic, Verdict
from claims.selectors import visible_claims, visible_contradictions, visible_speakers, visible_statements
from core.api.permissions import is_fact_checker
from sources.models import Article, Outlet

API_PREFIX = "/api/v1/"
PREFIX = "/peers/"
# DRF's PageNumberPagination pages by the PAGE_SIZE setting, the API's default page size.
PAGE_SIZE = cast(int, api_settings.PAGE_SIZE)


class SpeakerRef(serializers.ModelSerializer):
    class Meta:
        model = Speaker
        fields = ["slug", "name"]


class TopicRef(serializers.ModelSerializer):
    class Meta:
        model = Topic
        fields = ["slug", "name"]


class EventRef(serializers.ModelSerializer):
    class Meta:
        model = Event
        fields = ["slug", "name"]


class OutletRef(serializers.ModelSerializer):
    class Meta:
        model = Outlet
        fields = ["slug", "name"]


class ArticleRef(serializers.ModelSerializer):
    class Meta:
        model = Article
        fields = ["key", "title"]


class ClaimRef(serializers.ModelSerializer):
    class Meta:
        model = Claim
        fields = ["id", "summary"]


class VerdictPeerSerializer(serializers.ModelSerializer):
    reviewer: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )

    class Meta:
        model = Verdict
        fields = [
            "rating",
            "textual_rating",
            "explanation",
            "published",
            "reviewer",
            "reviewed_on",
            "updated_at",
        ]


class ClaimPeerSerializer(serializers.ModelSerializer):
    speaker = SpeakerRef(read_only=True)
    topic = TopicRef(read_only=True)
    event = EventRef(read_only=True, allow_null=True)
    verdict = VerdictPeerSerializer(read_only=True, allow_null=True)
    summary_en = serializers.CharField(source="summary", read_only=True)

    class Meta:
        model = Claim
        fields = [
            "id", "key", "speaker", "topic", "stance", "summary", "summary_en", "summary_vi", "event", "said_on",
            "status", "verdict", "created_at", "updated_at",
        ]  # fmt: skip

    def to_representation(self, instance):
        # A verdict is public once published, as in the API.
        data = super().to_representation(instance)
        verdict = getattr(instance, "verdict", None)
        if (
            verdict is not None
            and not verdict.published
            and not is_fact_checker(self.context["request"].user)
        ):
            data["verdict"] = None
        return data


class ViaPeerSerializer(serializers.ModelSerializer):
    outlet = OutletRef(read_only=True, allow_null=True)
    speaker = SpeakerRef(read_only=True, allow_null=True)

    class Meta:
        model = StatementVia
        fields = ["outlet", "speaker"]


class StatementPeerSerializer(serializers.ModelSerializer):
    via = ViaPeerSerializer(many=True, read_only=True)
    speaker = SpeakerRef(read_only=True)
    article = ArticleRef(read_only=True)
    outlet = OutletRef(read_only=True, allow_null=True)
    claim = ClaimRef(read_only=True)

    class Meta:
        model = Statement
        fields = [
            "id", "quote", "start", "end", "mode", "via", "speaker", "article", "outlet", "claim", "status", "created_at",
            "updated_at",
        ]  # fmt: skip


class AttributionStatementPeerSerializer(StatementPeerSerializer):
    published_on = serializers.DateField(source="article.published_on", read_only=True)

    class Meta(StatementPeerSerializer.Meta):
        fields = [*StatementPeerSerializer.Meta.fields, "published_on"]


class ClaimBriefPeerSerializer(serializers.ModelSerializer):
    speaker = SpeakerRef(read_only=True)
    topic = TopicRef(read_only=True)

    class Meta:
        model = Claim
        fields = ["id", "speaker", "topic", "stance", "summary", "status"]


class StatementBriefPeerSerializer(serializers.ModelSerializer):
    article = ArticleRef(read_only=True)

    class Meta:
        model = Statement
        fields = ["id", "quote", "start", "end", "mode", "article"]


class ContradictionPeerSerializer(serializers.ModelSerializer):
    topic = TopicRef(source="claim_a.topic", read_only=True)
    claim_a = ClaimBriefPeerSerializer(read_only=True)
    claim_b = ClaimBriefPeerSerializer(read_only=True)
    statement_a = StatementBriefPeerSerializer(read_only=True, allow_null=True)
    statement_b = StatementBriefPeerSerializer(read_only=True, allow_null=True)
    reviewed_by: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )

    class Meta:
        model = Contradiction
        fields = [
            "id", "kind", "status", "topic", "claim_a", "claim_b", "statement_a", "statement_b",
            "detected_by", "reviewed_by", "reviewed_at", "created_at", "updated_at",
        ]  # fmt: skip


class ArticlePeerSerializer(serializers.ModelSerializer):
    outlet = OutletRef(read_only=True, allow_null=True)

    class Meta:
        model = Article
        fields = [
            "key", "title", "outlet", "published_on", "language", "byline", "url", "content_hash", "created_at",
            "updated_at",
        ]  # fmt: skip


class SpeakerPeerSerializer(serializers.ModelSerializer):
    affiliation = SpeakerRef(read_only=True, allow_null=True)
    outlet = OutletRef(read_only=True, allow_null=True)
    aliases: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="name", many=True, read_only=True
    )

    class Meta:
        model = Speaker
        fields = [
            "slug",
            "name",
            "kind",
            "role",
            "country",
            "affiliation",
            "outlet",
            "wikidata_id",
            "status",
            "aliases",
        ]


class ClaimPeerFilter(django_filters.FilterSet):
    speaker = django_filters.CharFilter(field_name="speaker__slug")
    topic = django_filters.CharFilter(field_name="topic__slug")

    class Meta:
        model = Claim
        fields = ["speaker", "topic"]


class StatementPeerFilter(django_filters.FilterSet):
    speaker = django_filters.CharFilter(field_name="speaker__slug")

    class Meta:
        model = Statement
        fields = ["speaker"]


class ClaimSearch(UnaccentedSearchFilter):
    """`?q=`: DRF's SearchFilter ignoring accents (`unaccent__icontains`, both sides), over the
    fields the API's `q` searches: every term in one of them."""

    search_param = "q"


def statements(user):
    """The statements `user` may read with every row their serializer nests, the chain in one query."""
    via = StatementVia.objects.select_related("outlet", "speaker")
    return (
        visible_statements(user)
        .select_related("speaker", "article", "outlet", "claim")
        .prefetch_related(Prefetch("via", queryset=via))
    )


# Each peer reads the rows the API's publishing rule lets its reader see (claims.selectors), as
# the API does: the same records, written the textbook way.
class ClaimPeerViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Claim.objects.none()
    serializer_class = ClaimPeerSerializer
    pagination_class = PageNumberPagination
    filter_backends = [DjangoFilterBackend, ClaimSearch]
    filterset_class = ClaimPeerFilter
    search_fields = [
        "summary", "summary_vi", "speaker__name", "speaker__aliases__name", "topic__name", "topic__name_vi", "=key",
    ]  # fmt: skip

    def get_queryset(self):
        return (
            visible_claims(self.request.user)
            .select_related("speaker", "topic", "event", "verdict__reviewer")
            .order_by("-id")
        )

    @action(detail=True)
    def attribution(self, request, pk=None):
        claim = self.get_object()
        # The API's order: by publication date (undated last), then article, then place in the text.
        found = list(
            statements(request.user)
            .filter(claim=claim)
            .order_by("article__published_on", "article__key", "start", "id")
        )
        shown = AttributionStatementPeerSerializer(found, many=True).data
        outlets = list(dict.fromkeys(statement.outlet for statement in found if statement.outlet is not None))
        return Response(
            {
                "claim": self.get_serializer(claim).data,
                "first_appearance": shown[0] if shown else None,
                "outlets": OutletRef(outlets, many=True).data,
                "statements": shown,
            }
        )


class StatementPeerViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Statement.objects.none()
    serializer_class = StatementPeerSerializer
    pagination_class = PageNumberPagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = StatementPeerFilter

    def get_queryset(self):
        return statements(self.request.user).order_by("-id")


class ContradictionPeerViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Contradiction.objects.none()
    serializer_class = ContradictionPeerSerializer
    pagination_class = PageNumberPagination
    filter_backends: list = []

    def get_queryset(self):
        return visible_contradictions(self.request.user).select_related(
            "claim_a__speaker", "claim_a__topic", "claim_b__speaker", "claim_b__topic",
            "statement_a__article", "statement_b__article", "reviewed_by",
        ).order_by("-id")  # fmt: skip


class ArticlePeerViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Article.objects.select_related("outlet")
    serializer_class = ArticlePeerSerializer
    lookup_field = "key"
    pagination_class = PageNumberPagination
    filter_backends = [OrderingFilter]
    ordering_fields = ["published_on", "key", "title"]
    ordering = ["published_on", "key"]


class SpeakerPeerViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Speaker.objects.none()
    serializer_class = SpeakerPeerSerializer
    lookup_field = "slug"
    pagination_class = PageNumberPagination
    filter_backends = [OrderingFilter]
    ordering_fields = ["name", "slug"]
    ordering = ["name", "slug"]

    def get_queryset(self):
        return (
            visible_speakers(self.request.user)
            .select_related("affiliation", "outlet")
            .prefetch_related("aliases")
        )


# API resource -> its peer. The names of the routes start with "peer-": never the API's own.
PEERS: dict[str, type[viewsets.ReadOnlyModelViewSet]] = {
    "claims": ClaimPeerViewSet,
    "statements": StatementPeerViewSet,
    "contradictions": ContradictionPeerViewSet,
    "articles": ArticlePeerViewSet,
    "speakers": SpeakerPeerViewSet,
}
# The lists the API pages by cursor (ordering -id): the peer asks for the page holding its row.
# The cursor lists, as an anonymous reader sees them.
CURSOR_LISTS = {
    "claims": visible_claims,
    "contradictions": visible_contradictions,
}
# What a client names after `ordering` to get the total order the API gives by itself
# (`StableOrderingFilter` adds the unique field in the same direction).
TIE_BREAKS = {"articles": "key", "speakers": "slug"}

router = SimpleRouter()
for resource, viewset in PEERS.items():
    router.register(resource, viewset, basename=f"peer-{resource}")
urlpatterns = router.urls


def cursor_position(cursor: str) -> int:
    """The id a cursor of the API's (ordering -id) points after."""
    return int(parse_qs(b64decode(cursor).decode())["p"][0])


def peer_path(api_path: str) -> str:
    """The peer's request for an API request: the same resource and query, except that a cursor
    becomes the page (`?page=N`) holding the first row of the cursor's page, and an `ordering`
    names its tie-break."""
    url = urlsplit(api_path)
    resource = url.path.removeprefix(API_PREFIX)
    name = resource.split("/", 1)[0]
    query = dict(parse_qsl(url.query))
    if "cursor" in query:
        position = cursor_position(query.pop("cursor"))
        before = CURSOR_LISTS[name](AnonymousUser()).filter(id__gte=position).count()
        query["page"] = str(before // PAGE_SIZE + 1)
    if "ordering" in query:
        ordering = query["ordering"]
        query["ordering"] = f"{ordering},{'-' if ordering.startswith('-') else ''}{TIE_BREAKS[name]}"
    return f"{PREFIX}{resource}" + (f"?{urlencode(query)}" if query else "")


def records(body: dict) -> list:
    """What a response gives, as ids in order: a page's rows, one row, or a claim's attribution
    (the claim, its outlets, its statements)."""
    if "results" in body:
        rows = body["results"]
    elif "statements" in body and "outlets" in body:
        return [
            body["claim"]["id"],
            *(o["slug"] for o in body["outlets"]),
            *(s["id"] for s in body["statements"]),
        ]
    else:
        rows = [body]
    return [row["id"] if "id" in row else row.get("key", row.get("slug")) for row in rows]
