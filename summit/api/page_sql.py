"""The SQL of list pages that name no filter, compiled once per ordering and slice.

The articles and speakers lists cost PostgreSQL about 0.45 ms a page at a million claims;
building and compiling their query with the ORM, then iterating its `values()`, cost another
0.3 ms (docs/performance.md). Two such pages differ only by their ordering and slice, so each
shape is compiled once and its rows read straight from the cursor, as `values()` gives them.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from threading import Lock

from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import ValuesIterable

# Shapes kept: every ordering of a list times the page sizes and numbers readers ask for.
# Beyond it the least recently used shape is compiled again when it returns.
MAX_SHAPES = 512


@dataclass(frozen=True)
class CompiledPage:
    sql: str
    params: tuple
    names: tuple[str, ...]


def compile_page(page: QuerySet) -> CompiledPage | None:
    """`page`'s SQL and the names of its columns, or None when its rows cannot be read straight
    from the cursor: not `values()` rows, or a column the ORM converts after reading."""
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
    return CompiledPage(sql, tuple(params), names)


class PageSQL:
    """Compiled pages by shape: `rows(page, key)` gives `list(page)`, compiling it only the first
    time `key` is seen. The caller's `key` must determine the SQL: the same key, the same query."""

    def __init__(self, max_shapes: int = MAX_SHAPES):
        self.max_shapes = max_shapes
        self._pages: OrderedDict[Hashable, CompiledPage | None] = OrderedDict()
        self._lock = Lock()  # threaded servers share the module

    def rows(self, page: QuerySet, key: Hashable) -> list[dict]:
        compiled = self._compiled(page, key)
        if compiled is None:
            return list(page)
        with connections[page.db].cursor() as cursor:
            cursor.execute(compiled.sql, compiled.params)
            return [dict(zip(compiled.names, row, strict=True)) for row in cursor.fetchall()]

    def _compiled(self, page: QuerySet, key: Hashable) -> CompiledPage | None:
        with self._lock:
            if key in self._pages:
                self._pages.move_to_end(key)
                return self._pages[key]
        compiled = compile_page(page)  # outside the lock: another thread may compile it too
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


UNFILTERED_PAGES = PageSQL()
