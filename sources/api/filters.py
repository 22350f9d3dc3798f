import django_filters as filters

from core.api.references import id_named
from core.api.search import SearchFilter, SearchFilterSet
from sources.models import Article, Outlet
from sources.selectors import search_articles


class OutletFilter(filters.FilterSet):
    class Meta:
        model = Outlet
        fields = ["kind", "country"]


class ArticleFilter(SearchFilterSet):
    outlet = filters.CharFilter(method="filter_outlet", help_text="Outlet slug.")
    q = SearchFilter(
        search_articles, help_text="Searches titles, bodies (a body holds a term as words) and keys."
    )
    published_after = filters.DateFilter(field_name="published_on", lookup_expr="gte")
    published_before = filters.DateFilter(
        field_name="published_on",
        lookup_expr="lte",
        help_text="On or before (YYYY-MM-DD); earlier than `published_after` is a 400.",
    )

    ranges = (("published_after", "published_before"),)

    class Meta:
        model = Article
        fields = ["outlet", "language", "published_after", "published_before", "q"]

    def filter_outlet(self, queryset, name, value):
        outlet = id_named(Outlet, "slug", value)
        return queryset.none() if outlet is None else queryset.filter(outlet_id=outlet)
