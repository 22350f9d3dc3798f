"""Admin for outlets and articles, and the base every summit admin shares.

The article admin registered here knows nothing of statements (claims builds on sources,
never the reverse); claims/admin/articles.py extends it with the statements and the review page.
"""

from django.contrib import admin, messages
from django.contrib.admin.views.main import PAGE_VAR, SEARCH_VAR
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from sources.models import Article, Outlet
from summit.admin_changelist import ArchiveChangeList
from summit.admin_conflicts import EditConflictsInlineMixin, EditConflictsMixin
from summit.admin_requests import CheckedAutocompleteMixin, MalformedRequestsMixin
from summit.admin_search import CappedCountPaginator, ShortWordsTooSlow, asked_page, search

SHORT_WORDS_MESSAGE = (
    "No word of this search has three letters or digits, and too few rows matched it to list "
    'them in time. Add a longer word, or put a name in quotes ("Lý Minh").'
)


class NamedChoicesMixin:
    """Related choices read with what names them: a chosen claim is labelled by its speaker and
    topic (`Claim.__str__`), which its admin declares in `named_by`. Without it an autocomplete
    widget read the claim, then its speaker, then its topic: three queries per inline row."""

    def get_field_queryset(self, db, db_field, request):
        queryset = super().get_field_queryset(db, db_field, request)
        model = db_field.remote_field.model
        site = self.admin_site
        named_by = getattr(site.get_model_admin(model), "named_by", ()) if site.is_registered(model) else ()
        if not named_by:
            return queryset
        return (queryset if queryset is not None else model._default_manager.using(db)).select_related(
            *named_by
        )


class CuratedInline(
    EditConflictsInlineMixin, CheckedAutocompleteMixin, NamedChoicesMixin, admin.TabularInline
):
    """The inlines' share of `CuratedAdmin`: rows checked for edit conflicts, checked
    autocompletes, choices read with their names."""


class CuratedAdmin(EditConflictsMixin, MalformedRequestsMixin, NamedChoicesMixin, SimpleHistoryAdmin):
    """History pages for every record, change forms that stop a save over someone else's, and a
    search that ignores case and Vietnamese diacritics.

    Search compares `summit_fold(field)` with `summit_fold(term)`, so "dam phan" finds "đàm phán"
    and "Matxcova" finds "Matxcơva"; autocomplete widgets use this search too. A field named
    with "=" (a key) matches the whole word exactly, from its unique index. How each word is
    looked up at an archive's scale, and why a searched list counts only so far:
    `summit/admin_search.py`.
    """

    # Django 6 makes https the default for scheme-less URLs; say so now rather than warn.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    search_help_text = (
        "Every word must match a field; case and accents are ignored (dam phan finds đàm phán). "
        'Put a name or a phrase in quotes to match it whole: "Lý Minh".'
    )

    def get_search_results(self, request, queryset, search_term):
        fields = self.get_search_fields(request)
        if not fields or not search_term.strip():
            return queryset, False
        if "\x00" in search_term:  # no stored text holds NUL, and PostgreSQL cannot compare it
            return queryset.none(), False
        try:
            return search(queryset, fields, search_term), False
        except ShortWordsTooSlow:
            if request.GET.get(SEARCH_VAR, "").strip():  # not an autocomplete's: a page shows it
                self.message_user(request, SHORT_WORDS_MESSAGE, messages.WARNING)
            return queryset.none(), False

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        """A searched list (or an autocomplete's choices) counts its rows up to a cap, in
        limited time; the page it is asked for is read instead if counting takes too long."""
        if request.GET.get(SEARCH_VAR, "").strip():
            number = asked_page(request.GET.get(PAGE_VAR))
        elif request.GET.get("term", "").strip():  # an autocomplete's
            number = asked_page(request.GET.get("page"))
        else:
            return self.paginator(queryset, per_page, orphans, allow_empty_first_page)
        return CappedCountPaginator(queryset, per_page, orphans, allow_empty_first_page, number=number)

    def get_changelist(self, request, **kwargs):
        return ArchiveChangeList


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
    search_fields = ["title", "=key", "byline"]
    date_hierarchy = "published_on"
    readonly_fields = ["content_hash", "created_at", "updated_at"]
    autocomplete_fields = ["outlet"]
