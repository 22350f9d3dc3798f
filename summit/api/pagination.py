"""Pagination: cursors for the big, growing lists; page numbers (without a count) elsewhere."""

from django.core.exceptions import ImproperlyConfigured
from rest_framework import pagination

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
