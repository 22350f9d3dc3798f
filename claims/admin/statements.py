"""Statements: their admin, the inlines that enter them in an article or a claim, their chain."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from claims.admin.actions import ReviewActions
from claims.admin.base import STAMPS, ReviewedAdmin, status_with_reviewer
from claims.admin.forms import StatementForm
from claims.admin.notes import NOTES_FIELDSET, ThreadMixin
from claims.models import Statement, StatementVia
from claims.selectors import search_statements
from core.admin.filters import ChosenOnlyFilter
from sources.admin import CuratedAdmin, CuratedInline

# An inline shows the review state but does not change it: reviewing goes through the
# review page and the actions, which stamp the reviewer. Who entered and who reviewed a
# statement are on its own page: an inline with them was wider than a 1366 px screen.
INLINE_READONLY = ["status"]


class StatementInline(CuratedInline):
    """A table of statements that fits a 1366 px screen (claims/static/claims/lists.css)."""

    model = Statement
    form = StatementForm
    extra = 0
    readonly_fields = INLINE_READONLY
    show_change_link = True

    class Media:
        css = {"all": ["claims/lists.css"]}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "quote":
            field.widget.attrs.update(rows=3, cols=40)
        return field


class ViaInline(CuratedInline):
    model = StatementVia
    extra = 0
    autocomplete_fields = ["outlet", "speaker"]


class ArticleStatementInline(StatementInline):
    """The statements found in an article, entered with the article's own body."""

    fields = ["claim", "quote", "start", "end", "mode", *INLINE_READONLY]
    autocomplete_fields = ["claim"]

    def get_queryset(self, request):
        related = ["claim__speaker", "claim__topic"]
        return super().get_queryset(request).select_related(*related).order_by("start", "id")


class ClaimStatementInline(StatementInline):
    """Every appearance of a claim, in whichever article."""

    fields = ["article", "quote", "start", "end", "mode", *INLINE_READONLY]
    autocomplete_fields = ["article"]

    def get_queryset(self, request):
        related = ["article"]
        return super().get_queryset(request).select_related(*related).order_by("article__published_on", "id")


@admin.register(Statement)
class StatementAdmin(ThreadMixin, ReviewActions, ReviewedAdmin):
    form = StatementForm
    # Columns that fit beside the filter sidebar at 1366 px (core/static/core/admin-lists.css):
    # the reviewer is shown under the status.
    list_display = ["id", "__str__", "speaker", "article", "mode", "status_shown", "created_by"]
    list_display_links = ["id", "__str__"]
    # The statement's own copy of its claim's speaker: filtered by its (speaker, id) index.
    list_filter = ["status", "mode", "article__outlet", ("speaker", ChosenOnlyFilter)]
    list_select_related = ["speaker", "article", "created_by", "reviewed_by"]
    search_fields = [
        "quote",
        "claim__summary",
        "claim__speaker__name",
        "claim__speaker__aliases__name",
        "article__title",
        "=article__key",
    ]
    search = search_statements
    autocomplete_fields = ["claim", "article"]
    fieldsets = [
        (None, {"fields": ["claim", "article", "quote", "start", "end", "mode", "in_article"]}),
        (_("Review"), {"fields": ["status", *STAMPS]}),
        NOTES_FIELDSET,
    ]
    readonly_fields = [*STAMPS, "in_article", "thread"]
    actions = ["verify_selected", "reject_selected"]
    inlines = [ViaInline]
    history_list_display = ["status"]

    @admin.display(description=_("status"), ordering="status")
    def status_shown(self, obj: Statement):
        return status_with_reviewer(obj)

    @admin.display(description=_("On the review page"))
    def in_article(self, obj: Statement):
        if not obj.pk:
            return "—"
        url = reverse("admin:sources_article_review", args=[obj.article_id])
        return format_html('<a href="{}#statement-{}">{}</a>', url, obj.pk, obj.article)


@admin.register(StatementVia)
class StatementViaAdmin(CuratedAdmin):
    """Chains are edited inline in their statement; this list answers "what came through TASS?"."""

    list_display = ["statement", "position", "outlet", "speaker"]
    # Every outlet (a few dozen); finding those with links read all 1.3 million links.
    list_filter = ["outlet", ("speaker", ChosenOnlyFilter)]
    show_full_result_count = False  # as ReviewedAdmin's
    list_select_related = ["statement", "outlet", "speaker"]
    search_fields = ["statement__quote", "outlet__name", "speaker__name"]
    autocomplete_fields = ["statement", "outlet", "speaker"]
