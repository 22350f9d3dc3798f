import django_filters as filters

from sources.models import Article, Outlet
from summit.api.references import names_a_row
from summit.api.search import SearchFilterSet
from summit.text import folded_contains


class OutletFilter(filters.FilterSet):
    class Meta:
        model = Outlet
        fields = ["kind", "country"]


class ArticleFilter(SearchFilterSet):
    outlet = filters.CharFilter(method="filter_outlet", help_text="Outlet slug.")
    published_after = filters.DateFilter(field_name="published_on", lookup_expr="gte")
    published_before = filters.DateFilter(field_name="published_on", lookup_expr="lte")

    class Meta:
        model = Article
        fields = ["outlet", "language", "published_after", "published_before", "q"]

    def filter_outlet(self, queryset, name, value):
        return queryset.filter(names_a_row(Outlet, "slug", value), outlet__slug=value)

    def search(self, queryset, value):
        return queryset.filter(folded_contains("title", value) | folded_contains("body", value))
