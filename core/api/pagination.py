"""Pagination without a count: keyset cursors for the lists that grow fastest, page numbers
for the lists a reader sorts (`ordering`). Neither runs COUNT(*), which at a newsroom's
scale costs more than the page itself; both answer `{next, previous, results}`."""

from django.core.exceptions import ImproperlyConfigured
from rest_framework import pagination
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

MAX_PAGE_SIZE = 200
# PostgreSQL's OFFSET is a bigint; a page past it cannot exist and must not reach the database.
MAX_OFFSET = 2**62
# The cursors' positions are bigints (ids, a quote's start): past it the ORM writes another condition.
MAX_POSITION = 2**63 - 1


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=N`: reads one row more than the page to know whether another follows."""

    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    last_page_strings = ()  # "last" would need the count
    template = "rest_framework/pagination/previous_and_next.html"

    def paginate_queryset(self, queryset, request, view=None):
        # An unordered queryset pages unpredictably; refuse it loudly in development.
        if hasattr(queryset, "ordered") and not queryset.ordered:
            raise ImproperlyConfigured(f"{view.__class__.__name__} pages an unordered queryset.")
        self.request = request
        size = self.get_page_size(request)
        if not size:
            return None
        self.number = self._page_number(request)
        offset = (self.number - 1) * size
        if offset > MAX_OFFSET:
            raise NotFound(self.invalid_page_message)
        rows = list(queryset[offset : offset + size + 1])
        if not rows and self.number > 1:
            raise NotFound(self.invalid_page_message)
        self.has_next = len(rows) > size
        self.display_page_controls = self.has_next or self.number > 1
        return rows[:size]

    def _page_number(self, request) -> int:
        value = request.query_params.get(self.page_query_param) or "1"
        # ASCII digits only: int() would also take "١", " 2" or "1_0".
        if not (value.isascii() and value.isdigit()) or int(value) < 1:
            raise NotFound(self.invalid_page_message)
        return int(value)

    def get_paginated_response(self, data):
        return Response({"next": self.get_next_link(), "previous": self.get_previous_link(), "results": data})

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "nullable": True, "format": "uri"}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "next": {**link, "example": f"http://api.example.org/accounts/?{self.page_query_param}=4"},
                "previous": {
                    **link,
                    "example": f"http://api.example.org/accounts/?{self.page_query_param}=2",
                },
                "results": schema,
            },
        }

    def get_next_link(self):
        if not self.has_next:
            return None
        return replace_query_param(self.request.build_absolute_uri(), self.page_query_param, self.number + 1)

    def get_previous_link(self):
        if self.number == 1:
            return None
        url = self.request.build_absolute_uri()
        if self.number == 2:
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, self.number - 1)

    def get_html_context(self):
        return {"previous_url": self.get_previous_link(), "next_url": self.get_next_link()}


class CursorPagination(pagination.CursorPagination):
    """Keyset pages: stable while rows are inserted, and no COUNT(*) on big tables."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    ordering = "-id"

    def decode_cursor(self, request):
        # Every cursor list here is ordered by an integer column, whose values this API wrote
        # into its links as ASCII digits. A position made up otherwise is refused as DRF refuses a
        # malformed cursor: "x" made the ORM raise (a 500), and "1_0" or "٣" were read as numbers.
        cursor = super().decode_cursor(request)
        if cursor is not None and cursor.position is not None and position_of(cursor.position) is None:
            raise NotFound(self.invalid_cursor_message)
        return cursor


def position_of(text: str) -> int | None:
    """The integer a cursor's position writes (None: not one this API writes)."""
    if not (text.isascii() and text.isdigit()) or int(text) > MAX_POSITION:
        return None
    return int(text)
