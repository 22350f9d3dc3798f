"""Contradictions: suspected by detection or a fact-checker, then confirmed or dismissed with a note.

The review queue (the suspected ones) is grouped by topic: the topic is the first column, and the
list is ordered by it, newest first within a topic, unless another order is chosen.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.views.main import ORDER_VAR
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from claims.admin.actions import ContradictionActions
from claims.admin.base import ReviewedAdmin
from claims.admin.forms import ContradictionForm
from claims.admin.notes import NOTES_FIELDSET, ThreadMixin
from claims.models import Contradiction
from claims.selectors import search_contradictions
from claims.services.review import review_contradiction
from core.admin.filters import ChosenOnlyFilter
from core.bilingual import in_language, other_language


@admin.register(Contradiction)
class ContradictionAdmin(ThreadMixin, ContradictionActions, ReviewedAdmin):
    form = ContradictionForm
    list_display = ["topic", "id", "kind", "status", "claim_a", "claim_b", "detected_by", "reviewed_by"]
    list_display_links = ["id"]
    list_filter = ["status", "kind", "detected_by", ("claim_a__topic", ChosenOnlyFilter)]
    list_select_related = [
        "claim_a__speaker", "claim_a__topic", "claim_b__speaker", "claim_b__topic", "reviewed_by",
    ]  # fmt: skip
    search_fields = [
        "notes__text",
        "claim_a__summary",
        "claim_b__summary",
        "claim_a__speaker__name",
        "claim_b__speaker__name",
        "claim_a__topic__name",
        "claim_b__topic__name",
    ]
    search = search_contradictions
    autocomplete_fields = ["claim_a", "claim_b", "statement_a", "statement_b"]
    fieldsets = [
        (None, {"fields": ["kind", "claim_a", "claim_b", "summaries", "statement_a", "statement_b"]}),
        (_("Review"), {"fields": ["status", "detected_by", "reviewed_by", "reviewed_at"]}),
        NOTES_FIELDSET,
        (_("Record"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]
    readonly_fields = ["summaries", "thread", "reviewed_by", "reviewed_at", "created_at", "updated_at"]
    actions = ["confirm_selected", "dismiss_selected"]
    history_list_display = ["status"]

    def review(self, obj, user) -> None:
        review_contradiction(obj, obj.status, user)  # the form's note is added by save_model

    def get_ordering(self, request):
        # The review queue by topic: a reviewer weighs the suggestions of one topic together. A
        # column chosen to sort by orders alone, read in its index's order.
        if ORDER_VAR in request.GET:
            return ()
        return ["claim_a__topic__name", "-id"]

    @admin.display(description=_("topic"), ordering="claim_a__topic__name")
    def topic(self, obj: Contradiction):
        return obj.claim_a.topic.local_name

    @admin.display(description=_("What each claim says"))
    def summaries(self, obj: Contradiction):
        # Each summary in the interface language, the other language's below it.
        if not obj.pk:
            return "—"
        claims = [obj.claim_a, obj.claim_b]
        return format_html_join(
            "",
            "<p><strong>{}</strong> ({}): {}{}</p>",
            (
                (c.speaker, c.get_stance_display(), in_language(c.summary_vi, c.summary), _other(c))
                for c in claims
            ),
        )


def _other(claim) -> str:
    other = other_language(claim.summary_vi, claim.summary)
    return format_html('<br><span class="quiet">{}</span>', other) if other else ""
