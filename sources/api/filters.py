import django_filters as filters
from django.contrib.postgres.search import SearchQuery
from django.db.models import Q, Value

from sources.models import Article, Outlet
from summit.api.references import id_named
from summit.api.search import SearchFilterSet, long_search
from summit.text import Fold, folded_contains, nfc

# The most matches of an article search listed as constants (ArticleFilter.search).
PROBED_ARTICLES = 300


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

    ranges = (("published_after", "published_before"),)

    class Meta:
        model = Article
        fields = ["outlet", "language", "published_after", "published_before", "q"]

    def filter_outlet(self, queryset, name, value):
        outlet = id_named(Outlet, "slug", value)
        return queryset.none() if outlet is None else queryset.filter(outlet_id=outlet)

    def search(self, queryset, value):
        # The title as a substring, like every other `q`; the body by its words (all of them, in
        # any order): a substring search cannot use an index over long texts (Article.body_words).
        in_title = folded_contains("title", value)
        in_body = Q(body_words=SearchQuery(Fold(Value(nfc(value))), config="simple"))
        # PostgreSQL takes a word missing from its sample of the bodies for one in 200 articles
        # and walks the list testing each body's words, read from their TOAST table: 1.2 s at
        # 100 000 articles for a word found nowhere. Up to PROBED_ARTICLES matches are read from
        # the indexes first and listed as constants; a commoner word is met early in the walk.
        # The two ways are probed one after the other, not OR-ed: then every title the trigrams
        # could not rule out had its body's words read too (0.44 s for `ng ng ng`, 54 000 titles,
        # against 0.05 s). The bodies come first: a common word fills the probe from them alone,
        # and the titles are not read. Titles are taken only from the articles whose bodies do
        # not match, so no article is counted twice: fewer rows than the limit are every match.
        probes = [
            Article.objects.filter(way).order_by().values_list("id", flat=True)[: PROBED_ARTICLES + 1]
            for way in (in_body, in_title & ~in_body)
        ]
        found = list(probes[0].union(probes[1], all=True)[: PROBED_ARTICLES + 1])
        if len(found) <= PROBED_ARTICLES:
            return queryset.filter(id__in=found)
        return queryset.filter(in_title | in_body)
