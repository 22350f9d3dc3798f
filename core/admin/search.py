"""The admin's searched lists count their rows only so far: a common word matches a large share
of an archive, and counting every match would read them all on each page."""

from __future__ import annotations

from typing import cast

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

# Ten pages of a hundred: what a reader pages through before narrowing the search.
SEARCH_COUNT_CAP = 1_000


class CappedCountPaginator(Paginator):
    """A paginator that counts at most `cap` rows, however many match beyond them (then
    `capped` is true, and the list says "More than 1000")."""

    cap = SEARCH_COUNT_CAP

    @cached_property
    def counted(self) -> int:
        """The rows, counted up to one past the cap."""
        return cast(QuerySet, self.object_list)[: self.cap + 1].count()

    @cached_property
    def capped(self) -> bool:
        return self.counted > self.cap

    @cached_property
    def count(self) -> int:
        return min(self.counted, self.cap)
