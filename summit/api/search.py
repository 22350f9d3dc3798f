"""`q`: search that ignores case, diacritics, đ/d and Unicode normal form.

The query is folded in Python (`summit.text.fold`) and matched with LIKE against
`summit_fold(column)`, the expression the trigram GIN indexes are built on.
"""

import django_filters as filters
from django.db.models import Q
from django.db.models.lookups import Contains

from summit.text import Fold, fold

MIN_QUERY_LENGTH = 1


def folded_contains(field: str, value: str) -> Q:
    return Q(Contains(Fold(field), fold(value)))


class SearchFilterSet(filters.FilterSet):
    q = filters.CharFilter(
        method="filter_q",
        help_text="Search ignoring case, diacritics and đ/d: `dam phan` finds `đàm phán`.",
    )

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return self.search(queryset, value)

    def search(self, queryset, value):  # pragma: no cover - each filter set says what it searches
        raise NotImplementedError
