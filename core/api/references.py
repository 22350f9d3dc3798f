"""Filters by reference (a slug, key or id naming a row of another table), shaped for the planner."""

import django_filters as filters
from django import forms
from django.db.models import Subquery
from drf_spectacular.utils import extend_schema_field

# Ids are bigints.
MAX_ID = 2**63 - 1


def id_of(model, field: str, value: str) -> Subquery:
    """`(SELECT id FROM … WHERE field = value)`: compared with a foreign key, it lets the planner walk
    the (foreign key, id) index in page order instead of joining and sorting every match."""
    return Subquery(model.objects.filter(**{field: value}).order_by().values("id")[:1])


def id_named(model, field: str, value: str) -> int | None:
    """The id of the row `value` names (None: no such row), read before the list's query.

    For a filter through a join that no index leads with (the outlet of a statement's article),
    a constant gives the planner that row's own statistics: a walk of the list, newest first, for
    a busy outlet, and the outlet's few rows for a rare one. Behind a subquery it would plan the
    walk for every outlet, which reads the whole table for an outlet of one statement.
    """
    return model.objects.filter(**{field: value}).values_list("id", flat=True).first()


class IdFilter(filters.Filter):
    """A row named by its id: a whole number from 1 to the last bigint, refused (400) otherwise.
    A number filter took "7.5" or "7e0" for the row 7, and the schema called it a number."""

    field_class = forms.IntegerField

    def __init__(self, *args, help_text: str = "", **kwargs):
        super().__init__(*args, min_value=1, max_value=MAX_ID, help_text=help_text, **kwargs)
        # The schema's type and range; an override's description is its own, not the help text.
        schema = {"type": "integer", "minimum": 1, "maximum": MAX_ID, "description": help_text}
        extend_schema_field(schema)(self)
