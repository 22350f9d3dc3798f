"""Malformed admin requests answered as Django answers a missing record, never with a 500.

Django's admin and django-simple-history hand some request values to the database unchecked:
an id that is not a number in a history URL or an action's selection, a NUL character in a
list filter, an initial value in an add form's URL. Each raised in the database layer.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext


def is_value_of(field: models.Field, value: str) -> bool:
    """Whether `value`, as a URL or a form gives it, can be stored in `field`."""
    try:
        field.to_python(value)
    except ValidationError:
        return False
    return "\x00" not in value  # PostgreSQL text cannot hold NUL


class CheckedAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete reads its chosen row to show its name; a submitted value no row can
    have (a word for an id) failed in the database when the form was shown again with its error."""

    def optgroups(self, name, value, attr=None):
        target = self.field.target_field
        return super().optgroups(name, [v for v in value if is_value_of(target, v)], attr)


class CheckedAutocompleteMixin:
    """For a ModelAdmin or an inline: its autocomplete fields use `CheckedAutocompleteSelect`."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CheckedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class MalformedRequestsMixin(CheckedAutocompleteMixin):
    """For a ModelAdmin (with django-simple-history's `SimpleHistoryAdmin`)."""

    def get_changelist_instance(self, request):
        # Django answers a bad filter with the list and "?e=1"; a NUL failed in the database.
        if any("\x00" in key + "".join(values) for key, values in request.GET.lists()):
            raise IncorrectLookupParameters("A parameter contains a NUL character.")
        return super().get_changelist_instance(request)

    def history_view(self, request, object_id, extra_context=None):
        if not is_value_of(self.model._meta.pk, unquote(object_id)):
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        history = self.model.history.model._meta.pk
        if not (is_value_of(self.model._meta.pk, unquote(object_id)) and is_value_of(history, version_id)):
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def response_action(self, request, queryset):
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if not all(is_value_of(self.model._meta.pk, value) for value in selected):
            # None: the changelist redirects back to itself with this message.
            self.message_user(
                request, gettext("The selection names no record. No items have been changed."), messages.ERROR
            )
            return None
        return super().response_action(request, queryset)

    def get_changeform_initial_data(self, request):
        # An add form's URL may preset a relation (`?speaker=3`); a value no row can have would
        # fail when the widget reads the row to show its name.
        initial = super().get_changeform_initial_data(request)
        for field in self.model._meta.get_fields():
            value = initial.get(field.name)
            if field.many_to_one and isinstance(value, str) and not is_value_of(field.target_field, value):
                del initial[field.name]
        return initial
