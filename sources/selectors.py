"""Each sources model's one search, used by the API's `q` and the admin's search box alike
(the rule is `core.search`'s)."""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery
from django.db.models import Q, Value

from core.search import Search, all_of, in_fields
from core.text import Fold, folded_contains


def in_body(term: str) -> Q:
    """The body holds `term` as words, in that order (`Article.body_words`). A long text is
    searched by its words: a trigram index finds the common syllables in nearly every body."""
    return Q(body_words=SearchQuery(Fold(Value(term)), config="simple", search_type="phrase"))


def articles_matching(terms: list[str]) -> Q:
    """Each term in the title, the body (as words) or as the whole key."""
    return all_of(folded_contains("title", term) | in_body(term) | Q(key=term) for term in terms)


search_articles = Search(articles_matching)
search_outlets = in_fields("name", "slug", min_letters=1)
