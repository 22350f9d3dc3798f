"""Bounds on what a client may send: body size (413), JSON nesting (400) and query-string
length (414).

DRF reads JSON bodies straight from the stream, past Django's DATA_UPLOAD_MAX_MEMORY_SIZE,
so the limit is enforced here: by Content-Length up front, and while reading for bodies
that do not declare their length.
"""

from io import BytesIO

from django.conf import settings
from django.db import OperationalError
from django.http import JsonResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language, gettext
from psycopg.errors import QueryCanceled
from rest_framework import parsers, status
from rest_framework.exceptions import APIException, ParseError

from core.views import nothing_at

MAX_QUERY_STRING = 4096
# The deepest JSON body accepted: the deepest the API takes is 3 (a statement's `via` list of
# objects). Validation and error reporting walk bodies recursively, so depth stays bounded.
MAX_JSON_DEPTH = 32


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"

    def __init__(self):
        super().__init__(
            gettext("The request body is larger than %(limit)d bytes.")
            % {"limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}
        )


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if stream is not None and hasattr(stream, "read"):
            raw = stream.read(limit + 1)
            if len(raw) > limit:
                raise RequestTooLarge()
            stream = BytesIO(raw)
        too_deep = ParseError(
            gettext("The JSON body is nested deeper than %(depth)d levels.") % {"depth": MAX_JSON_DEPTH}
        )
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise too_deep from None
        if json_depth(data) > MAX_JSON_DEPTH:
            raise too_deep
        return data


def json_depth(data) -> int:
    """How deeply `data` nests lists and objects (a scalar is 0), walked without recursion."""
    deepest = 0
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else None
        if children is None:
            continue
        deepest = max(deepest, depth)
        if depth > MAX_JSON_DEPTH:
            break
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return deepest


def _error(status_code: int, code: str, detail: str) -> JsonResponse:
    response = JsonResponse(
        {"status": status_code, "code": code, "detail": detail, "errors": []}, status=status_code
    )
    # Said here, not left to LocaleMiddleware: JsonErrorsMiddleware's answers replace Django's
    # outside it, and every API answer names its language.
    response["Content-Language"] = get_language()
    patch_vary_headers(response, ["Accept-Language"])
    return response


class RequestLimitsMiddleware:
    """Refuses oversized API requests before any view reads them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/"):
            if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_STRING:
                return _error(
                    414,
                    "uri_too_long",
                    gettext("The query string is longer than %(length)d characters.")
                    % {"length": MAX_QUERY_STRING},
                )
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                return _error(400, "invalid", gettext("The Content-Length header is not a number."))
            if length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
                return _error(413, "request_too_large", RequestTooLarge().detail)
        return self.get_response(request)


def query_timeout_detail() -> str:
    seconds = settings.REQUEST_STATEMENT_TIMEOUT / 1000
    message = gettext(
        "The request took longer than the server allows (%(seconds)s s) and was stopped; "
        "narrow it: more or longer words in `q`, another filter, a smaller `page_size`."
    )
    return message % {"seconds": f"{seconds:g}"}


class JsonErrorsMiddleware:
    """Under /api/, errors Django answers itself (an unknown URL, even with DEBUG on) come as JSON too,
    and a statement stopped by REQUEST_STATEMENT_TIMEOUT is a 503 `query_timeout` wherever it was
    noticed (a database that is down: core/outage.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def process_exception(self, request, exception):
        if not request.path.startswith("/api/"):
            return None
        if isinstance(exception, OperationalError) and isinstance(exception.__cause__, QueryCanceled):
            return _error(503, "query_timeout", query_timeout_detail())
        return None

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path.startswith("/api/")
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            if response.status_code == 404:
                return _error(404, "not_found", nothing_at(request.path))
            if response.status_code >= 500:
                return _error(
                    response.status_code,
                    "server_error",
                    gettext("An unexpected error occurred; it has been logged."),
                )
            return _error(response.status_code, "error", gettext("The request was refused."))
        return response
