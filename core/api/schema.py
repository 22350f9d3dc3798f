"""drf-spectacular extensions: the error responses and the headers every operation may give,
who may call it, a summary and a description of its own, and the query parameters it takes
(core.api.query)."""

from django.utils import translation
from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework.mixins import ListModelMixin

from core.api import query
from core.api.errors import ErrorSerializer
from core.api.fields import FACT_CHECKERS_ONLY

# What each refusal means, for the people and generated clients reading the schema.
ERRORS = {
    "400": "Invalid input: `errors` names each field at fault.",
    "401": "No credentials, or an unknown token: send `Authorization: Token <key>`.",
    "403": "The account may not write: writes need the fact-checker permission.",
    "404": "No such object; for a list, no such page or cursor.",
    "409": "The change conflicts with stored data: a duplicate, or an object still referred to.",
    "412": "`If-Match` did not match: someone changed the object since it was read.",
    "413": "The body is larger than the server accepts.",
    "415": "The body is not JSON.",
    "429": "Past the client's rate of requests: wait `Retry-After` seconds.",
    "503": "The database is unavailable (`service_unavailable`: retry after `Retry-After` seconds),"
    " or the request took longer than the server allows (`query_timeout`: narrow it).",
}


IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="The `ETag` the object was read with: the write is refused (412) if it changed since.",
)


READS = ("GET", "HEAD", "OPTIONS")

# What the standard actions do, for operations that say nothing of their own. `{name}` is the
# model's verbose name, `{lookup}` the path's identifier.
SUMMARIES = {
    "list": "List {plural}",
    "retrieve": "Get {a} {name}",
    "create": "Create {a} {name}",
    "update": "Replace {a} {name}",
    "partial_update": "Change some fields of {a} {name}",
    "destroy": "Delete {a} {name}",
}
DESCRIPTIONS = {
    "retrieve": "One {name}, by its `{lookup}`. The `ETag` header tags this representation: send it "
    "back in `If-None-Match` to get a 304 while the {name} is unchanged, or in `If-Match` on a write.",
    "create": "Fact-checkers only. Stores a new {name} and answers 201 with it.",
    "update": "Fact-checkers only. Writes the {name} whole: every required field must be given (optional "
    "ones left out keep their values). Send the `ETag` you read in `If-Match`, so that a change made "
    "since is not overwritten.",
    "partial_update": "Fact-checkers only. Changes the fields given and leaves the {name}'s others as "
    "they are. Send the `ETag` you read in `If-Match`, so that a change made since is not overwritten.",
    "destroy": "Fact-checkers only. Deletes the {name}: 204, or 409 while other records refer to it. "
    "Send the `ETag` you read in `If-Match`, so that a change made since is not lost.",
}

# Headers every answer carries (core/api/language.py), and every answer of a throttled operation
# (core/api/throttles.py). Declared on the answers clients act on, success and 429, where every
# error repeating them would double the schema.
DECLARED_ON = [200, 201, 204, 429]
CONTENT_LANGUAGE = OpenApiParameter(
    "Content-Language",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="The language of the answer: `vi` when `Accept-Language` asks for Vietnamese, else `en`; "
    "on every answer, refusals included.",
    response=DECLARED_ON,
)
RATE_LIMIT = [
    OpenApiParameter(
        name, OpenApiTypes.INT, OpenApiParameter.HEADER, description=description, response=DECLARED_ON
    )
    for name, description in (
        (
            "RateLimit-Limit",
            "The requests the client may make in a window; on every answer, refusals included.",
        ),
        ("RateLimit-Remaining", "The requests left to the client in the current window."),
        ("RateLimit-Reset", "Seconds until the current window ends and the count starts again."),
    )
]


