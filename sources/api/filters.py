import django_filters as filters
from django.contrib.postgres.search import SearchQuery
from django.db.models import Q, Value

from sources.models import Article, Outlet
from summit.api.search import SearchFilterSet, long_search
from summit.text import Fold, folded_contains, nfc


class OutletFilter(filters.FilterSet):
    class Meta:
        model = Outlet
        fields = ["kind", "country"]


class ArticleFilter(SearchFilterSet):
    outlet = filters.CharFilter(method="filter_outlet", help_text="Outlet slug.")
    q = long_search(
        "Titles containing the text, or bodies containing all its words (in any order), "
        "ignoring case, diacritics and đ/d."
    )
    published_after = filters.DateFilter(field_name="published_on", lookup_expr="gte")
    published_before = filters.DateFilter(
        field_name="published_on",
        lookup_expr="lte",
        help_text="On or before (YYYY-MM-DD); earlier than `published_after` is a 400.",
    )

    # Not `outlet` (its id is read first) or `q`.
    parameter_filters = ("language", "published_after", "published_before")
    ranges = (("published_after", "published_before"),)

    class Meta:
        model = Article
        fields = ["outlet", "language", "published_after", "published_before", "q"]

    def filter_outlet(self, queryset, name, value):
        outlet = self.id_named(Outlet, "slug", value)
        return queryset.none() if outlet is None else queryset.filter(outlet_id=outlet)

    def search(self, queryset, value):
        # The title as a substring, like every other `q`; the body by its words (all of them, in
        # any order): a substring search cannot use an index over long texts (Article.body_words).
        words = SearchQuery(Fold(Value(nfc(value))), config="simple")
        return queryset.filter(folded_contains("title", value) | Q(body_words=words))
