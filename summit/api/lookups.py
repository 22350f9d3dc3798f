"""Look-ups by a list of ids whose SQL is built once.

A page's second queries (its claims' verdicts, its statements' chains, its contradictions'
claims) differ only in the ids they ask for. Building and compiling the queryset each time cost
about 0.6 ms of Python, more than PostgreSQL took to plan and run the query (docs/performance.md).
With the ids passed as one array (`= ANY(%s)` instead of `IN (%s, %s, …)`) the SQL text never
changes: the ORM writes it once, from the models, and each page only runs it.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from functools import cached_property

from django.db import connections, models
from django.db.models import Lookup


@models.ForeignKey.register_lookup
@models.BigAutoField.register_lookup
class AnyOf(Lookup):
    """`field = ANY(%s)`: the ids as one array parameter, whatever their number."""

    lookup_name = "any_of"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return "%s", [list(value)]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]


class ByIds:
    """`model.objects.filter(<key>__any_of=ids).order_by(*order_by).values(*fields)`, compiled
    on first use; `rows(ids)` runs it and gives dicts keyed by `fields`, like `values()`."""

    def __init__(
        self, model: type[models.Model], key: str, fields: Sequence[str], order_by: Sequence[str] = ()
    ):
        self.model, self.key, self.fields, self.order_by = model, key, tuple(fields), tuple(order_by)

    @cached_property
    def sql(self) -> str:
        queryset = self.model._default_manager.filter(**{f"{self.key}__any_of": [0]})
        query = queryset.order_by(*self.order_by).values(*self.fields).query
        sql, params = query.get_compiler(queryset.db).as_sql()
        if len(params) != 1:  # pragma: no cover - a guard on the one parameter this relies on
            raise ValueError(f"{self.model.__name__} look-up compiled with parameters {params!r}.")
        return sql

    def rows(self, ids: Collection[int], using: str = "default") -> list[dict]:
        if not ids:
            return []
        with connections[using].cursor() as cursor:
            cursor.execute(self.sql, [list(ids)])
            return [dict(zip(self.fields, row, strict=True)) for row in cursor.fetchall()]
