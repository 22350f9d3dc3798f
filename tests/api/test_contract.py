"""The contract has no surprises: every operation takes exactly the query parameters it declares,
refuses invalid values of them, describes itself in its own words and says who may call it."""

import collections

import pytest

from claims.models import Contradiction
from core.api.query import build_schema
from tests.factories import ContradictionFactory

pytestmark = pytest.mark.django_db
V1 = "/api/v1"
SCHEMA = build_schema()
OPERATIONS = [
    (method, path, operation)
    for path, methods in SCHEMA["paths"].items()
    for method, operation in methods.items()
]
IDS = [operation["operationId"] for _, _, operation in OPERATIONS]


def concrete(fc_api, template: str) -> str:
    """`template` with its identifier replaced by that of a row the fact-checker can read."""
    if "{" not in template:
        return template
    resource = template.removeprefix(f"{V1}/").split("/")[0]
    name = template.split("{")[1].split("}")[0]
    first = fc_api.get(f"{V1}/{resource}/", {"page_size": 1}).json()["results"][0]
    return template.replace(f"{{{name}}}", str(first[name]))


def invalid_values(parameter: dict) -> list[str]:
    """Values a query parameter's declared type refuses (none for free text and cursors)."""
    if parameter["in"] != "query":
        return []
    schema = parameter["schema"]
    if "enum" in schema:
        return ["not-a-choice"]
    if schema.get("type") == "integer":
        return ["x", "1.5", "0", "-1"] if schema.get("minimum") == 1 else ["x", "1.5"]
    if schema.get("type") == "boolean":
        return ["maybe", "yes please"]
    if schema.get("format") == "date":
        return ["2021-13-45", "yesterday"]
    return []


@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS, ids=IDS)
def test_every_operation_refuses_an_unknown_query_parameter(fc_api, corpus, method, path, operation):
    response = getattr(fc_api, method)(f"{concrete(fc_api, path)}?colour=red")
    assert response.status_code == 400, response.content
    body = response.json()
    assert [e["field"] for e in body["errors"]] == ["colour"]
    declared = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
    # The message names the parameter and lists those the operation takes.
    assert "'colour'" in body["detail"]
    for name in declared | {"format"}:
        assert name in body["detail"]


@pytest.mark.parametrize(
    ("method", "path", "operation"),
    [(m, p, o) for m, p, o in OPERATIONS if any(invalid_values(x) for x in o.get("parameters", []))],
    ids=lambda value: value["operationId"] if isinstance(value, dict) else "",
)
def test_every_declared_parameter_refuses_an_invalid_value(fc_api, corpus, method, path, operation):
    url = concrete(fc_api, path)
    tried = 0
    for parameter in operation["parameters"]:
        for value in invalid_values(parameter):
            response = getattr(fc_api, method)(url, {parameter["name"]: value})
            assert response.status_code == 400, (parameter["name"], value, response.content)
            assert parameter["name"] in [e["field"] for e in response.json()["errors"]], (
                parameter["name"],
                value,
            )
            tried += 1
    assert tried


def test_the_format_parameter_is_always_taken(api, corpus):
    assert api.get(f"{V1}/claims/", {"format": "json"}).status_code == 200
    assert api.get(f"{V1}/topics/nato-expansion/", {"format": "json"}).status_code == 200


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/speakers/", {"search": "putin"}),
        ("/claims/", {"ordering": "said_on"}),
        ("/claims/", {"fields": "id"}),
        ("/statements/", {"expand": "claim"}),
        ("/topics/", {"lang": "vi"}),
        ("/claims/{claim}/", {"speaker": "vladimir-putin"}),  # filters are the list's, not the detail's
    ],
)
def test_the_reported_silent_parameters_are_refused(api, corpus, path, query):
    response = api.get(V1 + path.format(claim=corpus["claims"][0].id), query)
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == list(query)


def test_an_unknown_parameter_on_a_write_changes_nothing(fc_api, corpus):
    topic = {"slug": "new-topic", "name": "A new topic"}
    assert fc_api.post(f"{V1}/topics/?dry_run=1", topic, format="json").status_code == 400
    assert fc_api.get(f"{V1}/topics/new-topic/").status_code == 404
    # Anonymous writers are told to authenticate first, whatever they ask.
    assert fc_api.__class__().post(f"{V1}/topics/?dry_run=1", topic, format="json").status_code == 401


@pytest.mark.parametrize("path", ["/claims/", "/topics/"])
@pytest.mark.parametrize("size", ["0", "-1", "x", "2.0", ""])
def test_page_sizes_are_whole_numbers_from_1(api, corpus, path, size):
    response = api.get(f"{V1}{path}", {"page_size": size})
    if size == "":  # not given: the default
        assert response.status_code == 200
        return
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["page_size"]


@pytest.mark.parametrize("path", ["/claims/", "/topics/", "/statements/"])
def test_a_page_size_past_the_cap_is_clamped(api, corpus, path):
    response = api.get(f"{V1}{path}", {"page_size": "100000000000000000000000"})
    assert response.status_code == 200
    assert len(response.json()["results"]) <= 200


@pytest.mark.parametrize("value", ["maybe", "yes", "2", "tru"])
def test_has_contradictions_is_a_boolean(api, corpus, value):
    response = api.get(f"{V1}/claims/", {"has_contradictions": value})
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["has_contradictions"]


@pytest.mark.parametrize(
    ("value", "contested"), [("true", True), ("1", True), ("false", False), ("0", False)]
)
def test_has_contradictions_takes_true_and_false(fc_api, corpus, value, contested):
    ids = {c["id"] for c in fc_api.get(f"{V1}/claims/", {"has_contradictions": value}).json()["results"]}
    named = set(Contradiction.objects.values_list("claim_a_id", flat=True)) | set(
        Contradiction.objects.values_list("claim_b_id", flat=True)
    )
    assert ids and (ids <= named if contested else not ids & named)


