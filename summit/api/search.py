"""`q`: search that ignores case, diacritics, đ/d and Unicode normal form.

The query is folded in Python (`summit.text.fold`) and matched with LIKE against
`summit_fold(column)`, the expression the trigram GIN indexes are built on.
"""

import copy

import django_filters as filters
from django.db.models import Q
from django.db.models.lookups import Contains

from summit.text import Fold, fold

MIN_QUERY_LENGTH = 1


def folded_contains(field: str, value: str) -> Q:
    return Q(Contains(Fold(field), fold(value)))


class LeanFilterSet(filters.FilterSet):
    """A filter set that costs nothing when the request names none of its filters.

    DRF filters the queryset of detail routes and unfiltered lists too; django-filter would
    deep-copy every filter and build and validate a form each time (about 1 ms a request,
    measured by `manage.py bench`). With no filter given the queryset is returned as is,
    which is what the form would have produced; the copy is made only if something asks.
    """

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        # Prefixes too, conservatively: range filters read `<name>_min`, `<name>_after`...
        self.idle = (
            data is not None
            and prefix is None
            and not any(key.startswith(name) for key in data for name in self.base_filters)
        )
        if not self.idle:
            super().__init__(data, queryset, request=request, prefix=prefix)
            return
        self.is_bound, self.data, self.request, self.form_prefix = True, data, request, prefix
        self.queryset = queryset if queryset is not None else self._meta.model._default_manager.all()

    def __getattr__(self, name):
        if name != "filters":
            raise AttributeError(name)
        # An idle filter set asked for its filters (a browsable form, a schema): copy them now.
        self.filters = copy.deepcopy(self.base_filters)
        for filter_ in self.filters.values():
            filter_.model, filter_.parent = self.queryset.model, self
        return self.filters

    def is_valid(self):
        return True if self.idle else super().is_valid()

    @property
    def qs(self):
        return self.queryset.all() if self.idle else super().qs


class SearchFilterSet(LeanFilterSet):
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
