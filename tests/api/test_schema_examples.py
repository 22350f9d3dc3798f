"""Every request example in the schema works against the seeded corpus, as Swagger UI's "Try it out"
and Redoc's samples send it: a fact-checker's write, each rolled back after its answer."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from core.api.query import build_schema
from tests.factories import FactCheckerFactory

V1 = "/api/v1"


def request_examples(schema: dict) -> list[tuple[str, str, str, object]]:
    """(method, path template, example name, body) for every request example of the schema."""
    found = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            content = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
            for name, example in content.get("examples", {}).items():
                found.append((method, path, name, example["value"]))
    return found


def concrete(client: APIClient, template: str) -> str:
    """`template` with its identifier replaced by that of the first row of its list."""
    if "{" not in template:
        return template
    resource = template.removeprefix(f"{V1}/").split("/")[0]
    name = template.split("{")[1].split("}")[0]
    first = client.get(f"{V1}/{resource}/", {"page_size": 1}).json()["results"][0]
    return template.replace(f"{{{name}}}", str(first[name]))


# Ids as a freshly seeded database gives them, as on a server that just ran `manage.py seed`: the
# examples name rows by id (a statement's claim).
@pytest.mark.django_db(transaction=True, reset_sequences=True)
def test_every_request_example_succeeds_on_the_seeded_corpus():
    call_command("seed", stdout=StringIO())
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=FactCheckerFactory()).key}")
    examples = request_examples(build_schema())
    assert len(examples) >= 8
    failures = []
    for method, template, name, body in examples:
        with transaction.atomic():
            path = concrete(client, template)
            response = getattr(client, method)(path, body, format="json")
            if not 200 <= response.status_code < 300:
                failures.append((method.upper(), path, name, response.status_code, response.content[:300]))
            transaction.set_rollback(True)
    assert failures == []
