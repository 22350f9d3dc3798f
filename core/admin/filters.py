"""List filters for relations with more choices than a sidebar can show."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.html import format_html_join


class ChosenOnlyFilter(admin.RelatedFieldListFilter):
    """Filters by a relation whose rows are too many to list (speakers, topics): the sidebar
    shows only the one chosen, so that it can be seen and cleared. One is chosen from a link
    on its own change page (`records_links`).

    Listing every speaker made each page of claims a megabyte of HTML, and finding the
    speakers that have statements read every statement.
    """

    def has_output(self) -> bool:
        # Django applies a filter only if it has output: with one choice listed, the base class
        # would say it has none.
        return bool(self.lookup_val)

    def field_choices(self, field, request, model_admin):
        chosen = [value for value in self.lookup_val or () if value.isascii() and value.isdigit()]
        if not chosen:
            return []
        return field.get_choices(include_blank=False, limit_choices_to={"pk__in": chosen})


def records_links(obj, lists: list[tuple[Promise | str, str, str]]):
    """Links to the admin lists filtered by `obj`: (label, changelist URL name, lookup) each."""
    if obj is None or obj.pk is None:
        return "—"
    links = ((reverse(f"admin:{name}"), lookup, obj.pk, label) for label, name, lookup in lists)
    return format_html_join(" · ", '<a href="{}?{}={}">{}</a>', links)
