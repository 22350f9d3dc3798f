"""What the claim, statement and contradiction admins share: who entered it, who reviewed it, and
the note a change form adds to its thread."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.translation import gettext

from claims.services.notes import add_note
from claims.services.review import review
from sources.admin import CuratedAdmin

# Shown read-only: entering a record and reviewing it are different acts, by different people.
STAMPS = ["created_by", "created_at", "reviewed_by", "reviewed_at", "updated_at"]


def status_with_reviewer(obj):
    """A list cell: the review status, and under it who reviewed (one column where two were)."""
    if obj.reviewed_by is None:
        return obj.get_status_display()
    return format_html(
        '{}<div class="quiet">{}</div>', obj.get_status_display(), obj.reviewed_by.get_username()
    )


def set_created_by(obj, user) -> None:
    if hasattr(obj, "created_by_id") and obj.created_by_id is None:
        obj.created_by = user


class InlineCreatorMixin:
    """Stamps `created_by` on the records an admin's inlines create."""

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in formset.new_objects:
            set_created_by(obj, request.user)
        for obj in formset.deleted_objects:
            obj.delete()
        for obj in instances:
            obj.save()
        formset.save_m2m()


class ReviewedAdmin(InlineCreatorMixin, CuratedAdmin):
    """Stamps `created_by` on what the admin creates (here and in inlines), sends a status
    changed in the change form through the review service, so reviewer and time are stamped, and
    adds the form's new note (if any) to the record's thread."""

    # A filtered list shows "Show all" rather than the whole table's count: one COUNT(*) less
    # per page on tables of millions of rows.
    show_full_result_count = False

    def save_model(self, request, obj, form, change):
        if not change:
            set_created_by(obj, request.user)
        # simple-history reads it when it writes the row for the save (as SimpleHistoryAdmin sets it).
        obj._history_user = request.user
        if "status" not in form.changed_data:
            self.store(obj)
        else:
            obj._change_reason = gettext("%(status)s in the admin change form") % {
                "status": obj.get_status_display()
            }
            self.review(obj, request.user)
        note = form.cleaned_data.get("note")
        if note:
            add_note(obj, text=note, user=request.user)

    def store(self, obj) -> None:
        """Save a record whose status the form left as it was."""
        obj.save()

    def review(self, obj, user) -> None:
        review(obj, obj.status, user)
