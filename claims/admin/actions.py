"""Bulk review actions: a confirmation page first, then the review services, one history row each."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.models import CHANGE, LogEntry
from django.forms import Form
from django.template.response import TemplateResponse
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from claims.admin.forms import ReviewNoteForm
from claims.choices import ContradictionStatus, ReviewStatus
from claims.services.admin_review import review_contradictions, review_each

CONFIRMATION_TEMPLATE = "admin/claims/review_confirmation.html"


@dataclass(frozen=True)
class Outcome:
    """How one bulk action speaks: its verb, its confirmation page's title, its report, and
    the reason each record's history gives (in the language of whoever acts)."""

    verb: Promise
    title: Promise
    changed: Promise
    reason: Promise


OUTCOMES: dict[str, Outcome] = {
    ReviewStatus.VERIFIED: Outcome(
        verb=_("verify"),
        title=_("Verify %(objects)s?"),
        changed=_("%(count)d %(name)s verified."),
        reason=_("Verified in the admin (bulk action)"),
    ),
    ReviewStatus.REJECTED: Outcome(
        verb=_("reject"),
        title=_("Reject %(objects)s?"),
        changed=_("%(count)d %(name)s rejected."),
        reason=_("Rejected in the admin (bulk action)"),
    ),
    ContradictionStatus.CONFIRMED: Outcome(
        verb=_("confirm"),
        title=_("Confirm %(objects)s?"),
        changed=_("%(count)d %(name)s confirmed."),
        reason=_("Confirmed in the admin (bulk action)"),
    ),
    ContradictionStatus.DISMISSED: Outcome(
        verb=_("dismiss"),
        title=_("Dismiss %(objects)s?"),
        changed=_("%(count)d %(name)s dismissed."),
        reason=_("Dismissed in the admin (bulk action)"),
    ),
}


def _confirmation_page(modeladmin, request, queryset, *, outcome: Outcome, form: Form | None = None):
    opts = modeladmin.model._meta
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": outcome.title % {"objects": opts.verbose_name_plural},
        "verb": outcome.verb,
        "opts": opts,
        "queryset": queryset,
        "items": [(obj, modeladmin.confirmation_label(obj)) for obj in queryset],
        "objects_name": opts.verbose_name if len(queryset) == 1 else opts.verbose_name_plural,
        "action": request.POST.get("action", ""),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "select_across": request.POST.get("select_across", "0"),
        "form": form,
    }
    return TemplateResponse(request, CONFIRMATION_TEMPLATE, context)


def _confirmed(request) -> bool:
    # The confirmation page posts the action again with post=yes; the changelist never does.
    return request.POST.get("post") == "yes"


def _log(request, changed: list, reason: str) -> None:
    """Each changed record in the admin's Recent actions, with the reason its history gives."""
    LogEntry.objects.log_actions(request.user.pk, changed, CHANGE, change_message=reason)


def _report(
    modeladmin, request, changed: list, unchanged: list, *, outcome: Outcome, status_label: str
) -> None:
    opts = modeladmin.model._meta
    if changed:
        name = opts.verbose_name if len(changed) == 1 else opts.verbose_name_plural
        modeladmin.message_user(
            request, outcome.changed % {"count": len(changed), "name": name}, messages.SUCCESS
        )
    if unchanged:
        name = opts.verbose_name if len(unchanged) == 1 else opts.verbose_name_plural
        message = gettext("%(count)d %(name)s already %(status)s: left unchanged.")
        modeladmin.message_user(
            request,
            message % {"count": len(unchanged), "name": name, "status": status_label},
            messages.WARNING,
        )


def review_selected(modeladmin, request, queryset, status: str):
    """For claims and statements: ask, then move the selected ones to `status`."""
    outcome = OUTCOMES[status]
    if not _confirmed(request):
        return _confirmation_page(modeladmin, request, queryset, outcome=outcome)
    changed, unchanged = review_each(queryset, status, request.user, reason=str(outcome.reason))
    _log(request, changed, str(outcome.reason))
    label = str(ReviewStatus(status).label).lower()
    _report(modeladmin, request, changed, unchanged, outcome=outcome, status_label=label)
    return None


def review_contradictions_selected(modeladmin, request, queryset, status: str):
    """For contradictions: ask for the note, then confirm or dismiss the selected ones with it."""
    outcome = OUTCOMES[status]
    dismissing = status == ContradictionStatus.DISMISSED
    form = ReviewNoteForm(request.POST if _confirmed(request) else None, note_required=dismissing)
    if not (_confirmed(request) and form.is_valid()):
        return _confirmation_page(modeladmin, request, queryset, outcome=outcome, form=form)
    changed, unchanged = review_contradictions(
        queryset,
        status,
        request.user,
        note=form.cleaned_data["note"].strip(),
        reason=str(outcome.reason),
    )
    _log(request, changed, str(outcome.reason))
    label = str(ContradictionStatus(status).label).lower()
    _report(modeladmin, request, changed, unchanged, outcome=outcome, status_label=label)
    return None


class ReviewActions:
    """Verify / reject actions for the claim and statement admins."""

    def confirmation_label(self, obj) -> str:
        return str(obj)

    @admin.action(description=_("Verify the selected %(verbose_name_plural)s…"), permissions=["change"])
    def verify_selected(self, request, queryset):
        return review_selected(self, request, queryset, ReviewStatus.VERIFIED)

    @admin.action(description=_("Reject the selected %(verbose_name_plural)s…"), permissions=["change"])
    def reject_selected(self, request, queryset):
        return review_selected(self, request, queryset, ReviewStatus.REJECTED)


class ContradictionActions:
    """Confirm / dismiss actions for the contradiction admin; both take a note."""

    def confirmation_label(self, obj) -> str:
        return f"{obj.get_kind_display()}: {obj.claim_a} / {obj.claim_b}"

    @admin.action(description=_("Confirm the selected contradictions…"), permissions=["change"])
    def confirm_selected(self, request, queryset):
        return review_contradictions_selected(self, request, queryset, ContradictionStatus.CONFIRMED)

    @admin.action(description=_("Dismiss the selected contradictions…"), permissions=["change"])
    def dismiss_selected(self, request, queryset):
        return review_contradictions_selected(self, request, queryset, ContradictionStatus.DISMISSED)
