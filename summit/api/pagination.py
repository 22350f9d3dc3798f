"""Pagination: cursors for the big, growing lists; page numbers (without a count) elsewhere."""

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from rest_framework import pagination
from rest_framework.exceptions import NotFound

MAX_PAGE_SIZE = 200


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        # An unordered queryset pages unpredictably; refuse it loudly in development.
        if hasattr(queryset, "ordered") and not queryset.ordered:
            raise ImproperlyConfigured(f"{view.__class__.__name__} pages an unordered queryset.")
        return super().paginate_queryset(queryset, request, view)


class CursorPagination(pagination.CursorPagination):
    """Keyset pages: stable while rows are inserted, and no COUNT(*) on big tables."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    ordering = "-id"


@dataclass(frozen=True)
class Window:
    """The rows one cursor page reads: at most `rows`, beyond `position` (None: from the start)
    in the order `-id`, or in the order `id` when `reverse` (a "previous" link)."""

    position: int | None
    reverse: bool
    rows: int


def page_window(request) -> Window | None:
    """The window of the `-id` cursor page `request` lists, or None when it lists no such page.

    A filter that can only be fast with a LIMIT of its own (search: see claims.api.filters)
    needs to know how far the page reads. Detail routes, exports and other orderings get None.
    """
    view = (getattr(request, "parser_context", None) or {}).get("view")
    paginator = getattr(view, "paginator", None) if getattr(view, "action", None) == "list" else None
    if not isinstance(paginator, CursorPagination) or paginator.ordering != "-id":
        return None
    try:
        cursor = paginator.decode_cursor(request)
        position = None if cursor is None or cursor.position is None else int(cursor.position)
    except (NotFound, ValueError):
        return None  # the paginator answers a bad cursor itself
    size = paginator.get_page_size(request)
    if size is None:
        return None
    rows = size + 1  # DRF reads one row more to know there is a next page
    if cursor is None:
        return Window(None, False, rows)
    return Window(position, cursor.reverse, cursor.offset + rows)
