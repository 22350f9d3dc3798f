"""Error pages: JSON under /api/ (one error shape for clients), Django's pages elsewhere."""

from django.http import JsonResponse
from django.views import defaults


def _json_error(status: int, code: str, detail: str) -> JsonResponse:
    return JsonResponse({"status": status, "code": code, "detail": detail, "errors": []}, status=status)


def not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return _json_error(404, "not_found", f"Nothing at {request.path}; see /api/docs/ for the endpoints.")
    return defaults.page_not_found(request, exception)


def server_error(request):
    if request.path.startswith("/api/"):
        return _json_error(500, "server_error", "An unexpected error occurred; it has been logged.")
    return defaults.server_error(request)


def bad_request(request, exception=None):
    if request.path.startswith("/api/"):
        return _json_error(400, "bad_request", "The request could not be understood.")
    return defaults.bad_request(request, exception)
