"""Filters by reference (a slug or key naming a row of another table), shaped for the planner."""

from django.db.models import Exists, Subquery


def id_of(model, field: str, value: str) -> Subquery:
    """`(SELECT id FROM … WHERE field = value)`: compared with a foreign key, it lets the planner walk
    the (foreign key, id) index in page order instead of joining and sorting every match."""
    return Subquery(model.objects.filter(**{field: value}).order_by().values("id")[:1])


def names_a_row(model, field: str, value: str) -> Exists:
    """True when `value` names a row of `model`. Uncorrelated, PostgreSQL evaluates it once before
    the scan (a One-Time Filter): a slug that names nothing answers at once, where a filter through
    joins would otherwise test every row of the list (10 s for `/claims/?outlet=` at 1M claims)."""
    return Exists(model.objects.filter(**{field: value}))