def test_the_exports_declare_the_filters_they_take(corpus, fc_api):
    for path, listed in (("/claims/export/", "/claims/"), ("/statements/export/", "/statements/")):
        exported = {p["name"] for p in SCHEMA["paths"][V1 + path]["get"]["parameters"]}
        filters = {p["name"] for p in SCHEMA["paths"][V1 + listed]["get"]["parameters"]} - {
            "cursor",
            "page_size",
        }
        assert exported == filters, path
    csv = fc_api.get(f"{V1}/claims/export/", {"speaker": "joe-biden"})
    assert csv.status_code == 200
    rows = b"".join(csv.streaming_content).decode().splitlines()[1:]
    assert len(rows) == 2 and all("joe-biden" in row for row in rows)


def test_every_operation_has_a_summary_and_a_description_of_its_own():
    summaries, descriptions = collections.defaultdict(list), collections.defaultdict(list)
    for method, path, operation in OPERATIONS:
        assert operation.get("summary"), (method, path)
        assert operation.get("description"), (method, path)
        summaries[operation["summary"]].append(operation["operationId"])
        # Reads end with the same publishing rule: what comes before it is the operation's own.
        descriptions[operation["description"].split("\n\n**Publishing.**")[0]].append(
            operation["operationId"]
        )
    assert [ids for ids in summaries.values() if len(ids) > 1] == []
    assert [ids for ids in descriptions.values() if len(ids) > 1] == []
    assert not any("Pages are cursors (newest first)" in text for text in descriptions)


def test_reads_are_open_and_writes_need_a_token():
    schemes = SCHEMA["components"]["securitySchemes"]
    assert schemes["tokenAuth"]["type"] == "apiKey" and schemes["tokenAuth"]["name"] == "Authorization"
    for method, path, operation in OPERATIONS:
        if method == "get":
            # One empty requirement: Swagger UI shows no padlock, Redoc no authorization.
            assert operation["security"] == [{}], path
        else:
            assert {"tokenAuth": []} in operation["security"], (method, path)
            assert {} not in operation["security"], (method, path)


@pytest.mark.parametrize("path", ["/claims/", "/statements/", "/contradictions/"])
def test_cursor_pages_give_the_cursor_itself(fc_api, corpus, path):
    ContradictionFactory()
    by_link, by_cursor = [], []
    page = fc_api.get(f"{V1}{path}", {"page_size": 1}).json()
    assert page["previous"] is None and page["previous_cursor"] is None
    while True:
        by_link.append(page["results"])
        if page["next"] is None:
            assert page["next_cursor"] is None
            break
        assert f"cursor={page['next_cursor']}" in page["next"].replace("%3D", "=")
        page = fc_api.get(page["next"]).json()
    cursor = None
    while True:
        query = {"page_size": 1, **({"cursor": cursor} if cursor else {})}
        page = fc_api.get(f"{V1}{path}", query).json()
        by_cursor.append(page["results"])
        if (cursor := page["next_cursor"]) is None:
            break
    assert by_cursor == by_link and len(by_link) > 1
    back = fc_api.get(f"{V1}{path}", {"page_size": 1, "cursor": page["previous_cursor"]}).json()
    assert back["results"] == by_link[-2]


def test_paginated_schemas_declare_the_cursors():
    for name, component in SCHEMA["components"]["schemas"].items():
        if name.startswith("Paginated"):
            for field in ("next_cursor", "previous_cursor"):
                assert component["properties"][field]["type"] == "string", name
                assert component["properties"][field]["nullable"] is True, name
                assert field in component["required"], name
            for field in ("next", "previous"):
                assert "api.example.org/accounts" not in component["properties"][field]["example"], name


def contradiction_json(api, contradiction) -> dict:
    return api.get(f"{V1}/contradictions/{contradiction.id}/").json()


def test_a_discrepancy_within_one_claim_lists_the_claim_once_and_its_two_statements(fc_api, corpus):
    in_early, in_late, _ = corpus["statements"]
    discrepancy = ContradictionFactory(
        kind="discrepancy", claim_a=in_early.claim, claim_b=in_early.claim, statement_a=in_early,
        statement_b=in_late,
    )  # fmt: skip
    data = contradiction_json(fc_api, discrepancy)
    assert [c["id"] for c in data["claims"]] == [in_early.claim_id]
    assert [s["id"] for s in data["statements"]] == [in_early.id, in_late.id]
    assert {"quote", "start", "end", "article"} <= set(data["statements"][0])
    listed = fc_api.get(f"{V1}/contradictions/", {"kind": "discrepancy"}).json()["results"]
    assert listed == [data]


def test_a_discrepancy_between_two_claims_and_an_opposition_list_both(fc_api, corpus):
    in_early, _, biden_statement = corpus["statements"]
    discrepancy = ContradictionFactory(
        kind="discrepancy", claim_a=in_early.claim, claim_b=biden_statement.claim, statement_a=in_early,
        statement_b=biden_statement,
    )  # fmt: skip
    data = contradiction_json(fc_api, discrepancy)
    assert [c["id"] for c in data["claims"]] == [in_early.claim_id, biden_statement.claim_id]
    assert len(data["statements"]) == 2
    opposing = Contradiction.objects.get(kind="opposing")
    data = contradiction_json(fc_api, opposing)
    assert len(data["claims"]) == 2 and data["statements"] is None
