"""List pages filtered by values that only fill parameters, compiled once per shape.

A claims page filtered by a speaker differs from the next one only by the speaker's slug and the
cursor's position. Building that queryset with the ORM (the filter's subquery, the paginator's
ordering, bound and slice) and compiling it cost 0.6–1.0 ms of a 3.8 ms request at a million
claims (docs/performance.md, change 41). A filter set names the filters whose value never
decides which SQL is written (`parameter_filters`). For a list request naming only those, the
view hands its ordering filter and paginator a `ShapedRows` instead of the filtered queryset: it
records what they ask for (ordering, a cursor's bound, the slice) and reads the page from SQL
compiled once per shape with stand-in values, each request's own values filling their slots.
Anything else (another filter, a value no stand-in can take) is built by the ORM as before,
from the same records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Mapping
from typing import Any

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db.models import QuerySet
from django_filters.constants import EMPTY_VALUES
from django_filters.rest_framework import DjangoFilterBackend

from summit.api.ordering import StableOrderingFilter
from summit.api.page_sql import CompiledPage, PageSQL, compile_page, read
from summit.api.pagination import position_of
from summit.api.templates import takes

SHAPED_PAGES = PageSQL()
# Filter backends that only order the rows (`order_by`), which a `ShapedRows` records.
ORDERING_BACKENDS = (StableOrderingFilter,)


def stand_in(name: str, value: Any, number: int) -> Any:
    """A value of `value`'s type that no query holds, to find where `name`'s value goes in the
    SQL; None when there is none for that type."""
    if isinstance(value, str):
        # Spaces, a capital and a decomposed accent: a filter that strips, folds or normalises the
        # value changes its stand-in too, and the page is then not compiled (templates.slotted).
        return f" \x00{name} E\u0301 {number}\x00 "
    if type(value) is dt.date:
        return dt.date(1, 1, 1) + dt.timedelta(days=number)
    if type(value) is int:
        # Within the int4 and bigint ranges (a quote's `start` is an int4): out of a column's
        # range, the ORM writes the condition as matching nothing or everything.
        return 2_000_000_000 + number
    return None


def position(value: Any) -> int | None:
    """A cursor's position (DRF passes its text) as the ORM passes it (None: not an integer)."""
    return position_of(value) if isinstance(value, str) else None


class ShapedRows:
    """Stands for a list's filtered `values()` rows in an ordering filter and a paginator.

    `build(values)` gives the rows filtered by `values` (filter name -> value); `key` names the
    list and its filters, and with the recorded steps determines the SQL."""

    def __init__(
        self,
        build: Callable[[Mapping[str, Any]], QuerySet],
        filters: Mapping[str, Any],
        key: Hashable,
        using: str,
        steps: tuple = (),
        bounds: Mapping[str, Any] | None = None,
        ordered: bool = False,
    ):
        self._build, self._filters, self._key, self._using = build, dict(filters), key, using
        self._steps, self._bounds, self.ordered = steps, dict(bounds or {}), ordered

    def _then(self, step: tuple, bounds: Mapping[str, Any] | None = None) -> ShapedRows:
        ordered = self.ordered or (step[0] == "order_by" and bool(step[1]))
        bounds = {**self._bounds, **(bounds or {})}
        return ShapedRows(
            self._build, self._filters, self._key, self._using, (*self._steps, step), bounds, ordered
        )

    def order_by(self, *fields: str) -> ShapedRows:
        return self._then(("order_by", fields))

    def filter(self, **bounds: Any) -> ShapedRows:
        # The paginator's only filter: its cursor's position (`id__lt`, `id__gt`).
        return self._then(("filter", tuple(bounds)), bounds)

    def __getitem__(self, window: slice) -> ShapedRows:
        if not isinstance(window, slice) or window.step is not None:
            raise TypeError("A page is read as a slice.")
        return self._then(("slice", window.start, window.stop))

    def __iter__(self):
        return iter(self.rows())

    def queryset(self, filters: Mapping[str, Any], bounds: Mapping[str, Any]) -> QuerySet:
        """The rows filtered by `filters`, then the recorded steps taken with `bounds`."""
        rows = self._build(filters)
        for step in self._steps:
            if step[0] == "order_by":
                rows = rows.order_by(*step[1])
            elif step[0] == "filter":
                rows = rows.filter(**{lookup: bounds[lookup] for lookup in step[1]})
            else:
                rows = rows[step[1] : step[2]]
        return rows

    def rows(self) -> list[dict]:
        bounds = {lookup: position(value) for lookup, value in self._bounds.items()}
        compiled = None
        if None not in bounds.values():
            compiled = SHAPED_PAGES.compiled((self._key, self._steps), lambda: self._compile(bounds))
        values = {**self._filters, **bounds}
        if compiled is None or not takes(compiled.params, values):
            return list(self.queryset(self._filters, self._bounds))
        return read(compiled, self._using, values)

    def _compile(self, bounds: Mapping[str, Any]) -> CompiledPage | None:
        values = {**self._filters, **bounds}
        stand_ins = {name: stand_in(name, value, n) for n, (name, value) in enumerate(values.items(), 1)}
        if None in stand_ins.values():
            return None
        page = self.queryset(
            {name: stand_ins[name] for name in self._filters},
            {lookup: stand_ins[lookup] for lookup in bounds},
        )
        try:
            return compile_page(page, stand_ins)
        except ValueError:  # a value the SQL does not take as given: built by the ORM each time
            return None
        except (EmptyResultSet, FullResultSet):  # a stand-in the ORM wrote as no condition
            return None


def shaped_rows(view, queryset: QuerySet) -> ShapedRows | None:
    """`queryset` as the list `view` filters it by its filter set for its request, when every
    filter the request names is one of the set's `parameter_filters`; None otherwise, or when the
    filters are invalid (the filter backend then answers the error)."""
    backends = list(view.filter_backends)
    if backends[:1] != [DjangoFilterBackend] or not all(b in ORDERING_BACKENDS for b in backends[1:]):
        return None
    filterset = DjangoFilterBackend().get_filterset(view.request, queryset, view)
    if filterset is None or not getattr(filterset, "compiles", False):
        return None
    if not filterset.is_valid():
        return None
    filters = {
        name: value
        for name, value in (filterset.named_form.cleaned_data if filterset.named else {}).items()
        if value not in EMPTY_VALUES
    }
    key = (type(view), tuple(filters))

    def build(values: Mapping[str, Any]) -> QuerySet:
        return filterset.apply_values(queryset, values)

    return ShapedRows(build, filters, key, queryset.db, ordered=queryset.ordered)


class ShapedListMixin:
    """A list whose pages are compiled once per shape (see the module's docstring)."""

    def filter_queryset(self, queryset):
        if getattr(self, "action", None) != "list" or (shaped := shaped_rows(self, queryset)) is None:
            return super().filter_queryset(queryset)  # type: ignore[misc]
        for backend in self.filter_backends[1:]:  # type: ignore[attr-defined]
            shaped = backend().filter_queryset(self.request, shaped, self)  # type: ignore[attr-defined]
        return shaped
