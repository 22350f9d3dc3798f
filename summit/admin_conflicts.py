"""Two people editing one record in the admin: the later save is stopped, not applied over the
earlier one.

A change form carries the version of the record it was opened at: the id of the record's latest
history row, which every save writes. Saving compares it with the latest one, under the row's
lock, so two saves in flight cannot both pass. On a conflict the form is shown again with what
was typed and who saved meanwhile; saving once more replaces their change knowingly. (The API
does the same with ETags and `If-Match`.)
"""

from __future__ import annotations

from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.db import connection

VERSION = "edited_version"


def latest_version(obj):
    """The latest history row of `obj`, or None if it has none yet."""
    return obj.history.order_by("-history_id").first()


class ConflictCheckedForm(forms.ModelForm):
    """A change form that refuses to save over a version it was not opened at."""

    def clean(self):
        cleaned = super().clean()
        seen = cleaned.get(VERSION)
        if seen is None or self.instance.pk is None:
            return cleaned  # a form posted without the version (not from a page) saves as before
        if connection.in_atomic_block:  # the admin's change view; a history revert runs outside one
            type(self.instance)._default_manager.select_for_update().filter(pk=self.instance.pk).exists()
        latest = latest_version(self.instance)
        if latest is not None and latest.history_id != seen:
            # Shown again with the latest version: saving once more is a choice, not an accident.
            self.data = self.data.copy()
            self.data[self.add_prefix(VERSION)] = latest.history_id
            who = latest.history_user or "someone"
            when = latest.history_date.strftime("%Y-%m-%d %H:%M %Z")
            name = self.instance._meta.verbose_name
            raise forms.ValidationError(
                f"This {name} was changed by {who} at {when}, after you opened it. Nothing was saved. "
                "Open it again to see their change, or save again to replace it with yours.",
                code="edit_conflict",
            )
        return cleaned


class EditConflictsMixin:
    """For a ModelAdmin with django-simple-history: its change forms carry the version they show."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        (name, options), *rest = fieldsets
        # Rendered as a hidden row of the first fieldset.
        return [(name, {**options, "fields": [*options["fields"], VERSION]}), *rest]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None and "fields" not in kwargs:  # django-simple-history's revert page
            kwargs["fields"] = flatten_fieldsets(self.get_fieldsets(request, obj))
        fields = kwargs.get("fields")
        if obj is None or fields is None or VERSION not in fields:  # an add form, or get_fields()
            return super().get_form(request, obj, change=change, **kwargs)
        kwargs["fields"] = [name for name in fields if name != VERSION]
        form = super().get_form(request, obj, change=change, **kwargs)
        latest = latest_version(obj)
        version = forms.IntegerField(
            widget=forms.HiddenInput, required=False, initial=latest.history_id if latest else None
        )
        return type(form.__name__, (ConflictCheckedForm, form), {VERSION: version})
