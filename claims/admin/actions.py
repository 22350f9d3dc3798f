"""Bulk review actions: a confirmation page first, then the review services, one history row and
one admin log entry (Recent actions) each."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.forms import Form
from django.template.response import TemplateResponse

from claims.admin.forms import ReviewNoteForm
from claims.choices import ContradictionStatus, ReviewStatus
from claims.services.admin_review import review_contradictions, review_each

CONFIRMATION_TEMPLATE = "admin/claims/review_confirmation.html"


def _confirmation_page(modeladmin, request, queryset, *, verb: str, form: Form | None = None):
    opts = modeladmin.model._meta
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": f"{verb.capitalize()} {opts.verbose_name_plural}?",
        "verb": verb,
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


def _report(modeladmin, request, changed: list, unchanged: list, *, verb: str, status_label: str) -> None:
    opts = modeladmin.model._meta
    if changed:
        name = opts.verbose_name if len(changed) == 1 else opts.verbose_name_plural
        modeladmin.message_user(request, f"{len(changed)} {name} {verb}.", messages.SUCCESS)
    if unchanged:
        name = opts.verbose_name if len(unchanged) == 1 else opts.verbose_name_plural
        modeladmin.message_user(
            request, f"{len(unchanged)} {name} already {status_label}: left unchanged.", messages.WARNING
        )


def _log(modeladmin, request, changed: list, message: str) -> None:
    # Each record reviewed, in Recent actions and the admin's log, as a change form's save is.
    for obj in changed:
        modeladmin.log_change(request, obj, message)


def review_selected(modeladmin, request, queryset, status: str, *, verb: str, done: str):
    """For claims and statements: ask, then move the selected ones to `status`."""
    if not _confirmed(request):
        return _confirmation_page(modeladmin, request, queryset, verb=verb)
    reason = f"{done.capitalize()} in the admin (bulk action)"
    changed, unchanged = review_each(queryset, status, request.user, reason=reason)
    _log(modeladmin, request, changed, reason)
    _report(
        modeladmin, request, changed, unchanged, verb=done, status_label=ReviewStatus(status).label.lower()
    )
    return None


def review_contradictions_selected(modeladmin, request, queryset, status: str, *, verb: str, done: str):
    """For contradictions: ask for the note, then confirm or dismiss the selected ones with it."""
    dismissing = status == ContradictionStatus.DISMISSED
    form = ReviewNoteForm(request.POST if _confirmed(request) else None, note_required=dismissing)
    if not (_confirmed(request) and form.is_valid()):
        return _confirmation_page(modeladmin, request, queryset, verb=verb, form=form)
    reason = f"{done.capitalize()} in the admin (bulk action)"
    changed, unchanged = review_contradictions(
        queryset, status, request.user, note=form.cleaned_data["note"].strip(), reason=reason
    )
    _log(modeladmin, request, changed, reason)
    label = ContradictionStatus(status).label.lower()
    _report(modeladmin, request, changed, unchanged, verb=done, status_label=label)
    return None


class ReviewActions:
    """Verify / reject actions for the claim and statement admins."""

    def confirmation_label(self, obj) -> str:
        return str(obj)

    @admin.action(description="Verify the selected %(verbose_name_plural)s…", permissions=["change"])
    def verify_selected(self, request, queryset):
        return review_selected(self, request, queryset, ReviewStatus.VERIFIED, verb="verify", done="verified")

    @admin.action(description="Reject the selected %(verbose_name_plural)s…", permissions=["change"])
    def reject_selected(self, request, queryset):
        return review_selected(self, request, queryset, ReviewStatus.REJECTED, verb="reject", done="rejected")


class ContradictionActions:
    """Confirm / dismiss actions for the contradiction admin; both take a note."""

    def confirmation_label(self, obj) -> str:
        return f"{obj.get_kind_display()}: {obj.claim_a} / {obj.claim_b}"

    @admin.action(description="Confirm the selected contradictions…", permissions=["change"])
    def confirm_selected(self, request, queryset):
        return review_contradictions_selected(
            self, request, queryset, ContradictionStatus.CONFIRMED, verb="confirm", done="confirmed"
        )

    @admin.action(description="Dismiss the selected contradictions…", permissions=["change"])
    def dismiss_selected(self, request, queryset):
        return review_contradictions_selected(
            self, request, queryset, ContradictionStatus.DISMISSED, verb="dismiss", done="dismissed"
        )
