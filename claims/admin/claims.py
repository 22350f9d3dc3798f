"""Claims and the verdicts fact-checkers give them."""

from __future__ import annotations

from django.contrib import admin
from django.utils import formats
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from claims.admin.actions import ReviewActions
from claims.admin.base import STAMPS, ReviewedAdmin, status_with_reviewer
from claims.admin.forms import ClaimForm
from claims.admin.notes import NOTES_FIELDSET, ThreadMixin
from claims.admin.statements import ClaimStatementInline
from claims.admin.suggestions import ClaimSuggestionInline
from claims.models import Claim, Verdict
from claims.selectors import search_claims
from claims.services.claims import save_claim
from core.admin.bilingual import BilingualFieldsMixin
from core.admin.filters import ChosenOnlyFilter
from core.bilingual import in_language, other_language
from sources.admin import CuratedAdmin


class StandingContradictionsFilter(admin.SimpleListFilter):
    """Claims with or without contradictions that are not dismissed: the count the database
    keeps on each claim (claims/triggers.py), as the API's `has_contradictions` reads it."""

    title = _("contradictions")
    parameter_name = "contradictions"

    def lookups(self, request, model_admin):
        return [("standing", _("Standing")), ("none", _("None standing"))]

    def queryset(self, request, queryset):
        if self.value() == "standing":
            return queryset.filter(standing_contradictions__gt=0)
        if self.value() == "none":
            return queryset.filter(standing_contradictions=0)
        return queryset


@admin.register(Claim)
class ClaimAdmin(ThreadMixin, BilingualFieldsMixin, ReviewActions, ReviewedAdmin):
    form = ClaimForm
    # Six columns that fit beside the filter sidebar at 1366 px (claims/static/claims/lists.css):
    # the stance is shown before the topic, the reviewer under the status, the event under the
    # date (each still a filter).
    list_display = ["id", "speaker", "summary_shown", "stance_topic", "status_shown", "said"]
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
        (_("Review"), {"fields": ["status", "contradictions_standing", *STAMPS]}),
        NOTES_FIELDSET,
    ]
    bilingual_fields = [("summary_vi", "summary")]
    readonly_fields = ["contradictions_standing", "thread", *STAMPS]
    actions = ["verify_selected", "reject_selected"]
    inlines = [ClaimStatementInline, ClaimSuggestionInline]
    history_list_display = ["status", "stance"]

    def get_inlines(self, request, obj):
        # A claim being added has no statements, so nothing is suggested for it yet.
        return self.inlines if obj is not None else [ClaimStatementInline]

    def store(self, obj) -> None:
        save_claim(obj)  # a changed stance or topic has its contradictions recorded

    @admin.display(description=_("standing contradictions"))
    def contradictions_standing(self, claim):
        # Before its first save a claim holds the database's default, not yet a number.
        return claim.standing_contradictions if claim.pk else 0

    class Media:
        css = {"all": ["claims/lists.css"]}

    @admin.display(description=_("summary"))
    def summary_shown(self, claim):
        """The summary that tells two claims of one speaker and topic apart, in the interface
        language; the other language's on hover."""
        other = other_language(claim.summary_vi, claim.summary)
        shown = Truncator(in_language(claim.summary_vi, claim.summary)).chars(160)
        return format_html('<span title="{}">{}</span>', other, shown)

    @admin.display(description=_("stance · topic"), ordering="topic")
    def stance_topic(self, claim):
        return format_html(
            '<span class="stance stance-{}">{}</span> {}',
            claim.stance,
            claim.get_stance_display(),
            claim.topic.local_name,
        )

    @admin.display(description=_("status"), ordering="status")
    def status_shown(self, claim):
        return status_with_reviewer(claim)

    @admin.display(description=_("said on"), ordering="said_on")
    def said(self, claim):
        # The event is not a sortable column of its own: a claim may have none, and ordering by a
        # joined row that may be missing sorts every claim. The sidebar filters by event instead.
        said_on = formats.localize(claim.said_on) if claim.said_on else self.get_empty_value_display()
        if claim.event is None:
            return said_on
        return format_html('{}<div class="quiet">{}</div>', said_on, claim.event.local_name)

    def get_queryset(self, request):
        # A claim is named by its speaker and topic, in autocomplete answers too. The changelist
        # adds `list_select_related` only to a queryset that selects nothing: name it all here,
        # or each row's event and reviewer would cost a query of their own.
        return super().get_queryset(request).select_related(*self.named_by, *self.list_select_related)


@admin.register(Verdict)
class VerdictAdmin(CuratedAdmin):
    list_display = ["claim", "rating", "textual_rating", "reviewer", "reviewed_on", "is_published"]
    list_filter = ["rating", "published", "reviewed_on"]
    list_select_related = ["claim__speaker", "claim__topic", "reviewer"]
    search_fields = ["textual_rating", "explanation", "claim__summary", "claim__speaker__name"]
    autocomplete_fields = ["claim"]
    readonly_fields = ["reviewer", "created_at", "updated_at"]
    history_list_display = ["rating"]

    @admin.display(boolean=True, description=_("published"))
    def is_published(self, verdict):
        # Not sortable: the sidebar filters by it, and no index orders the list by it.
        return verdict.published

    def save_model(self, request, obj, form, change):
        # The verdict is the rating of whoever last saved it.
        obj.reviewer = request.user
        super().save_model(request, obj, form, change)
