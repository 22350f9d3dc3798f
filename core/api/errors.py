"""One JSON error shape for every refusal, so clients handle errors in one place.

{"status": 400, "code": "invalid", "detail": "Some fields are invalid.",
 "errors": [{"field": "quote", "code": "not_found", "message": "..."}]}
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError, DataError, IntegrityError, InterfaceError, OperationalError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from psycopg.errors import QueryCanceled
from rest_framework import exceptions, serializers, status
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from core.api.limits import query_timeout_detail
from core.outage import RETRY_AFTER_SECONDS


class FieldErrorSerializer(serializers.Serializer):
    field = serializers.CharField(
        allow_null=True,
        help_text="The field at fault (dotted for nested fields), or null for the whole request.",
    )
    code = serializers.CharField(help_text="A stable, machine-readable code.")
    message = serializers.CharField(help_text="What is wrong, for a person.")


class ErrorSerializer(serializers.Serializer):
    status = serializers.IntegerField(help_text="The HTTP status, repeated for convenience.")
    code = serializers.CharField(help_text="A stable, machine-readable code for the whole error.")
    detail = serializers.CharField(help_text="What went wrong and what to do about it.")
    # A field, not the `errors` property: the serializer metaclass takes it off the class.
    errors = FieldErrorSerializer(  # type: ignore[assignment]
        many=True, help_text="One entry per problem; empty when there is only `detail`."
    )


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The request conflicts with the current state of the resource.")
    default_code = "conflict"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _("The resource changed since you read it: fetch it again and retry with the new ETag.")
    default_code = "precondition_failed"


class ServiceUnavailable(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = _("The database is unavailable; retry in a few seconds.")
    default_code = "service_unavailable"


class QueryTimeout(exceptions.APIException):
    # Not worth retrying as it is: the same request would take as long again.
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "query_timeout"

    def __init__(self) -> None:
        super().__init__(query_timeout_detail())


def flatten(detail, field: str | None = None) -> list[dict]:
    """DRF's nested error detail as a flat list of {field, code, message}."""
    if isinstance(detail, dict):
        out = []
        for key, value in detail.items():
            name = None if key == api_settings.NON_FIELD_ERRORS_KEY else str(key)
            out += flatten(value, f"{field}.{name}" if field and name else (name or field))
        return out
    if isinstance(detail, list):
        out = []
        for index, value in enumerate(detail):
            nested = isinstance(value, dict | list) and field is not None
            out += flatten(value, f"{field}.{index}" if nested and isinstance(value, dict) else field)
        return out
    return [{"field": field, "code": getattr(detail, "code", "invalid"), "message": str(detail)}]


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict
            if hasattr(exc, "error_dict")
            else {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}
        )
    elif isinstance(exc, OperationalError) and isinstance(exc.__cause__, QueryCanceled):
        exc = QueryTimeout()
    elif isinstance(exc, OperationalError | InterfaceError) or type(exc) is DatabaseError:
        exc = ServiceUnavailable()
    elif isinstance(exc, ProtectedError | RestrictedError):
        names = sorted(
            {f"{type(o)._meta.verbose_name} {o.pk}" for o in exc.protected_objects}
            if isinstance(exc, ProtectedError)
            else {f"{type(o)._meta.verbose_name} {o.pk}" for o in exc.restricted_objects}
        )[:20]
        exc = Conflict(
            gettext("Still referred to by %(records)s; delete or move those first.")
            % {"records": ", ".join(names)}
        )
    elif isinstance(exc, IntegrityError):
        exc = Conflict(
            gettext("The change conflicts with existing data (a duplicate or a broken reference).")
        )
    elif isinstance(exc, DataError):
        exc = exceptions.ValidationError(gettext("A value is out of range or not valid for its field."))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = flatten(exc.detail)
        detail = (
            errors[0]["message"] if len(errors) == 1 else gettext("Some fields are invalid; see `errors`.")
        )
        code = "invalid"
    else:
        errors = []
        detail = (
            str(exc.detail)
            if not isinstance(exc.detail, dict | list)
            else gettext("The request was refused.")
        )
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else "error"
    response.data = {"status": response.status_code, "code": code, "detail": detail, "errors": errors}
    if isinstance(exc, ServiceUnavailable):
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