class AutoSchema(openapi.AutoSchema):
    """Documents the JSON error shape on every operation, for the statuses it can return."""

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        # A view's `publishing` says what its reads show to those who see only published rows
        # (claims.api.publishing): the end of each read operation's description.
        publishing = getattr(self.view, "publishing", {})
        rule = publishing.get(getattr(self.view, "action", None), publishing.get(None))
        if rule and self.method == "GET":
            description = operation.get("description", "")
            operation["description"] = f"{description}\n\n{rule}" if description else rule
        query.record(self.view, self.method, operation.get("parameters", []))
        return operation

    def get_auth(self):
        # Reads are open (a token only shows fact-checkers more): no requirement, so that Swagger UI
        # and Redoc show them open. Writes need a fact-checker's token or session.
        auth = super().get_auth()  # also registers the schemes the writes name
        if self.method in READS:
            return [{}]
        return [requirement for requirement in auth if requirement]

    def model_names(self) -> dict[str, str]:
        queryset = getattr(self.view, "queryset", None)
        if queryset is None:
            return {}
        meta = queryset.model._meta
        with translation.override("en"):  # the schema's texts are English
            name, plural = str(meta.verbose_name), str(meta.verbose_name_plural)
        return {
            "name": name,
            "plural": plural,
            "a": "an" if name[:1].lower() in "aeiou" else "a",
            "lookup": getattr(self.view, "lookup_field", "id").replace("pk", "id"),
        }

    def get_summary(self):
        template = SUMMARIES.get(getattr(self.view, "action", None) or "")
        names = self.model_names()
        return template.format(**names) if template and names else super().get_summary()

    def get_description(self):
        # A list describes the resource (the view's docstring) and its pages; other standard actions
        # say what they do. Custom actions describe themselves (extend_schema).
        action = getattr(self.view, "action", None)
        if action in DESCRIPTIONS and (names := self.model_names()):
            return DESCRIPTIONS[action].format(**names)
        description = super().get_description()
        listed = action == "list" or (action is None and isinstance(self.view, ListModelMixin))
        pages = getattr(getattr(self.view, "pagination_class", None), "description", "") if listed else ""
        return f"{description} {pages}".strip()

    def get_filter_backends(self):
        # An action over the whole list (the CSV exports) filters as the list does: its filters are
        # declared too, so that generated clients can pass them.
        action = getattr(self.view, "action", None)
        if self.method == "GET" and not self._is_detail() and action not in (None, "list"):
            return getattr(self.view, "filter_backends", [])
        return super().get_filter_backends()

    def is_conditional_write(self) -> bool:
        """Whether `If-Match` guards the operation (core.api.conditional.ConditionalMixin)."""
        return self.method.upper() in ("PUT", "PATCH", "DELETE") or (
            self.method.upper() == "POST"
            and getattr(self.view, "action", None) in getattr(self.view, "conditional_actions", ())
        )

    def get_response_serializers(self):
        serializers = super().get_response_serializers()
        # A DELETE answers 204 with no body. Named as a status, its answer declares the headers
        # of every answer too: spectacular's default 204 has none.
        if self.method.upper() == "DELETE" and not isinstance(serializers, dict):
            return {204: None}
        return serializers

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if self.is_conditional_write():
            parameters = [*parameters, IF_MATCH]
        parameters = [*parameters, CONTENT_LANGUAGE]
        if self.view.get_throttles():
            parameters = [*parameters, *RATE_LIMIT]
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        method = self.method.upper()
        statuses = ["400", "404", "429", "503"]
        if method not in ("GET", "HEAD", "OPTIONS"):
            statuses += ["401", "403", "409", "413", "415"]
        if self.is_conditional_write():
            statuses.append("412")
        for status in sorted(statuses):
            if status not in responses:
                error = OpenApiResponse(ErrorSerializer, description=ERRORS[status])
                responses[status] = self._get_response_for_code(error, status)
        return responses

    def _get_response_headers_for_code(self, status_code, direction="response"):
        headers = super()._get_response_headers_for_code(status_code, direction)
        if str(status_code) in ("429", "503"):
            headers["Retry-After"] = {
                "schema": {"type": "integer"},
                "description": "Seconds to wait before trying again (not sent for `query_timeout`).",
            }
        return headers

    def _is_detail(self) -> bool:
        return "{" in self.path


class RefFieldExtension(OpenApiSerializerFieldExtension):
    """A reference is an id/slug in requests and a small object in responses."""

    target_class = "core.api.fields.RefField"

    def map_serializer_field(self, auto_schema, direction):
        from core.api.fields import REF_SERIALIZERS

        field = self.target
        if direction == "request":
            return {"type": "integer"} if field.slug_field == "id" else {"type": "string"}
        return auto_schema.resolve_serializer(REF_SERIALIZERS[field.slug_field], direction).ref


def responses_list_every_field(result, generator, request, public):
    """Response objects always carry every property: mark them all required, but those only
    fact-checkers get (their description begins with `FACT_CHECKERS_ONLY`).

    drf-spectacular marks only fields that are required on write, so `start`, optional on
    write, would look optional in responses and generated clients would type it `Unset`.
    """
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if name.endswith("Request") or component.get("type") != "object" or "properties" not in component:
            continue
        if name in ("Error", "FieldError"):
            continue
        component["required"] = sorted(
            prop
            for prop, schema in component["properties"].items()
            if not schema.get("description", "").startswith(FACT_CHECKERS_ONLY)
        )
    return result
