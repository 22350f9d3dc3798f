"""Contradictions: suspected by detection or a fact-checker, then confirmed or dismissed with a note."""

from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from claims.admin.actions import ContradictionActions
from claims.admin.base import ReviewedAdmin
from claims.admin.forms import ContradictionForm
from claims.models import Contradiction
from claims.selectors import search_contradictions
from claims.services.review import review_contradiction
from core.admin.filters import ChosenOnlyFilter
from core.bilingual import in_language, other_language


@admin.register(Contradiction)
class ContradictionAdmin(ContradictionActions, ReviewedAdmin):
    form = ContradictionForm
    list_display = ["id", "kind", "status", "claim_a", "claim_b", "detected_by", "reviewed_by"]
    list_filter = ["status", "kind", "detected_by", ("claim_a__topic", ChosenOnlyFilter)]
    list_select_related = [
        "claim_a__speaker", "claim_a__topic", "claim_b__speaker", "claim_b__topic", "reviewed_by",
    ]  # fmt: skip
    search_fields = [
        "note",
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
        (_("Review"), {"fields": ["status", "note", "detected_by", "reviewed_by", "reviewed_at"]}),
        (_("Record"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]
    readonly_fields = ["summaries", "reviewed_by", "reviewed_at", "created_at", "updated_at"]
    actions = ["confirm_selected", "dismiss_selected"]
    history_list_display = ["status", "note"]

    def review(self, obj, user) -> None:
        review_contradiction(obj, obj.status, user)  # the note is already on obj, from the form

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
