"""Error pages: JSON under /api/ (one error shape for clients), Django's pages elsewhere."""

from django.http import JsonResponse
from django.utils.translation import gettext
from django.views import defaults


def _json_error(status: int, code: str, detail: str) -> JsonResponse:
    return JsonResponse({"status": status, "code": code, "detail": detail, "errors": []}, status=status)


def nothing_at(path: str) -> str:
    return gettext("Nothing at %(path)s; see /api/docs/ for the endpoints.") % {"path": path}


def not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return _json_error(404, "not_found", nothing_at(request.path))
    return defaults.page_not_found(request, exception)


def server_error(request):
    if request.path.startswith("/api/"):
        return _json_error(500, "server_error", gettext("An unexpected error occurred; it has been logged."))
    return defaults.server_error(request)


def bad_request(request, exception=None):
    if request.path.startswith("/api/"):
        return _json_error(400, "bad_request", gettext("The request could not be understood."))
    return defaults.bad_request(request, exception)
