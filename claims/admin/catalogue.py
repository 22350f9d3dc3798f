"""Who speaks, at what event, on which proposition: speakers with their aliases, events, topics."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from claims.choices import SpeakerStatus
from claims.models import Event, Speaker, SpeakerAlias, Topic
from claims.selectors import search_events, search_speakers, search_topics
from claims.services.speakers import alias_clashes, confirm_speakers, merge_speakers
from core.admin.bilingual import BilingualFieldsMixin
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


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(
        Speaker.objects.filter(status=SpeakerStatus.CONFIRMED),
        label=_("Merge into"),
        help_text=_("The known speaker they are: their claims, relayed statements and spellings move to it."),
    )


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
    actions = ["confirm_selected", "merge_selected"]

    @admin.action(description=_("Confirm the selected speakers"), permissions=["change"])
    def confirm_selected(self, request, queryset):
        changed = confirm_speakers(list(queryset))
        if changed:
            LogEntry.objects.log_actions(
                request.user.pk, changed, CHANGE, change_message=gettext("Confirmed")
            )
        self.message_user(
            request, gettext("%(count)d speakers confirmed.") % {"count": len(changed)}, messages.SUCCESS
        )

    @admin.action(
        description=_("Merge the selected speakers into a known one…"), permissions=["change", "delete"]
    )
    def merge_selected(self, request, queryset):
        """A proposed speaker who is someone known ("Dmitry" for Dmitry Peskov): choose whom,
        then their records move there and the proposal is deleted."""
        confirmed = request.POST.get("post") == "yes"
        form = MergeForm(request.POST if confirmed else None)
        if not (confirmed and form.is_valid()):
            opts = self.model._meta
            context = {
                **self.admin_site.each_context(request),
                "title": gettext("Merge speakers?"),
                "verb": gettext("merge"),
                "opts": opts,
                "queryset": queryset,
                "items": [(obj, str(obj)) for obj in queryset],
                "objects_name": opts.verbose_name if len(queryset) == 1 else opts.verbose_name_plural,
                "action": request.POST.get("action", ""),
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "select_across": request.POST.get("select_across", "0"),
                "form": form,
            }
            return TemplateResponse(request, "admin/claims/review_confirmation.html", context)
        into = form.cleaned_data["into"]
        sources = [s for s in queryset if s.pk != into.pk]
        LogEntry.objects.log_actions(request.user.pk, sources, DELETION, change_message=gettext("Merged"))
        count = merge_speakers(sources=sources, into=into)
        self.message_user(
            request,
            gettext("%(count)d speakers merged into %(into)s.") % {"count": count, "into": into},
            messages.SUCCESS,
        )
        return None

    @admin.display(description=_("Their records"))
    def records(self, obj):
        # The claim and statement lists filter by speaker from here (`ChosenOnlyFilter`).
        return records_links(
            obj,
            [
                (_("Claims"), "claims_claim_changelist", "speaker__id__exact"),
                (_("Statements"), "claims_statement_changelist", "speaker__id__exact"),
                (_("Relayed"), "claims_statementvia_changelist", "speaker__id__exact"),
            ],
        )


@admin.register(SpeakerAlias)
class SpeakerAliasAdmin(CuratedAdmin):
    list_display = ["name", "speaker", "valid_from", "valid_until"]
    list_select_related = ["speaker"]
    search_fields = ["name", "speaker__name"]
    autocomplete_fields = ["speaker"]


@admin.register(Event)
class EventAdmin(BilingualFieldsMixin, CuratedAdmin):
    list_display = ["name", "name_vi", "slug", "starts_on", "ends_on", "starts_at", "location"]
    bilingual_fields = [("name_vi", "name")]
    list_filter = ["starts_on"]
    search_fields = ["name", "name_vi", "slug"]
    search = search_events
    prepopulated_fields = {"slug": ["name"]}
    date_hierarchy = "starts_on"


@admin.register(Topic)
class TopicAdmin(BilingualFieldsMixin, CuratedAdmin):
    list_display = ["name", "name_vi", "slug"]
    bilingual_fields = [("name_vi", "name")]
    search_fields = ["name", "name_vi", "slug"]
    search = search_topics
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["records"]

    @admin.display(description=_("Its records"))
    def records(self, obj):
        return records_links(
            obj,
            [
                (_("Claims"), "claims_claim_changelist", "topic__id__exact"),
                (_("Contradictions"), "claims_contradiction_changelist", "claim_a__topic__id__exact"),
            ],
        )
