"""The article admin with what only claims knows: the statements found in it and its review page.

sources/admin.py registers articles without statements (sources never imports claims); this
module replaces that registration with a subclass, which works because claims comes after
sources in INSTALLED_APPS and admin autodiscovery imports admin modules in that order.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from claims.admin.base import InlineCreatorMixin
from claims.admin.highlight import Span, highlight
from claims.admin.statements import ArticleStatementInline
from claims.choices import ContradictionStatus, ReviewStatus
from claims.models import Contradiction, Statement
from claims.services.admin_review import review_each
from claims.services.spans import check_span
from sources import admin as sources_admin
from sources.models import Article

REVIEW_TEMPLATE = "admin/claims/article_review.html"
DECISIONS = {ReviewStatus.VERIFIED: "Confirmed", ReviewStatus.REJECTED: "Rejected"}


class DecisionForm(forms.Form):
    """One button on the review page: confirm or reject one candidate statement."""

    statement = forms.IntegerField()
    decision = forms.ChoiceField(choices=[(status.value, label) for status, label in DECISIONS.items()])


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
        review = path(
            "<path:object_id>/review/",
            self.admin_site.admin_view(self.review_view),
            name="sources_article_review",
        )
        return [review, *super().get_urls()]

    def review_view(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No article with this id.")
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        if request.method == "POST":
            return self._decide(request, article)
        return TemplateResponse(request, REVIEW_TEMPLATE, self._review_context(request, article))

    def _decide(self, request, article: Article):
        if not request.user.has_perm("claims.change_statement"):
            raise PermissionDenied
        back = HttpResponseRedirect(reverse("admin:sources_article_review", args=[article.pk]))
        form = DecisionForm(request.POST)
        statement = None
        if form.is_valid():
            statement = article.statements.filter(pk=form.cleaned_data["statement"]).first()
        if statement is None:
            messages.error(request, "No such statement in this article.")
            return back
        if statement.status != ReviewStatus.CANDIDATE:
            # The page was stale: someone reviewed it since. Their decision stands.
            messages.warning(
                request, f"Statement {statement.pk} was already {statement.get_status_display().lower()}."
            )
            return back
        decision = form.cleaned_data["decision"]
        done = DECISIONS[decision]
        review_each([statement], decision, request.user, reason=f"{done} on the article's review page")
        messages.success(request, f"Statement {statement.pk} ({statement}) {done.lower()}.")
        return back

    def _review_context(self, request, article: Article) -> dict:
        statements = list(
            article.statements.select_related("claim__speaker", "claim__topic", "created_by", "reviewed_by")
            .prefetch_related("via__outlet", "via__speaker")
            .order_by("start", "-end", "id")
        )
        placed, misplaced = _split_by_span(article.body, statements)
        spans = [
            Span(
                s.pk, s.start, s.end, s.status, title=f"#{s.pk} {s.claim.speaker} · {s.get_status_display()}"
            )
            for s in placed
        ]
        claim_ids = {s.claim_id for s in statements}
        suspected = (
            Contradiction.objects.filter(Q(claim_a__in=claim_ids) | Q(claim_b__in=claim_ids))
            .filter(status=ContradictionStatus.SUSPECTED)
            .select_related("claim_a__speaker", "claim_b__speaker")
            .order_by("id")
        )
        return {
            **self.admin_site.each_context(request),
            "title": f"Review: {article}",
            "opts": self.opts,
            "article": article,
            "body_html": highlight(article.body, spans),
            "candidates": [s for s in statements if s.status == ReviewStatus.CANDIDATE],
            "reviewed": [s for s in statements if s.status != ReviewStatus.CANDIDATE],
            "misplaced": misplaced,
            "suspected": suspected,
            "can_review": request.user.has_perm("claims.change_statement"),
        }


def _split_by_span(body: str, statements: list[Statement]) -> tuple[list[Statement], list[Statement]]:
    """Statements whose quote is at their span, and those that are not (the body changed under them)."""
    placed, misplaced = [], []
    for statement in statements:
        try:
            check_span(body, statement.quote, statement.start, statement.end)
        except ValidationError:
            misplaced.append(statement)
        else:
            placed.append(statement)
    return placed, misplaced
