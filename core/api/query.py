"""Query parameters as the schema declares them: an operation refuses any other with a 400 that
names it and lists those it takes, so that a misspelt filter is an error rather than a different
answer.

The declared names are read from the OpenAPI document itself (core.api.schema.AutoSchema records
each operation's query parameters as it describes them), so the check and the schema cannot
disagree. The document is built once per process, as the server loads its middleware
(`PrepareQueryCheck`).
"""

import threading

from django.core.exceptions import MiddlewareNotUsed
from django.utils.translation import gettext
from rest_framework.exceptions import ErrorDetail, ValidationError

# Taken by every operation: DRF's choice of renderer (`?format=json`, as the schema is fetched).
ALWAYS = frozenset({"format"})

Operation = tuple[type, str | None, str]

_declared: dict[Operation, frozenset[str]] = {}
_built = threading.Event()
_building = threading.Lock()


def operation_of(view, method: str) -> Operation:
    """The key of the operation a view answers: its class, its action (viewsets) and its method."""
    method = method.upper()
    return (type(view), getattr(view, "action", None), "GET" if method == "HEAD" else method)


def record(view, method: str, parameters: list[dict]) -> None:
    """Called for each operation as the schema describes it."""
    names = frozenset(p["name"] for p in parameters if p.get("in") == "query")
    _declared[operation_of(view, method)] = names | ALWAYS


def prepare() -> None:
    """Reads every operation's parameters, once: building the document takes about a second."""
    if not _built.is_set():
        with _building:
            if not _built.is_set():
                build_schema()
                _built.set()


def declared(view, method: str) -> frozenset[str] | None:
    """The query parameters the operation takes (None: the schema has no such operation)."""
    prepare()
    return _declared.get(operation_of(view, method))


def build_schema() -> dict:
    """The OpenAPI document as /api/schema/ serves it, which records every operation's parameters."""
    from drf_spectacular.settings import spectacular_settings

    return spectacular_settings.DEFAULT_GENERATOR_CLASS().get_schema(request=None, public=True)


def refuse_undeclared(request, view) -> None:
    accepted = declared(view, request.method)
    if accepted is None:  # OPTIONS, or a method the view refuses (405)
        return
    unknown = sorted(set(request.query_params) - accepted)
    if not unknown:
        return
    message = gettext("Unknown query parameter %(name)s; this operation takes %(accepted)s.")
    listed = ", ".join(sorted(accepted))
    raise ValidationError(
        {
            name: [ErrorDetail(message % {"name": repr(name), "accepted": listed}, code="unknown_parameter")]
            for name in unknown
        }
    )


class StrictQueryMixin:
    """For every API view: undeclared query parameters are refused before the view reads any row."""

    def initial(self, request, *args, **kwargs):
        # After authentication, permissions and throttles: an anonymous write is a 401 whatever it
        # asks, and refused requests count towards the client's rate.
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        refuse_undeclared(request, self)


class PrepareQueryCheck:
    """Middleware that reads every operation's parameters as the server loads, then leaves the
    chain: the first request would otherwise wait about a second for them."""

    def __init__(self, get_response):
        prepare()
        raise MiddlewareNotUsed
