from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from sources.api import reads
from sources.api.filters import ArticleFilter, OutletFilter
from sources.api.serializers import ArticleDetailSerializer, ArticleSerializer, OutletSerializer
from sources.models import Article, Outlet
from summit.api.conditional import ConditionalMixin
from summit.api.shapes import ShapedListMixin


@extend_schema_view(
    list=extend_schema(summary="List outlets"),
    retrieve=extend_schema(summary="Get an outlet"),
)
class OutletViewSet(ConditionalMixin, viewsets.ModelViewSet):
    """Newspapers, agencies, broadcasters and government channels that publish or relay."""

    queryset = Outlet.objects.order_by("name", "slug")
    serializer_class = OutletSerializer
    lookup_field = "slug"
    filterset_class = OutletFilter
    ordering_fields = ["name", "slug"]


@extend_schema_view(
    list=extend_schema(summary="List articles"),
    retrieve=extend_schema(summary="Get an article with its text"),
)
class ArticleViewSet(ShapedListMixin, ConditionalMixin, viewsets.ModelViewSet):
    """Published texts; the detail includes `body`, into which statement spans point."""

    queryset = Article.objects.select_related("outlet")
    lookup_field = "key"
    filterset_class = ArticleFilter
    ordering_fields = ["published_on", "key", "title"]

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(
            self.filter_queryset(reads.article_rows().order_by("published_on", "key"))
        )
        return self.get_paginated_response(reads.articles(page))

    def get_serializer_class(self):
        return ArticleSerializer if self.action == "list" else ArticleDetailSerializer
