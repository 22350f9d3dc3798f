"""Admin for outlets and articles, and the base every summit admin shares.

The article admin registered here knows nothing of statements (claims builds on sources,
never the reverse); claims/admin/articles.py extends it with the statements and the review page.
"""

import functools

from django.contrib import admin, messages
from django.contrib.admin.views.main import SEARCH_VAR
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin.changelist import ArchiveChangeList
from core.admin.conflicts import EditConflictsInlineMixin, EditConflictsMixin
from core.admin.history import ReadableHistoryMixin
from core.admin.requests import CheckedAutocompleteMixin, MalformedRequestsMixin
from core.admin.search import CappedCountPaginator
from core.search import Search, in_fields
from sources.models import Article, Outlet
from sources.selectors import search_articles, search_outlets


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


class CuratedAdmin(
    EditConflictsMixin, MalformedRequestsMixin, NamedChoicesMixin, ReadableHistoryMixin, SimpleHistoryAdmin
):
    """History pages for every record (names, local times, whole values), change forms that stop a save over someone else's, and
    the model's one search (`search`, its selector: the API's `q` searches alike), which
    autocomplete widgets use too. An admin without one searches its `search_fields` by the same
    rule. A searched list counts its rows up to a cap (`CappedCountPaginator`).
    """

    # Django 6 makes https the default for scheme-less URLs; say so now rather than warn.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    search_help_text = _(
        "Every word must occur in a searched field; case and accents are ignored (dam phan finds "
        'đàm phán). Put a phrase in quotes to match it as written: "Lý Minh". A key matches whole.'
    )
    search: Search | None = None

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        # The history page shows, for a column of `history_list_display`, what an admin attribute
        # of that name gives a record (django-simple-history): a choice's label, not its value.
        for name in self.history_list_display:
            field = next((f for f in model._meta.fields if f.name == name), None)
            if field is not None and field.choices and not hasattr(self, name):
                setattr(self, name, functools.partial(choice_label, name=name))

    class Media:
        css = {"all": ["core/admin-lists.css"]}

    def get_search_results(self, request, queryset, search_term):
        search = self.search or in_fields(*self.get_search_fields(request))
        try:
            condition = search(search_term)
        except ValidationError as error:
            if request.GET.get(SEARCH_VAR, "").strip():  # not an autocomplete's: a page shows it
                self.message_user(request, " ".join(error.messages), messages.WARNING)
            return queryset.none(), False
        return (queryset, False) if condition is None else (queryset.filter(condition), False)

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        """A searched list (or an autocomplete's choices) counts its rows up to a cap."""
        if request.GET.get(SEARCH_VAR, "").strip() or request.GET.get("term", "").strip():
            return CappedCountPaginator(queryset, per_page, orphans, allow_empty_first_page)
        return self.paginator(queryset, per_page, orphans, allow_empty_first_page)

    def get_changelist(self, request, **kwargs):
        return ArchiveChangeList


def choice_label(record, *, name: str) -> str:
    return str(getattr(record, f"get_{name}_display")())


@admin.register(Outlet)
class OutletAdmin(CuratedAdmin):
    list_display = ["name", "slug", "kind", "country"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "slug"]
    search = search_outlets
    prepopulated_fields = {"slug": ["name"]}
    history_list_display = ["name", "kind"]


@admin.register(Article)
class ArticleAdmin(CuratedAdmin):
    list_display = ["title", "key", "outlet", "published_on", "language"]
    list_filter = ["outlet", "language", "published_on"]
    list_select_related = ["outlet"]
    search_fields = ["title", "=key", "body"]
    search = search_articles
    date_hierarchy = "published_on"
    readonly_fields = ["content_hash", "created_at", "updated_at"]
    autocomplete_fields = ["outlet"]
