"""drf-spectacular extensions: the error responses every operation may give."""

from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.utils import OpenApiResponse

from summit.api.errors import ErrorSerializer


class AutoSchema(openapi.AutoSchema):
    """Documents the JSON error shape on every operation, for the statuses it can return."""

    def get_auth(self):
        # Reads are open to anonymous clients: say so, so generated clients need no token for them.
        auth = super().get_auth()
        if self.method.upper() in ("GET", "HEAD", "OPTIONS") and {} not in auth:
            auth.append({})
        return auth

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        error = OpenApiResponse(ErrorSerializer, description="The request was refused; see `errors`.")
        extra = {"400": error, "429": error}
        method = self.method.upper()
        if method not in ("GET", "HEAD", "OPTIONS"):
            extra.update({"401": error, "403": error, "409": error, "413": error, "415": error})
        # Details: no such object. Lists: a page or cursor that does not exist.
        extra["404"] = error
        if method in ("PUT", "PATCH", "DELETE"):
            extra["412"] = error
        for status, response in extra.items():
            if status not in responses:
                responses[status] = self._get_response_for_code(response.response, status)
        return responses

    def _is_detail(self) -> bool:
        return "{" in self.path


class RefFieldExtension(OpenApiSerializerFieldExtension):
    """A reference is an id/slug in requests and a small object in responses."""

    target_class = "summit.api.fields.RefField"

    def map_serializer_field(self, auto_schema, direction):
        from summit.api.fields import REF_SERIALIZERS

        field = self.target
        if direction == "request":
            return {"type": "integer"} if field.slug_field == "id" else {"type": "string"}
        return auto_schema.resolve_serializer(REF_SERIALIZERS[field.slug_field], direction).ref


def responses_list_every_field(result, generator, request, public):
    """Response objects always carry every property: mark them all required.

    drf-spectacular marks only fields that are required on write, so `start`, optional on
    write, would look optional in responses and generated clients would type it `Unset`.
    """
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if name.endswith("Request") or component.get("type") != "object" or "properties" not in component:
            continue
        if name in ("Error", "FieldError"):
            continue
        component["required"] = sorted(component["properties"])
    return result
