"""Suggested claims: a new statement that may report an existing claim, for the fact-checker to
accept (the statement moves to that claim) or keep separate, from the list, the suggestion's own
form, or the claim's page."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from claims.choices import SuggestionDecision
from claims.models import ClaimSuggestion
from claims.services.matching import accept_suggestion, keep_separate
from sources.admin import CuratedAdmin

DECIDED = ["decided_by", "decided_at"]
# What the fact-checker decides between; "pending" is what nobody decided yet.
DECISIONS = {
    SuggestionDecision.ACCEPTED: (
        accept_suggestion,
        _("Suggestion accepted: the statement moved to the claim"),
    ),
    SuggestionDecision.SEPARATE: (keep_separate, _("Kept separate from the suggested claim")),
}


def claim_link(claim):
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    return format_html('<a href="{}">{}</a>', url, claim)


def decide(request, suggestion: ClaimSuggestion, decision: str) -> bool:
    """Apply `decision` through its service, in the admin's Recent actions; False, with the
    reason shown, when it cannot be applied."""
    service, reason = DECISIONS[SuggestionDecision(decision)]
    try:
        service(suggestion, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    LogEntry.objects.log_actions(request.user.pk, [suggestion], CHANGE, change_message=str(reason))
    return True


class SuggestionColumns:
    """The suggested claim and the similarity, as the list and a claim's inline show them."""

    @admin.display(description=_("suggested claim"))
    def suggested(self, suggestion):
        return claim_link(suggestion.suggested_claim)

    @admin.display(description=_("similarity"))
    def similarity(self, suggestion):
        return f"{suggestion.score:.2f}"


@admin.register(ClaimSuggestion)
class ClaimSuggestionAdmin(SuggestionColumns, CuratedAdmin):
    list_display = ["id", "quote", "claim", "suggested", "similarity", "decision_shown"]
    list_display_links = ["id", "quote"]
    list_filter = ["decision"]
    list_select_related = [
        "statement",
        "claim__speaker",
        "claim__topic",
        "suggested_claim__speaker",
        "suggested_claim__topic",
        "decided_by",
    ]
    show_full_result_count = False
    sortable_by = ["id"]
    search_fields = ["statement__quote"]
    fields = ["statement", "claim", "suggested_claim", "score", "decision", *DECIDED, "created_at"]
    readonly_fields = ["statement", "claim", "suggested_claim", "score", *DECIDED, "created_at"]
    actions = ["accept_selected", "keep_selected_separate"]
    history_list_display = ["decision"]

    def has_add_permission(self, request):
        return False  # suggested by matching (claims.services.matching), never entered by hand

    @admin.display(description=_("quote"))
    def quote(self, suggestion):
        return Truncator(suggestion.statement.quote).chars(120)

    @admin.display(description=_("decision"))
    def decision_shown(self, suggestion):
        if suggestion.decided_by is None:
            return suggestion.get_decision_display()
        return format_html(
            '{}<div class="quiet">{}</div>',
            suggestion.get_decision_display(),
            suggestion.decided_by.get_username(),
        )

    def save_model(self, request, obj, form, change):
        # The decision goes through its service, which moves the statement; nothing else is edited.
        if "decision" in form.changed_data and obj.decision in DECISIONS:
            decide(request, obj, obj.decision)

    @admin.action(description=_("Accept: move each statement to its suggested claim"), permissions=["change"])
    def accept_selected(self, request, queryset):
        self._decide_each(request, queryset, SuggestionDecision.ACCEPTED)

    @admin.action(
        description=_("Keep each statement separate from its suggested claim"), permissions=["change"]
    )
    def keep_selected_separate(self, request, queryset):
        self._decide_each(request, queryset, SuggestionDecision.SEPARATE)

    def _decide_each(self, request, queryset, decision: str) -> None:
        done = sum(decide(request, suggestion, decision) for suggestion in queryset.order_by("-score", "id"))
        if done:
            message = gettext("%(count)d suggestions decided: %(decision)s.")
            label = SuggestionDecision(decision).label
            self.message_user(request, message % {"count": done, "decision": label}, messages.SUCCESS)


class ClaimSuggestionInline(SuggestionColumns, admin.TabularInline):
    """On a claim's page: the existing claims its statements may report, decided in their own form
    (shown only: nothing here is edited, so no row needs checking for edit conflicts)."""

    model = ClaimSuggestion
    fk_name = "claim"
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ["statement", "suggested", "similarity", "decision"]
    readonly_fields = ["statement", "suggested", "similarity", "decision"]
    verbose_name = _("suggested claim")
    verbose_name_plural = _("suggested claims: the same claim reported elsewhere")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # shown here, decided in the suggestion's own form or its list's actions

    def get_queryset(self, request):
        related = ["statement", "suggested_claim__speaker", "suggested_claim__topic"]
        return super().get_queryset(request).select_related(*related).order_by("-score", "id")
