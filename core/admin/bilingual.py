"""Admin forms and lists of records that carry Vietnamese and English text: the interface
language's field first, the other beside it."""

from __future__ import annotations

from collections.abc import Sequence

from core.bilingual import vietnamese_first


def interface_order(fields: Sequence, pairs: Sequence[tuple[str, str]]) -> list:
    """`fields` with each (Vietnamese field, English field) pair of `pairs` in the interface
    language's order, in the places the pair held."""
    ordered = list(fields)
    for vietnamese, english in pairs:
        if vietnamese in ordered and english in ordered:
            first, second = sorted((ordered.index(vietnamese), ordered.index(english)))
            ordered[first], ordered[second] = (
                (vietnamese, english) if vietnamese_first() else (english, vietnamese)
            )
    return ordered


class BilingualFieldsMixin:
    """For a ModelAdmin: `bilingual_fields` pairs, e.g. ("name_vi", "name"), shown in the interface
    language's order in its change form and its list."""

    bilingual_fields: Sequence[tuple[str, str]] = ()

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)  # type: ignore[misc]
        return [
            (name, {**options, "fields": interface_order(options["fields"], self.bilingual_fields)})
            for name, options in fieldsets
        ]

    def get_list_display(self, request):
        return interface_order(super().get_list_display(request), self.bilingual_fields)  # type: ignore[misc]
