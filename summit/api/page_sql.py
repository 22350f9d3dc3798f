"""The SQL of list pages compiled once per shape, their rows read straight from the cursor.

The articles and speakers lists cost PostgreSQL about 0.45 ms a page at a million claims;
building and compiling their query with the ORM, then iterating its `values()`, cost another
0.3 ms (docs/performance.md). A page's values (a filter's slug, a cursor's position) are
compiled as placeholders and its rows read with each request's values in their slots, as
`values()` gives them (summit/api/shapes.py decides which pages are).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from threading import Lock
from typing import Any

from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import ValuesIterable

from summit.api.templates import filled, slotted

# Shapes kept: every ordering of a list times the page sizes and numbers readers ask for.
# Beyond it the least recently used shape is compiled again when it returns.
MAX_SHAPES = 512


@dataclass(frozen=True)
class CompiledPage:
    sql: str
    params: tuple  # constants, and a `Slot` for each value of `placeholders`
    names: tuple[str, ...]


def compile_page(page: QuerySet, placeholders: Mapping[str, Any] | None = None) -> CompiledPage | None:
    """`page`'s SQL and the names of its columns, or None when its rows cannot be read straight
    from the cursor: not `values()` rows, or a column the ORM converts after reading. Parameters
    equal to a value of `placeholders` become slots (ValueError: see `templates.slotted`)."""
    if page._iterable_class is not ValuesIterable:
        return None
    query = page.query
    compiler = query.get_compiler(page.db)
    sql, params = compiler.as_sql()
    columns = [column for column, _, _ in compiler.select[: compiler.col_count]]
    if compiler.get_converters(columns):
        return None
    names = (*query.extra_select, *query.values_select, *query.annotation_select)
    if len(names) != len(columns):  # pragma: no cover - a guard on how values() names its columns
        raise ValueError(f"{len(columns)} columns compiled for the names {names!r}.")
    return CompiledPage(sql, slotted(params, placeholders or {}), names)


class PageSQL:
    """Compiled pages by shape, the least recently used forgotten first. The caller's key must
    determine the SQL: the same key, the same query."""

    def __init__(self, max_shapes: int = MAX_SHAPES):
        self.max_shapes = max_shapes
        self._pages: OrderedDict[Hashable, CompiledPage | None] = OrderedDict()
        self._lock = Lock()  # threaded servers share the module

    def compiled(self, key: Hashable, compile: Callable[[], CompiledPage | None]) -> CompiledPage | None:
        """The page compiled for `key`, by `compile()` the first time (None: it cannot be)."""
        with self._lock:
            if key in self._pages:
                self._pages.move_to_end(key)
                return self._pages[key]
        compiled = compile()  # outside the lock: another thread may compile it too
        with self._lock:
            self._pages[key] = compiled
            while len(self._pages) > self.max_shapes:
                self._pages.popitem(last=False)
        return compiled

    def __len__(self) -> int:
        return len(self._pages)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()


def read(compiled: CompiledPage, using: str, values: Mapping[str, Any] | None = None) -> list[dict]:
    """The rows of `compiled`, run with `values` in its slots, as `values()` gives them."""
    with connections[using].cursor() as cursor:
        cursor.execute(compiled.sql, filled(compiled.params, values or {}))
        return [dict(zip(compiled.names, row, strict=True)) for row in cursor.fetchall()]
