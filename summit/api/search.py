"""`q`: search that ignores case, diacritics, đ/d and Unicode normal form.

The query and the column are both folded by `summit_fold()` and matched with LIKE
(`summit.text.folded_contains`), on what the trigram GIN indexes are built on: the column's
stored fold for the summaries and quotes, the function's result for the short names.
"""

import django_filters as filters
from django import forms
from django.core.exceptions import ValidationError

from summit.api.filtersets import FilterSet
from summit.text import TRIGRAM, fold

# Fewer letters or digits in all give no trigram to look up (docs/performance.md, change 48).
MIN_SEARCH_LETTERS = TRIGRAM


class SearchTermField(forms.CharField):
    """A search term with at least `min_letters` letters or digits once folded (blank: no search).

    A trigram index finds the rows holding each three-letter run of a term; a shorter term (`my`,
    `?`) gives it nothing to look up, and a term found in few rows was then searched by folding
    every row: 19 s for `zq` on the claims at a million, 3.7 s on the statements."""

    def __init__(self, *, min_letters: int = 0, **kwargs):
        self.min_letters = min_letters
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value and sum(ch.isalnum() for ch in fold(value)) < self.min_letters:
            raise ValidationError(
                "Enter at least %(count)d letters or digits to search.",
                code="too_short",
                params={"count": self.min_letters},
            )


class SearchTermFilter(filters.CharFilter):
    field_class = SearchTermField


def long_search(help_text: str) -> SearchTermFilter:
    """`q` on a list that grows with the corpus: refused (400) below `MIN_SEARCH_LETTERS` letters or
    digits. The short lists (speakers, topics) take any term: a name may be one syllable ("Lý")."""
    return SearchTermFilter(
        method="filter_q",
        min_letters=MIN_SEARCH_LETTERS,
        help_text=f"{help_text} At least {MIN_SEARCH_LETTERS} letters or digits (a shorter term is a 400).",
    )


class SearchFilterSet(FilterSet):
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
