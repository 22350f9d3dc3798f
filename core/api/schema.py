"""drf-spectacular extensions: the error responses and the headers every operation may give."""

from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

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

    def get_auth(self):
        # Reads are open to anonymous clients: say so, so generated clients need no token for them.
        auth = super().get_auth()
        if self.method.upper() in ("GET", "HEAD", "OPTIONS") and {} not in auth:
            auth.append({})
        return auth

    def get_description(self):
        # A view's `publishing` says what its reads show to those who see only published rows
        # (claims.api.publishing): the end of each read operation's description.
        description = super().get_description()
        publishing = getattr(self.view, "publishing", {})
        rule = publishing.get(getattr(self.view, "action", None), publishing.get(None))
        if rule and self.method.upper() == "GET":
            description = f"{description}\n\n{rule}" if description else rule
        return description

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
