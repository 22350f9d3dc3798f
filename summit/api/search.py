"""The API's filter sets, and `q`: each model's one search (`summit.search`), whose terms the
request's form checks, so a search too short is a 400 naming `q`."""

import copy
from functools import cached_property

import django_filters as filters
from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict

from summit.api.pagination import page_window
from summit.api.references import id_named, id_of
from summit.search import Search

# The most rows a page may read for a skewed filter's row to be named by a subquery (below).
SUBQUERY_PAGE_ROWS = 101

_FORM_CLASSES: dict[tuple[type, tuple[str, ...]], type] = {}


class PageIds:
    """What a filter returns when it has selected the page's rows under every filter of the
    request (`first_matches`): the page then reads those ids alone.

    Filtered again by the others, the page's query multiplied their selectivities into the
    union's estimate: at a million claims it expected 3 rows of 562 for a search beside an
    outlet, a stance and a status, and joined the speakers and topics by scanning them once per
    row (0.5 s of 0.8 s).
    """

    __slots__ = ("ids",)

    def __init__(self, ids):
        self.ids = ids


class LeanFilterSet(filters.FilterSet):
    """A filter set that costs only the filters the request names.

    DRF filters the queryset of every list and detail route; django-filter would deep-copy
    every filter and build and validate a form of all of them each time (1-2 ms a request,
    measured by `manage.py bench`), although a filter the request does not name filters
    nothing. Here validation and filtering use only the named filters (a parameter named like
    a filter or starting with its name, as range filters' `<name>_min` do); `filters` and
    `form`, which a browsable form or a schema may ask for, still hold them all.

    `parameter_filters` names the filters whose value only ever fills parameters of the SQL they
    write, never deciding which SQL (no branch on it, no row read first): a list request naming
    only those is compiled once per shape (summit/api/shapes.py).
    """

    parameter_filters: tuple[str, ...] = ()
    # Parameter filters naming a row whose share of the list ranges from one to thousands (a
    # speaker's claims): see `row_named`.
    skewed_filters: tuple[str, ...] = ()
    # Filters bounding one range, (start, end): a range ending before it starts is a 400 naming
    # its end. It matches nothing, but PostgreSQL cannot tell: it walked every claim to find none
    # (1.7 s at a million claims).
    ranges: tuple[tuple[str, str], ...] = ()

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        # FilterSet.__init__ is skipped on purpose: it deep-copies every filter.
        self.is_bound = data is not None
        self.data = data if data is not None else QueryDict()
        self.queryset = queryset if queryset is not None else self._meta.model._default_manager.all()
        self.request, self.form_prefix = request, prefix
        self.named = [
            name
            for name in self.base_filters
            if prefix is not None or any(key.startswith(name) for key in self.data)
        ]

    @property
    def compiles(self) -> bool:
        """Whether this request's list page may be compiled: it names parameter filters only, and
        no skewed filter unless the page is small."""
        named = set(self.named)
        if not named <= set(self.parameter_filters):
            return False
        return named.isdisjoint(self.skewed_filters) or self.small_page

    @cached_property
    def small_page(self) -> bool:
        """Whether the request lists a cursor page reading at most SUBQUERY_PAGE_ROWS rows."""
        window = page_window(self.request)
        return window is not None and window.rows <= SUBQUERY_PAGE_ROWS

    def row_named(self, model, field: str, value: str):
        """The row a skewed filter names: a subquery on a compiled page, else its id read first
        (None: no such row).

        Behind a subquery PostgreSQL takes every speaker for the average one (100 claims, 200
        statements at a million claims). For a small page it walks the speaker's index in page
        order either way; for a page of 200 it collected and sorted the most quoted speaker's 10 000
        claims (27 ms) or 20 000 statements (0.45 s), and beside a search it tested the word in
        each of them (0.2 s). Knowing the speaker's share, it walks the index. The constant costs
        a query and the compiled page, 1.5 ms, so small pages keep the subquery.
        """
        if self.compiles:
            return id_of(model, field, value)
        return self.id_named(model, field, value)

    def _copies(self, names) -> dict:
        copies = {name: copy.deepcopy(self.base_filters[name]) for name in names}
        for filter_ in copies.values():
            filter_.model, filter_.parent = self.queryset.model, self
        return copies

    @cached_property
    def filters(self):  # type: ignore[override]
        return self._copies(self.base_filters)

    @cached_property
    def named_filters(self) -> dict:
        return self._copies(self.named)

    @cached_property
    def named_form(self):
        form_class = self._form_class()
        return (
            form_class(self.data, prefix=self.form_prefix)
            if self.is_bound
            else form_class(prefix=self.form_prefix)
        )

    def _form_class(self) -> type:
        """The form of the named filters, made once per filter set and names: making a form
        class (its metaclass collects and orders the fields) cost 0.1 ms of each filtered
        request. Sharing it is safe, as every form deep-copies its class's fields; a filter whose
        field depends on the request (a queryset read per request) makes the class each time."""
        key = (type(self), tuple(self.named))
        if key in _FORM_CLASSES:
            return _FORM_CLASSES[key]
        fields = {name: filter_.field for name, filter_ in self.named_filters.items()}
        form_class = type(f"{type(self).__name__}Form", (self._meta.form,), fields)
        if not any(isinstance(f, filters.filters.QuerySetRequestMixin) for f in self.named_filters.values()):
            _FORM_CLASSES[key] = form_class
        return form_class

    def is_valid(self):
        # Nothing named, nothing to validate: no form is built (most requests name no filter).
        if not self.is_bound or not self.named:
            return self.is_bound
        form = self.named_form
        if not form.is_valid():
            return False
        for start, end in self.ranges:
            low, high = form.cleaned_data.get(start), form.cleaned_data.get(end)
            if low is not None and high is not None and low > high:
                message = "Must not be earlier than %(start)s."
                form.add_error(end, ValidationError(message, code="before_start", params={"start": start}))
        return form.is_valid()

    @property
    def errors(self):
        return self.named_form.errors

    def filter_queryset(self, queryset):
        return self.apply(queryset)

    @property
    def on_one_row(self) -> bool:
        """Whether the request's view reads one row (a detail route) rather than a list."""
        view = (getattr(self.request, "parser_context", None) or {}).get("view")
        return bool(getattr(view, "detail", False))

    def apply(self, queryset, *, without: tuple[str, ...] = ()):
        """`queryset` filtered by the filters the request names, but for those `without`."""
        if not self.named:
            return queryset
        cleaned = self.named_form.cleaned_data
        return self.apply_values(
            queryset, {name: value for name, value in cleaned.items() if name not in without}
        )

    def apply_values(self, queryset, values):
        """`queryset` filtered by named filters given their values (name -> value)."""
        unfiltered = queryset
        for name, value in values.items():
            queryset = self.named_filters[name].filter(queryset, value)
            if isinstance(queryset, PageIds):
                return unfiltered.filter(id__in=queryset.ids)
        return queryset

    def id_named(self, model, field: str, value: str) -> int | None:
        """`summit.api.references.id_named`, read once per request: search applies the other
        filters again for each of its ways."""
        cache = self.__dict__.setdefault("_ids_named", {})
        key = (model, field, value)
        if key not in cache:
            cache[key] = id_named(model, field, value)
        return cache[key]

    @property
    def qs(self):
        if not hasattr(self, "_qs"):
            self._qs = (
                self.filter_queryset(self.queryset.all())
                if self.is_bound and self.is_valid()
                else self.queryset.all()
            )
        return self._qs


class SearchField(forms.CharField):
    """A search's terms (a list; none when blank), checked by the model's `Search`."""

    def __init__(self, *, search: Search, **kwargs):
        self.search = search
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        return self.search.terms(text) if text else []


class SearchFilter(filters.CharFilter):
    """`q`: the rows the model's `Search` finds, as one condition the other filters, the
    ordering and the pagination compose with."""

    field_class = SearchField

    def __init__(self, search: Search, *, help_text: str, **kwargs):
        self.search = search
        super().__init__(search=search, help_text=f"{help_text} {search.rule}", **kwargs)

    def filter(self, qs, value):
        return qs.filter(self.search.match(value)) if value else qs


class SearchFilterSet(LeanFilterSet):
    """A filter set with `q`, declared by each as a `SearchFilter`."""

    narrow_filters: tuple[str, ...] = ()
