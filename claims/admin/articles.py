"""The article admin with what only claims knows: the statements found in it and its review page.

sources/admin.py registers articles without statements (sources never imports claims); this
module replaces that registration with a subclass, which works because claims comes after
sources in INSTALLED_APPS and admin autodiscovery imports admin modules in that order.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from claims.admin.base import InlineCreatorMixin
from claims.admin.review_page import ReviewPage, speaker_claims
from claims.admin.statements import ArticleStatementInline
from claims.choices import ReviewStatus
from claims.models import Statement
from sources import admin as sources_admin
from sources.models import Article

admin.site.unregister(Article)


@admin.register(Article)
class ArticleAdmin(InlineCreatorMixin, sources_admin.ArticleAdmin):
    inlines = [ArticleStatementInline]
    change_form_template = "admin/claims/article_change_form.html"
    list_display = [*sources_admin.ArticleAdmin.list_display, "candidates", "review_link"]

    def get_queryset(self, request):
        # A subquery rather than Count(): a GROUP BY would drop Meta.ordering (autocomplete pages).
        candidates = (
            Statement.objects.filter(article=OuterRef("pk"), status=ReviewStatus.CANDIDATE)
            .order_by()
            .values("article")
            .annotate(n=Count("id"))
            .values("n")
        )
        return super().get_queryset(request).annotate(candidate_count=Coalesce(Subquery(candidates), 0))

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        # As in the API: once statements point into the text, the text cannot change.
        if obj is not None and obj.statements.exists():
            fields.append("body")
        return fields

    @admin.display(description=_("Candidates"), ordering="candidate_count")
    def candidates(self, obj: Article) -> int:
        return obj.candidate_count  # type: ignore[attr-defined]

    @admin.display(description=_("Review"))
    def review_link(self, obj: Article):
        url = reverse("admin:sources_article_review", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Review"))

    def get_urls(self):
        review = [
            path(
                "<path:object_id>/review/claims/",
                self.admin_site.admin_view(self.speaker_claims_view),
                name="sources_article_review_claims",
            ),
            path(
                "<path:object_id>/review/",
                self.admin_site.admin_view(self.review_view),
                name="sources_article_review",
            ),
        ]
        return [*review, *super().get_urls()]

    def reviewed_article(self, request, object_id) -> Article:
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404(_("No article with this id."))
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        return article

    def review_view(self, request, object_id):
        """The article's text with its statements marked, to review them and add more."""
        page = ReviewPage(self, request, self.reviewed_article(request, object_id))
        return page.post() if request.method == "POST" else page.get()

    def speaker_claims_view(self, request, object_id):
        return speaker_claims(request, self.reviewed_article(request, object_id))
