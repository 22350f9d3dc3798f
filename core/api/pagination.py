"""Pagination without a count: keyset cursors for the lists that grow fastest, page numbers
for the lists a reader sorts (`ordering`). Neither runs COUNT(*), which at a newsroom's
scale costs more than the page itself. Both answer `{next, previous, next_cursor,
previous_cursor, results}`: the links, and the values of `cursor` (or `page`) they carry, so that
a client pages by passing a value back rather than by parsing a URL."""

from urllib.parse import parse_qs, quote, urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext
from rest_framework import pagination
from rest_framework.exceptions import ErrorDetail, NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

MAX_PAGE_SIZE = 200
# PostgreSQL's OFFSET is a bigint; a page past it cannot exist and must not reach the database.
MAX_OFFSET = 2**62
# The cursors' positions are bigints (ids, a quote's start): past it the ORM writes another condition.
MAX_POSITION = 2**63 - 1
# The examples the schema shows, shaped like this API's own links.
EXAMPLE_BASE = "https://summit.example.org/api/v1"


def whole_number(request, name: str) -> int | None:
    """The query parameter `name` as a whole number from 1 (None: not given, or empty).

    Zero, negatives and anything but ASCII digits are a 400 naming the parameter: DRF would
    quietly use its default instead, and int() would also take "١", " 2" or "1_0".
    """
    value = request.query_params.get(name) or ""
    if not value:
        return None
    if not (value.isascii() and value.isdigit()) or int(value) < 1:
        message = gettext("Must be a whole number from 1; %(value)s is not.") % {"value": repr(value)}
        raise ValidationError({name: [ErrorDetail(message, code="invalid")]})
    return int(value)


def page_size_of(request, paginator) -> int:
    """The page size asked for, capped at `max_page_size` (a larger one is clamped, not refused)."""
    size = whole_number(request, paginator.page_size_query_param)
    return paginator.page_size if size is None else min(size, paginator.max_page_size)


def paged_response(paginator, data) -> Response:
    next_link, previous_link = paginator.get_next_link(), paginator.get_previous_link()
    return Response(
        {
            "next": next_link,
            "previous": previous_link,
            "next_cursor": paginator.cursor_in(next_link),
            "previous_cursor": paginator.cursor_in(previous_link),
            "results": data,
        }
    )


def paged_schema(schema, name: str, resource: str, next_value: str, previous_value: str) -> dict:
    """The page object's schema; `resource` names the list in the examples (`claims`)."""
    link = {"type": "string", "nullable": True, "format": "uri"}
    token = {"type": "string", "nullable": True}
    url = f"{EXAMPLE_BASE}/{resource}/"
    return {
        "type": "object",
        "required": ["next", "previous", "next_cursor", "previous_cursor", "results"],
        "properties": {
            "next": {
                **link,
                "description": "The next page's URL; null on the last page.",
                "example": f"{url}?{name}={quote(next_value)}",
            },
            "previous": {
                **link,
                "description": "The previous page's URL; null on the first page.",
                "example": f"{url}?{name}={quote(previous_value)}",
            },
            "next_cursor": {
                **token,
                "description": f"The value of `{name}` that asks for the next page; null on the last page.",
                "example": next_value,
            },
            "previous_cursor": {
                **token,
                "description": f"The value of `{name}` that asks for the previous page; null on the first "
                "page.",
                "example": previous_value,
            },
            "results": schema,
        },
    }


def resource_of(schema) -> str:
    """The list a page schema's items belong to, for its examples: `Claim` -> `claims`."""
    reference = schema.get("items", {}).get("$ref", "") if isinstance(schema, dict) else ""
    name = reference.rsplit("/", 1)[-1] or "item"
    return name[0].lower() + name[1:] + "s"


def declare_whole_numbers(parameters: list[dict], names: set[str]) -> list[dict]:
    for parameter in parameters:
        if parameter["name"] in names:
            parameter["schema"] = {**parameter["schema"], "type": "integer", "minimum": 1}
    return parameters


class PageMixin:
    """What both paginators answer alike: the page size asked for, refused when it is no whole
    number, and `{next, previous, next_cursor, previous_cursor, results}`."""

    def get_page_size(self, request):
        return page_size_of(request, self)

    def get_paginated_response(self, data):
        return paged_response(self, data)


class PageNumberPagination(PageMixin, pagination.PageNumberPagination):
    """`?page=N`: reads one row more than the page to know whether another follows."""

    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    last_page_strings = ()  # "last" would need the count
    description = (
        "Pages are numbered from 1 (`page`), with no count of rows or pages: a page's `next_cursor` is "
        "the next page's number, null on the last page."
    )
    template = "rest_framework/pagination/previous_and_next.html"

    def paginate_queryset(self, queryset, request, view=None):
        # An unordered queryset pages unpredictably; refuse it loudly in development.
        if hasattr(queryset, "ordered") and not queryset.ordered:
            raise ImproperlyConfigured(f"{view.__class__.__name__} pages an unordered queryset.")
        self.request = request
        size = self.get_page_size(request)
        if not size:
            return None
        self.number = whole_number(request, self.page_query_param) or 1
        offset = (self.number - 1) * size
        if offset > MAX_OFFSET:
            raise NotFound(self.invalid_page_message)
        rows = list(queryset[offset : offset + size + 1])
        if not rows and self.number > 1:
            raise NotFound(self.invalid_page_message)
        self.has_next = len(rows) > size
        self.display_page_controls = self.has_next or self.number > 1
        return rows[:size]

    def cursor_in(self, link: str | None) -> str | None:
        """The page number a link asks for ("1" for the first page's link, which names none)."""
        if link is None:
            return None
        return parse_qs(urlsplit(link).query).get(self.page_query_param, ["1"])[0]

    def get_paginated_response_schema(self, schema):
        return paged_schema(schema, self.page_query_param, resource_of(schema), "4", "2")

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        return declare_whole_numbers(parameters, {self.page_query_param, self.page_size_query_param})

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


class CursorPagination(PageMixin, pagination.CursorPagination):
    """Keyset pages: stable while rows are inserted, and no COUNT(*) on big tables."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    ordering = "-id"
    description = (
        "Newest first, in pages that hold their place while rows are added: pass a page's `next_cursor` "
        "back as `cursor` for the next page (null on the last)."
    )

    def cursor_in(self, link: str | None) -> str | None:
        """The cursor a link carries."""
        if link is None:
            return None
        return parse_qs(urlsplit(link).query).get(self.cursor_query_param, [None])[0]

    def get_paginated_response_schema(self, schema):
        # Cursors as this API writes them: base64 of the position (`p=`), and `r=1` going back.
        return paged_schema(
            schema, self.cursor_query_param, resource_of(schema), "cD00ODEy", "cj0xJnA9NDg1Mw=="
        )

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        return declare_whole_numbers(parameters, {self.page_size_query_param})

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
