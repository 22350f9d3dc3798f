"""Who speaks, at what event, on which proposition: speakers with their aliases, events, topics."""

from __future__ import annotations

from django.contrib import admin
from django.forms.models import BaseInlineFormSet

from claims.models import Event, Speaker, SpeakerAlias, Topic
from claims.selectors import search_events, search_speakers, search_topics
from claims.services.speakers import alias_clashes
from core.admin.filters import records_links
from sources.admin import CuratedAdmin, CuratedInline


class AliasFormSet(BaseInlineFormSet):
    def clean(self):
        # Django validates an inline's rows without their foreign key, so the database's rule
        # (a spelling names one speaker) is checked here, to answer a form error and not a 500.
        super().clean()
        for form in self.forms:
            data = getattr(form, "cleaned_data", {})
            if form.has_changed() and data.get("name") and not data.get("DELETE"):
                clash = alias_clashes([data["name"]], speaker=self.instance)
                if clash:
                    form.add_error("name", clash)


class AliasInline(CuratedInline):
    model = SpeakerAlias
    formset = AliasFormSet
    extra = 1


@admin.register(Speaker)
class SpeakerAdmin(CuratedAdmin):
    list_display = ["name", "slug", "kind", "role", "country", "affiliation", "outlet", "status"]
    list_filter = ["status", "kind", "country"]
    list_select_related = ["affiliation", "outlet"]
    # Aliases are searched too: "Matxcova" finds the speaker whose alias is "Matxcơva".
    search_fields = ["name", "slug", "role", "aliases__name"]
    search = search_speakers
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["affiliation", "outlet"]
    readonly_fields = ["records", "created_at", "updated_at"]
    inlines = [AliasInline]

    @admin.display(description="Their records")
    def records(self, obj):
        # The claim and statement lists filter by speaker from here (`ChosenOnlyFilter`).
        return records_links(
            obj,
            {
                "Claims": ("claims_claim_changelist", "speaker__id__exact"),
                "Statements": ("claims_statement_changelist", "speaker__id__exact"),
                "Relayed": ("claims_statementvia_changelist", "speaker__id__exact"),
            },
        )


@admin.register(SpeakerAlias)
class SpeakerAliasAdmin(CuratedAdmin):
    list_display = ["name", "speaker"]
    list_select_related = ["speaker"]
    search_fields = ["name", "speaker__name"]
    autocomplete_fields = ["speaker"]


@admin.register(Event)
class EventAdmin(CuratedAdmin):
    list_display = ["name", "slug", "starts_on", "ends_on", "location"]
    list_filter = ["starts_on"]
    search_fields = ["name", "name_vi", "slug"]
    search = search_events
    prepopulated_fields = {"slug": ["name"]}
    date_hierarchy = "starts_on"


@admin.register(Topic)
class TopicAdmin(CuratedAdmin):
    list_display = ["name", "slug", "name_vi"]
    search_fields = ["name", "name_vi", "slug"]
    search = search_topics
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["records"]

    @admin.display(description="Its records")
    def records(self, obj):
        return records_links(
            obj,
            {
                "Claims": ("claims_claim_changelist", "topic__id__exact"),
                "Contradictions": ("claims_contradiction_changelist", "claim_a__topic__id__exact"),
            },
        )
