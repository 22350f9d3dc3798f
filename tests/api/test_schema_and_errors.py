"""The OpenAPI document is valid and truthful; every refusal has one JSON shape."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db
V1 = "/api/v1"


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    out = StringIO()
    with django_db_blocker.unblock():
        call_command("spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json", stdout=out)
    return json.loads(out.getvalue())


def test_schema_validates_without_warnings(schema):
    assert schema["openapi"].startswith("3.")


def test_contract_filters_are_documented(schema):
    wanted = {
        "/api/v1/claims/": {"speaker", "topic", "stance", "event", "article", "outlet", "status", "q", "said_after",
                            "said_before", "has_contradictions"},
        "/api/v1/statements/": {"speaker", "article", "outlet", "via", "mode", "claim", "q"},
        "/api/v1/contradictions/": {"topic", "speaker", "kind", "status"},
        "/api/v1/speakers/": {"q"},
    }  # fmt: skip
    for path, names in wanted.items():
        documented = {p["name"] for p in schema["paths"][path]["get"]["parameters"]}
        assert names <= documented, path


def test_named_enums_and_split_components(schema):
    components = schema["components"]["schemas"]
    for name in ("StanceEnum", "ReviewStatusEnum", "SpeechModeEnum", "ContradictionKindEnum", "RatingEnum"):
        assert name in components
    assert "ClaimRequest" in components and "Claim" in components
    # References are slugs in requests and objects in responses.
    assert components["ClaimRequest"]["properties"]["speaker"]["type"] == "string"
    assert components["Claim"]["properties"]["speaker"]["$ref"] == "#/components/schemas/SlugRef"
    assert components["Statement"]["properties"]["article"]["$ref"] == "#/components/schemas/KeyRef"


def test_every_operation_documents_its_errors(schema):
    ids = set()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            ids.add(operation["operationId"])
            assert "400" in operation["responses"], (method, path)
            # Any request may meet a database that is down or a statement past its time.
            unavailable = operation["responses"]["503"]
            assert "query_timeout" in unavailable["description"], (method, path)
            assert unavailable["headers"]["Retry-After"]["schema"] == {"type": "integer"}
            assert "Retry-After" in operation["responses"]["429"]["headers"], (method, path)
            if method in ("post", "put", "patch", "delete"):
                for status in ("401", "403"):
                    ref = operation["responses"][status]["content"]["application/json"]["schema"]["$ref"]
                    assert ref.endswith("/Error"), (method, path)
    assert {"claims_list", "claims_attribution_retrieve", "claims_export_csv"} <= ids


def test_docs_are_served_from_the_app(client):
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn" not in html.lower()
    assert client.get("/api/redoc/").status_code == 200


@pytest.mark.parametrize(
    ("method", "path", "body", "content_type", "status"),
    [
        ("get", "/claims/999999/", None, None, 404),
        ("get", "/claims/not-a-number/", None, None, 404),
        ("post", "/topics/", "{not json", "application/json", 400),
        ("post", "/topics/", "slug=x", "text/plain", 415),
        ("post", "/topics/", json.dumps([1, 2]), "application/json", 400),
        ("post", "/topics/", json.dumps({"slug": "bad slug!", "name": "x"}), "application/json", 400),
        (
            "post",
            "/events/",
            json.dumps({"slug": "e", "name": "e", "starts_on": "2021-02-30"}),
            "application/json",
            400,
        ),
        ("delete", "/contradictions/1/", None, None, 405),
        ("get", "/claims/?cursor=bz1hYmM=", None, None, 404),  # a cursor no page gave out
    ],
)
def test_errors_share_one_shape(fc_api, corpus, method, path, body, content_type, status):
    kwargs = {"data": body, "content_type": content_type} if body is not None else {}
    response = getattr(fc_api, method)(f"{V1}{path}", **kwargs)
    assert response.status_code == status, response.content
    data = response.json()
    assert set(data) == {"status", "code", "detail", "errors"}
    assert data["status"] == status and data["detail"]
    for error in data["errors"]:
        assert set(error) == {"field", "code", "message"}
