"""Admin for outlets and articles, and the base every summit admin shares.

The article admin registered here knows nothing of statements (claims builds on sources,
never the reverse); claims/admin/articles.py extends it with the statements and the review page.
"""

import operator
from functools import reduce

from django.contrib import admin
from django.contrib.admin.utils import lookup_spawns_duplicates
from django.db import models
from django.utils.text import smart_split, unescape_string_literal
from simple_history.admin import SimpleHistoryAdmin

from sources.models import Article, Outlet
from summit.text import folded_contains


class CuratedAdmin(SimpleHistoryAdmin):
    """History pages for every record, and a search that ignores case and Vietnamese diacritics.

    Search compares `summit_fold(field)` with `summit_fold(term)`, so "dam phan" finds "đàm phán"
    and "Matxcova" finds "Matxcơva"; autocomplete widgets use this search too.
    """

    # Django 6 makes https the default for scheme-less URLs; say so now rather than warn.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_search_results(self, request, queryset, search_term):
        fields = [name.lstrip("^=@") for name in self.get_search_fields(request)]
        if not fields or not search_term.strip():
            return queryset, False
        # Each word (or "quoted phrase") must match some field, as in Django's own search.
        for bit in smart_split(search_term):
            if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
                bit = unescape_string_literal(bit)
            matches = [folded_contains(name, bit) for name in fields]
            queryset = queryset.filter(reduce(operator.or_, matches))
        return queryset, any(lookup_spawns_duplicates(self.opts, name) for name in fields)


@admin.register(Outlet)
class OutletAdmin(CuratedAdmin):
    list_display = ["name", "slug", "kind", "country"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    history_list_display = ["name", "kind"]


@admin.register(Article)
class ArticleAdmin(CuratedAdmin):
    list_display = ["title", "key", "outlet", "published_on", "language"]
    list_filter = ["outlet", "language", "published_on"]
    list_select_related = ["outlet"]
    search_fields = ["title", "key", "byline"]
    date_hierarchy = "published_on"
    readonly_fields = ["content_hash", "created_at", "updated_at"]
    autocomplete_fields = ["outlet"]
