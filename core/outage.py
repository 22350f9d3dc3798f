"""A database that cannot be reached is a 503 the client may retry, on every page.

The API answers its JSON error (`service_unavailable`), other pages (the admin) a short HTML
page; both carry Retry-After. A statement stopped by REQUEST_STATEMENT_TIMEOUT is no outage:
the API answers it as `query_timeout` (core/api/limits.py).
"""

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.utils.html import format_html
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from psycopg.errors import QueryCanceled

# Seconds a client is asked to wait before retrying: about as long as PostgreSQL takes to restart.
RETRY_AFTER_SECONDS = 5
DETAIL = _("The database is unavailable; retry in a few seconds.")
PAGE = '<!doctype html><html lang="{}"><meta charset="utf-8"><title>{}</title><h1>{}</h1><p>{}</p></html>\n'


def is_outage(exception: BaseException) -> bool:
    """Whether `exception` says the database cannot be reached (or the connection was lost)."""
    if isinstance(exception, OperationalError) and isinstance(exception.__cause__, QueryCanceled):
        return False
    return isinstance(exception, OperationalError | InterfaceError) or type(exception) is DatabaseError


def unavailable(request) -> HttpResponse:
    if request.path.startswith("/api/"):
        body = {"status": 503, "code": "service_unavailable", "detail": str(DETAIL), "errors": []}
        response: HttpResponse = JsonResponse(body, status=503)
    else:
        title = gettext("Service unavailable")
        response = HttpResponse(format_html(PAGE, get_language(), title, title, DETAIL), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseOutageMiddleware:
    """Answers `unavailable` for a view that found the database unreachable, instead of a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        return unavailable(request) if is_outage(exception) else None
