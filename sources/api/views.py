from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from sources.api.filters import ArticleFilter, OutletFilter
from sources.api.serializers import ArticleDetailSerializer, ArticleSerializer, OutletSerializer
from sources.models import Article, Outlet
from summit.api.conditional import ConditionalMixin


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
class ArticleViewSet(ConditionalMixin, viewsets.ModelViewSet):
    """Published texts; the detail includes `body`, into which statement spans point."""

    queryset = Article.objects.select_related("outlet").order_by("published_on", "key")
    lookup_field = "key"
    filterset_class = ArticleFilter
    ordering_fields = ["published_on", "key", "title"]

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset if self.action != "list" else queryset.defer("body")

    def get_serializer_class(self):
        return ArticleSerializer if self.action == "list" else ArticleDetailSerializer
