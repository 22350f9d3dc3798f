"""The API's filter sets, and `q`: each model's one search (`core.search`), whose terms the
request's form checks, so a search too short is a 400 naming `q`."""

import django_filters as filters
from django import forms

from core.api.filtersets import FilterSet
from core.search import Search


class SearchField(forms.CharField):
    """A search's terms (a list; none when blank), checked by the model's `Search`."""

    def __init__(self, *, search: Search, **kwargs):
        self.search = search
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        return self.search.terms(text) if text else []


class SearchFilter(filters.CharFilter):
    """`q`: the rows the model's `Search` finds, as one condition the other filters, the
    ordering and the pagination compose with."""

    field_class = SearchField

    def __init__(self, search: Search, *, help_text: str, **kwargs):
        self.search = search
        super().__init__(search=search, help_text=f"{help_text} {search.rule}", **kwargs)

    def filter(self, qs, value):
        return qs.filter(self.search.match(value)) if value else qs


class SearchFilterSet(FilterSet):
    """A filter set with `q`, declared by each as a `SearchFilter`."""
