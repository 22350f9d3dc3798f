"""The one search rule of the API's `q` and the admin's search box.

A search is split into terms: words, and "quoted phrases" taken whole. Every term must occur,
folded by `summit_fold()` (case, diacritics, đ/d), in one of the model's searched fields; a term
equal to a key matches that row. Each model's `Search` (in its app's `selectors.py`) names its
fields and the shortest search it takes; the API and the admin both call it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import IntegerField, Q, QuerySet, Value
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext

from core.text import fold, folded_contains, nfc

# A long list (claims, statements, articles, contradictions) takes a search only if one of its
# terms has this many letters or digits: pg_trgm indexes runs of three characters, and a search
# of shorter terms only gives its indexes nothing to look up, so it would read the whole table.
# Shorter terms beside such a term are still required. The short lists take any term.
MIN_LETTERS = 3

# The most related rows (the speakers a word names) a search lists as ids: see `RelatedIds`.
LISTED_IDS = 1_000
RULE = 'Every word must occur in a searched field (a "quoted phrase" as written), ignoring case, diacritics and đ/d.'


def letters(term: str) -> int:
    return sum(ch.isalnum() for ch in fold(term))


def split_terms(text: str) -> list[str]:
    """The terms of `text`: its words, a "quoted phrase" as one term (NFC, quotes removed)."""
    terms = []
    for bit in smart_split(nfc(text).replace("\x00", "")):
        if bit[0] in "\"'" and bit[0] == bit[-1] and len(bit) > 1:
            bit = unescape_string_literal(bit).strip()
        if bit:
            terms.append(bit)
    return terms


@dataclass(frozen=True)
class Search:
    """A model's search: `match` turns the terms into one condition on the model's rows, and a
    search is refused unless one term has `min_letters` letters or digits."""

    match: Callable[[list[str]], Q]
    min_letters: int = MIN_LETTERS

    @property
    def rule(self) -> str:
        if self.min_letters <= 1:
            return RULE
        return f"{RULE} One word needs at least {self.min_letters} letters or digits."

    def terms(self, text: str) -> list[str]:
        """The terms of `text` (none: no search). Raises ValidationError (`too_short`) when no
        term has `min_letters` letters or digits."""
        terms = split_terms(text)
        if terms and max(letters(term) for term in terms) < self.min_letters:
            raise ValidationError(
                gettext("Enter a word of at least %(count)d letters or digits to search."),
                code="too_short",
                params={"count": self.min_letters},
            )
        return terms

    def __call__(self, text: str) -> Q | None:
        """The condition for `text`, or None when it holds no term."""
        terms = self.terms(text)
        return self.match(terms) if terms else None


def in_fields(*fields: str, min_letters: int = MIN_LETTERS) -> Search:
    """A search of fields of the model or of its single-valued relations: each term occurs in
    one of `fields` ("=field": equals it)."""

    def match(terms: list[str]) -> Q:
        return all_of(any_of(term_in(field, term) for field in fields) for term in terms)

    return Search(match, min_letters)


def term_in(field: str, term: str) -> Q:
    if field.startswith("="):
        return Q(**{field[1:]: term})
    return folded_contains(field, term)


def any_of(conditions) -> Q:
    found = Q()
    for condition in conditions:
        found |= condition
    return found


def all_of(conditions) -> Q:
    found = Q()
    for condition in conditions:
        found &= condition
    return found


class RelatedIds:
    """The ids of the related rows each term names (the speakers a word names), read in one
    query for all the terms, so that the search gives them as a list the related column's index
    answers, with the planner knowing how many they are.

    `add(term, (queryset, column), ...)` registers a term's related rows and returns a key; after
    `read()`, `condition(key, field, otherwise=...)` is `field IN (their ids)`. A term of fewer
    than `MIN_LETTERS` letters or digits has no index to look its rows up in, and one naming
    more than `LISTED_IDS` rows is common: for both the search takes `otherwise`, a condition
    tested on each row a page reads (through a join).
    """

    def __init__(self):
        self.arms: list[tuple[int, QuerySet, str]] = []
        self.found: dict[int, set] = {}
        self.unlisted: set[int] = set()

    def add(self, term: str, *arms: tuple[QuerySet, str]) -> int:
        key = len(self.found)
        self.found[key] = set()
        if letters(term) < MIN_LETTERS:
            self.unlisted.add(key)
        else:
            self.arms.extend((key, queryset.order_by(), column) for queryset, column in arms)
        return key

    def read(self) -> None:
        if not self.arms:
            return
        first, *others = [
            queryset.values_list(Value(key, IntegerField()), column)[: LISTED_IDS + 1]
            for key, queryset, column in self.arms
        ]
        counts: dict[int, int] = {}
        for key, pk in first.union(*others, all=True) if others else first:
            self.found[key].add(pk)
            counts[key] = counts.get(key, 0) + 1
        self.unlisted |= {key for key, count in counts.items() if count > LISTED_IDS}

    def condition(self, key: int, field: str, *, otherwise: Q) -> Q:
        if key in self.unlisted:
            return otherwise
        # No id: `IN ()` matches nothing, and Django leaves it out of an OR.
        return Q(**{f"{field}__in": sorted(self.found[key])})
