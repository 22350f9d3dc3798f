"""Claims and the verdicts fact-checkers give them."""

from __future__ import annotations

from django.contrib import admin

from claims.admin.actions import ReviewActions
from claims.admin.base import STAMPS, ReviewedAdmin
from claims.admin.forms import ClaimForm
from claims.admin.notes import NOTES_FIELDSET, ThreadMixin
from claims.admin.statements import ClaimStatementInline
from claims.models import Claim, Verdict
from claims.selectors import search_claims
from claims.services.claims import save_claim
from core.admin.filters import ChosenOnlyFilter
from sources.admin import CuratedAdmin


class StandingContradictionsFilter(admin.SimpleListFilter):
    """Claims with or without contradictions that are not dismissed: the count the database
    keeps on each claim (claims/triggers.py), as the API's `has_contradictions` reads it."""

    title = "contradictions"
    parameter_name = "contradictions"

    def lookups(self, request, model_admin):
        return [("standing", "Standing"), ("none", "None standing")]

    def queryset(self, request, queryset):
        if self.value() == "standing":
            return queryset.filter(standing_contradictions__gt=0)
        if self.value() == "none":
            return queryset.filter(standing_contradictions=0)
        return queryset


@admin.register(Claim)
class ClaimAdmin(ThreadMixin, ReviewActions, ReviewedAdmin):
    form = ClaimForm
    list_display = ["id", "speaker", "stance", "topic", "status", "said_on", "event_name", "reviewed_by"]
    list_display_links = ["id", "speaker"]
    list_filter = [
        "status",
        "stance",
        StandingContradictionsFilter,
        ("topic", ChosenOnlyFilter),
        "event",
        ("speaker", ChosenOnlyFilter),
    ]
    list_select_related = ["speaker", "topic", "event", "reviewed_by"]
    named_by = ["speaker", "topic"]  # what `Claim.__str__` reads
    search_fields = [
        "summary",
        "summary_vi",
        "=key",
        "speaker__name",
        "speaker__aliases__name",
        "topic__name",
        "topic__name_vi",
    ]
    search = search_claims
    autocomplete_fields = ["speaker", "topic", "event"]
    fieldsets = [
        (
            None,
            {"fields": ["speaker", "stance", "topic", "summary", "summary_vi", "event", "said_on", "key"]},
        ),
        ("Review", {"fields": ["status", "contradictions_standing", *STAMPS]}),
        NOTES_FIELDSET,
    ]
    readonly_fields = ["contradictions_standing", "thread", *STAMPS]
    actions = ["verify_selected", "reject_selected"]
    inlines = [ClaimStatementInline]
    history_list_display = ["status", "stance"]

    def store(self, obj) -> None:
        save_claim(obj)  # a changed stance or topic has its contradictions recorded

    @admin.display(description="standing contradictions")
    def contradictions_standing(self, claim):
        # Before its first save a claim holds the database's default, not yet a number.
        return claim.standing_contradictions if claim.pk else 0

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
