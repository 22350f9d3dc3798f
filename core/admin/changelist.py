"""The change list every summit admin uses, shaped for an archive's scale.

- **Sorting by a column** reads the page from an index in that order. Django breaks ties by
  `-pk` whichever way a column is sorted, so "status, ascending" meant `status ASC, id DESC`,
  which an index on `(status, id)` cannot give: PostgreSQL sorted the whole table (0.6-1.8 s
  a page at a million claims). Here ties follow the column's direction, so one index serves
  both (docs/performance.md).
"""

from __future__ import annotations

from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist
from django.db.models import OrderBy


def descending(part, opts, depth: int = 0) -> bool:
    """Whether an admin ordering part ("-name", "name", an expression) sorts descending in SQL:
    a relation sorts by its model's ordering, so `claim` (ordered "-id") sorts by its id descending."""
    if isinstance(part, OrderBy):
        return part.descending
    if not isinstance(part, str):
        return False
    name = part.removeprefix("-")
    reverse = name != part
    try:
        field = opts.get_field(name)
    except FieldDoesNotExist:
        return reverse
    related = field.related_model if field.is_relation and depth < 3 else None  # 3: ordering cycles
    if related is None or not related._meta.ordering:
        return reverse
    return reverse != descending(related._meta.ordering[0], related._meta, depth + 1)


class ArchiveChangeList(ChangeList):
    def _get_deterministic_ordering(self, ordering):
        ordering = list(ordering)
        deterministic = super()._get_deterministic_ordering(ordering)
        # Django appends "-pk" when nothing in `ordering` is unique: follow the first column's way.
        if len(deterministic) > len(ordering) and deterministic[-1] == "-pk" and ordering:
            deterministic[-1] = "-pk" if descending(ordering[0], self.lookup_opts) else "pk"
        return deterministic
