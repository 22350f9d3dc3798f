"""History pages that read well: who made each change (or "—"), when, in local time with its
zone, and what changed, each value as people read it and long ones whole on demand.

Built on django-simple-history's hooks: `object_history_list_template`,
`get_historical_record_context_helper` and `set_history_delta_changes`.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Field
from django.utils import dateformat, formats, timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

EMPTY = "—"
# Longer values show their start, and the whole text when opened.
SHORT = 100


def local_datetime(value: dt.datetime) -> str:
    """`value` in the current time zone, written as the active language writes a date and
    time, with the zone's name."""
    local = timezone.localtime(value)
    return f"{formats.date_format(local, 'DATETIME_FORMAT')} {dateformat.format(local, 'T')}"


def readable(field: Field | None, value) -> str:
    """A stored value as a person reads it: a choice by its label, a time in local time, a
    related row by its name, nothing as "—"."""
    if isinstance(value, DeletedObject):
        if value.pk is None:
            return EMPTY
        return _("%(model)s #%(pk)s (deleted)") % {"model": value.model._meta.verbose_name, "pk": value.pk}
    if value is None or value == "":
        return EMPTY
    if isinstance(value, dt.datetime):
        return local_datetime(value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def whole_on_demand(text: str) -> SafeString:
    """`text`, escaped; a long one cut, with the whole in a <details> element."""
    if len(text) <= SHORT:
        return format_html("{}", text)
    return format_html(
        '<details class="history-value"><summary>{}</summary>{}</details>',
        Truncator(text).chars(SHORT),
        text,
    )


class ReadableChanges(HistoricalRecordContextHelper):
    """The "Changes" column: each field's old and new value, readable and never cut for good."""

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        return readable(self.model._meta.get_field(change.field), value)

    def stringify_delta_change_values(self, change, old, new):
        return whole_on_demand(str(old)), whole_on_demand(str(new))


class ReadableHistoryMixin:
    """For a SimpleHistoryAdmin: its history page with names, local times and whole values."""

    object_history_list_template = "core/object_history_list.html"

    def history_view(self, request, object_id, extra_context=None):
        columns = [self.column_label(name) for name in self.get_history_list_display(request)]  # type: ignore[attr-defined]
        context = {"history_columns": columns, **(extra_context or {})}
        return super().history_view(request, object_id, extra_context=context)  # type: ignore[misc]

    def column_label(self, name: str) -> str:
        """The heading of a `history_list_display` column: its field's name, as the forms say it."""
        try:
            return capfirst(self.model._meta.get_field(name).verbose_name)  # type: ignore[attr-defined]
        except FieldDoesNotExist:
            method = getattr(self, name, None)
            return str(getattr(method, "short_description", name))

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableChanges(self.model, historical_record)  # type: ignore[attr-defined]

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        super().set_history_delta_changes(request, historical_records, foreign_keys_are_objs)  # type: ignore[misc]
        columns = self.get_history_list_display(request)  # type: ignore[attr-defined]
        opts = self.model._meta  # type: ignore[attr-defined]
        names = {f.name for f in opts.get_fields()}
        for record in historical_records:
            user = record.history_user
            record.changed_by = user.get_username() if user is not None else EMPTY
            record.changed_at = local_datetime(record.history_date)
            record.shown_columns = [
                whole_on_demand(
                    readable(opts.get_field(name) if name in names else None, getattr(record, name))
                )
                for name in columns
            ]
