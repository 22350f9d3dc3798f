from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import viewsets

from core.api.conditional import ConditionalMixin
from core.api.errors import Conflict, ErrorSerializer
from core.api.query import StrictQueryMixin
from sources.api.filters import ArticleFilter, OutletFilter
from sources.api.serializers import ArticleDetailSerializer, ArticleSerializer, OutletSerializer
from sources.models import Article, Outlet
from sources.services.ingest import ArticleExists


@extend_schema_view(
    list=extend_schema(summary="List outlets"),
    retrieve=extend_schema(summary="Get an outlet"),
)
class OutletViewSet(StrictQueryMixin, ConditionalMixin, viewsets.ModelViewSet):
    """Newspapers, agencies, broadcasters and government channels that publish or relay."""

    queryset = Outlet.objects.order_by("name", "slug")
    serializer_class = OutletSerializer
    lookup_field = "slug"
    filterset_class = OutletFilter
    ordering_fields = ["name", "slug"]
    publishing = {None: "**Publishing.** Everyone sees every outlet."}


@extend_schema_view(
    list=extend_schema(summary="List articles"),
    retrieve=extend_schema(summary="Get an article with its text"),
    create=extend_schema(
        summary="Store a new article",
        responses={
            201: ArticleDetailSerializer,
            409: OpenApiResponse(
                ErrorSerializer,
                description="An article is already stored under this key (`already_exists`): nothing "
                "changed; its metadata changes by PATCH.",
            ),
        },
    ),
)
class ArticleViewSet(StrictQueryMixin, ConditionalMixin, viewsets.ModelViewSet):
    """Published texts; the detail includes `body`, into which statement spans point."""

    queryset = Article.objects.select_related("outlet").order_by("published_on", "key")
    lookup_field = "key"
    filterset_class = ArticleFilter
    ordering_fields = ["published_on", "key", "title"]
    publishing = {None: "**Publishing.** Everyone sees every article."}

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "list":  # ArticleSerializer: no body, the columns it shows alone
            return queryset.only(
                "key", "title", "published_on", "language", "byline", "url", "content_hash", "created_at",
                "updated_at", "outlet__slug", "outlet__name",
            )  # fmt: skip
        return queryset

    def perform_create(self, serializer):
        try:
            serializer.save()
        except ArticleExists as exc:
            message = gettext(
                "An article is already stored under the key %(key)s; nothing changed. "
                "Change its metadata with PATCH /api/v1/articles/%(slug)s/."
            )
            raise Conflict(message % {"key": repr(exc.key), "slug": exc.key}, code="already_exists") from exc

    def get_serializer_class(self):
        return ArticleSerializer if self.action == "list" else ArticleDetailSerializer
