"""Two people editing one record in the admin: the later save is stopped, not applied over the
earlier one.

A change form carries the version of the record it was opened at: the id of the record's latest
history row, which every save writes. Saving compares it with the latest one, under the row's
lock, so two saves in flight cannot both pass. On a conflict the form is shown again with what
was typed and who saved meanwhile; saving once more replaces their change knowingly. (The API
does the same with ETags and `If-Match`.)
"""

from __future__ import annotations

from functools import cached_property

from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.db import connection
from django.db.models import Max
from django.forms.models import BaseInlineFormSet
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

VERSION = "edited_version"


def latest_version(obj):
    """The latest history row of `obj`, or None if it has none yet."""
    return obj.history.order_by("-history_id").first()


class VersionField(forms.IntegerField):
    """The version a form was opened at: hidden, and never an edit of its own."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, label=_("Edited version"), **kwargs)

    def has_changed(self, initial, data) -> bool:
        return False


def with_version(fieldsets):
    """`fieldsets` with the version as a hidden row of the first one."""
    (name, options), *rest = fieldsets
    if VERSION in flatten_fieldsets(fieldsets):
        return fieldsets
    return [(name, {**options, "fields": [*options["fields"], VERSION]}), *rest]


class ConflictCheckedForm(forms.ModelForm):
    """A change form that refuses to save over a version it was not opened at."""

    # An inline row is saved only if edited; the record of the page is saved whole, always.
    checks_unchanged = True

    def clean(self):
        cleaned = super().clean()
        seen = cleaned.get(VERSION)
        if seen is None or self.instance.pk is None:
            return cleaned  # a form posted without the version (not from a page) saves as before
        if not (self.checks_unchanged or self.has_changed()):
            return cleaned
        if connection.in_atomic_block:  # the admin's change view; a history revert runs outside one
            type(self.instance)._default_manager.select_for_update().filter(pk=self.instance.pk).exists()
        latest = latest_version(self.instance)
        if latest is not None and latest.history_id != seen:
            # Shown again with the latest version: saving once more is a choice, not an accident.
            self.data = self.data.copy()
            self.data[self.add_prefix(VERSION)] = latest.history_id
            who = latest.history_user or gettext("someone")
            when = formats.date_format(timezone.localtime(latest.history_date), "DATETIME_FORMAT")
            raise forms.ValidationError(
                gettext(
                    "This %(name)s was changed by %(who)s at %(when)s, after you opened it. Nothing was "
                    "saved. Open it again to see their change, or save again to replace it with yours."
                ),
                code="edit_conflict",
                params={"name": self.instance._meta.verbose_name, "who": who, "when": when},
            )
        return cleaned


class ConflictCheckedRowForm(ConflictCheckedForm):
    checks_unchanged = False


class VersionedInlineFormSet(BaseInlineFormSet):
    """Gives each row the version it shows, read for all the rows in one query."""

    @cached_property
    def versions(self):
        rows = [row.pk for row in self.get_queryset()]
        latest = self.model.history.filter(**{f"{self.model._meta.pk.attname}__in": rows})
        return dict(latest.values_list(self.model._meta.pk.attname).annotate(Max("history_id")))

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if not self.is_bound and form.instance.pk is not None:
            form.initial[VERSION] = self.versions.get(form.instance.pk)
        return form


class EditConflictsInlineMixin:
    """For an inline: each row saved is checked as a change form is."""

    def get_fieldsets(self, request, obj=None):
        return with_version(super().get_fieldsets(request, obj))

    def get_formset(self, request, obj=None, **kwargs):
        base = kwargs.pop("form", self.form)
        form = type(base.__name__, (ConflictCheckedRowForm, base), {VERSION: VersionField()})
        formset = type("VersionedFormSet", (VersionedInlineFormSet, kwargs.pop("formset", self.formset)), {})
        return super().get_formset(request, obj, form=form, formset=formset, **kwargs)


class EditConflictsMixin:
    """For a ModelAdmin with django-simple-history: its change forms carry the version they show."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return fieldsets if obj is None else with_version(fieldsets)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None and "fields" not in kwargs:  # django-simple-history's revert page
            kwargs["fields"] = flatten_fieldsets(self.get_fieldsets(request, obj))
        fields = kwargs.get("fields")
        if obj is None or fields is None or VERSION not in fields:  # an add form, or get_fields()
            return super().get_form(request, obj, change=change, **kwargs)
        kwargs["fields"] = [name for name in fields if name != VERSION]
        form = super().get_form(request, obj, change=change, **kwargs)
        latest = latest_version(obj)
        version = VersionField(initial=latest.history_id if latest else None)
        return type(form.__name__, (ConflictCheckedForm, form), {VERSION: version})
