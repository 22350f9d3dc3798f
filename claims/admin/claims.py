"""Claims and the verdicts fact-checkers give them."""

from __future__ import annotations

from django.contrib import admin

from claims.admin.actions import ReviewActions
from claims.admin.base import STAMPS, ReviewedAdmin
from claims.admin.statements import ClaimStatementInline
from claims.models import Claim, Verdict
from sources.admin import CuratedAdmin
from summit.admin_filters import ChosenOnlyFilter


@admin.register(Claim)
class ClaimAdmin(ReviewActions, ReviewedAdmin):
    list_display = ["id", "speaker", "stance", "topic", "status", "said_on", "event_name", "reviewed_by"]
    list_display_links = ["id", "speaker"]
    list_filter = ["status", "stance", ("topic", ChosenOnlyFilter), "event", ("speaker", ChosenOnlyFilter)]
    list_select_related = ["speaker", "topic", "event", "reviewed_by"]
    named_by = ["speaker", "topic"]  # what `Claim.__str__` reads
    search_fields = [
        "summary",
        "summary_vi",
        "=key",
        "speaker__name",
        "speaker__aliases__name",
        "topic__name",
    ]
    autocomplete_fields = ["speaker", "topic", "event"]
    fieldsets = [
        (
            None,
            {"fields": ["speaker", "stance", "topic", "summary", "summary_vi", "event", "said_on", "key"]},
        ),
        ("Review", {"fields": ["status", *STAMPS]}),
    ]
    readonly_fields = STAMPS
    actions = ["verify_selected", "reject_selected"]
    inlines = [ClaimStatementInline]
    history_list_display = ["status", "stance"]

    @admin.display(description="event")
    def event_name(self, claim):
        # Not sortable: a claim may have no event, and ordering by a joined row that may be
        # missing sorts every claim (0.8 s at a million). The sidebar filters by event instead.
        return claim.event

    def get_queryset(self, request):
        # A claim is named by its speaker and topic, in autocomplete answers too. The changelist
        # adds `list_select_related` only to a queryset that selects nothing: name it all here,
        # or each row's event and reviewer would cost a query of their own.
        return super().get_queryset(request).select_related(*self.named_by, *self.list_select_related)


@admin.register(Verdict)
class VerdictAdmin(CuratedAdmin):
    list_display = ["claim", "rating", "textual_rating", "reviewer", "reviewed_on"]
    list_filter = ["rating", "reviewed_on"]
    list_select_related = ["claim__speaker", "claim__topic", "reviewer"]
    search_fields = ["textual_rating", "explanation", "claim__summary", "claim__speaker__name"]
    autocomplete_fields = ["claim"]
    readonly_fields = ["reviewer", "created_at", "updated_at"]
    history_list_display = ["rating"]

    def save_model(self, request, obj, form, change):
        # The verdict is the rating of whoever last saved it.
        obj.reviewer = request.user
        super().save_model(request, obj, form, change)
