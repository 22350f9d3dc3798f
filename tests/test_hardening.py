"""Input hardening and production settings: each protection fails its test when removed."""

import json
import os
import subprocess
import sys
import threading

import pytest
from django.conf import settings
from django.db import close_old_connections
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims.choices import Stance
from claims.models import Claim, Contradiction, Speaker, SpeakerAlias, Statement, Topic
from claims.services.detection import detect_for_claim
from core.api.limits import MAX_JSON_DEPTH
from tests.factories import ClaimFactory, FactCheckerFactory, TopicFactory, UserFactory

V1 = "/api/v1"


@pytest.mark.django_db
def test_oversized_body_is_a_413_and_stores_nothing(fc_api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    payload = json.dumps({"slug": "big", "name": "x" * 2000})
    response = fc_api.post(f"{V1}/topics/", payload, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"
    assert not Topic.objects.filter(slug="big").exists()


@pytest.mark.django_db
def test_overlong_query_string_is_refused(api):
    response = api.get(f"{V1}/claims/", {"q": "x" * 5000})
    assert response.status_code == 414
    assert response.json()["code"] == "uri_too_long"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"slug": "t1", "name": "bad \x00 text"}, "name"),
        ({"slug": "t2", "name": "lone \ud800 surrogate"}, "name"),
        ({"slug": "not a slug", "name": "x"}, "slug"),
        ({"slug": "t3", "name": "x", "unknown": 1}, "unknown"),
    ],
)
def test_invalid_text_and_unknown_fields_are_400s_naming_the_field(fc_api, payload, field):
    body = json.dumps(payload, ensure_ascii=True)  # \ud800 travels as a JSON escape, as a client may send it
    response = fc_api.post(f"{V1}/topics/", body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert Topic.objects.count() == 0


def nested(depth: int) -> str:
    """A JSON object whose `summary` holds lists `depth` levels deep in all."""
    return '{"summary": ' + "[" * (depth - 1) + "]" * (depth - 1) + "}"


@pytest.mark.django_db
@pytest.mark.parametrize("depth", [1000, MAX_JSON_DEPTH + 1])
@pytest.mark.parametrize("resource", ["claims", "statements"])
def test_deeply_nested_json_is_a_400_naming_the_limit(fc_api, corpus, resource, depth):
    claim, statement = corpus["claims"][0], corpus["statements"][0]
    target = claim if resource == "claims" else statement
    before = Claim.objects.count(), Statement.objects.count(), target.updated_at
    for method, url in [("post", f"{V1}/{resource}/"), ("patch", f"{V1}/{resource}/{target.pk}/")]:
        response = getattr(fc_api, method)(url, nested(depth), content_type="application/json")
        assert response.status_code == 400, (method, response.content)
        body = response.json()
        assert body["status"] == 400 and body["code"] == "parse_error" and body["errors"] == []
        assert f"nested deeper than {MAX_JSON_DEPTH} levels" in body["detail"]
    target.refresh_from_db()
    assert (Claim.objects.count(), Statement.objects.count(), target.updated_at) == before


@pytest.mark.django_db
def test_json_nested_up_to_the_limit_reaches_validation(fc_api, corpus):
    claim = corpus["claims"][0]
    response = fc_api.patch(
        f"{V1}/claims/{claim.pk}/", nested(MAX_JSON_DEPTH), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "summary"


@pytest.mark.django_db
def test_review_fields_cannot_be_mass_assigned(fc_api, corpus):
    claim = corpus["claims"][0]
    for field, value in [("status", "rejected"), ("created_by", 1), ("reviewed_by", 1), ("id", 5)]:
        response = fc_api.patch(f"{V1}/claims/{claim.id}/", {field: value}, format="json")
        assert response.status_code == 400, field
        assert response.json()["errors"][0]["field"] == field
    claim.refresh_from_db()
    assert claim.status == "verified"


@pytest.mark.django_db
def test_admin_users_may_write_too(api):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    api.force_authenticate(admin)
    assert api.post(f"{V1}/topics/", {"slug": "a", "name": "A"}, format="json").status_code == 201


def test_deploy_checks_pass_with_production_settings():
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "a-long-random-production-key-" + "x" * 40,
        "ALLOWED_HOSTS": "summit.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def test_production_refuses_to_start_without_its_secrets():
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "ALLOWED_HOSTS")}
    env["DEBUG"] = "0"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db(transaction=True)
def test_concurrent_detection_stores_each_pair_once():
    topic = TopicFactory()
    supporters = [ClaimFactory(topic=topic, stance=Stance.SUPPORTS) for _ in range(3)]
    Contradiction.objects.all().delete()
    opposing = ClaimFactory.build(topic=topic, stance=Stance.OPPOSES, speaker=supporters[0].speaker)
    opposing.save()
    Contradiction.objects.all().delete()
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def detect():
        try:
            barrier.wait()
            detect_for_claim(opposing)
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=detect) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert (
        Contradiction.objects.filter(claim_b=opposing).count()
        + Contradiction.objects.filter(claim_a=opposing).count()
        == 3
    )
    assert Contradiction.objects.filter(kind="reversal").count() == 1


def test_database_outage_is_a_503_json_error_not_a_500(rf):
    from django.db import OperationalError

    from core.outage import DatabaseOutageMiddleware

    middleware = DatabaseOutageMiddleware(lambda request: None)
    response = middleware.process_exception(
        rf.post("/api/v1/topics/"), OperationalError("connection refused")
    )
    assert response.status_code == 503
    assert json.loads(response.content)["code"] == "service_unavailable"
    assert response["Retry-After"] == "5"
    page = middleware.process_exception(rf.get("/admin/"), OperationalError("x"))
    assert (page.status_code, page["Retry-After"]) == (503, "5")
    assert page["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_unknown_api_urls_answer_json(api):
    response = api.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.django_db(transaction=True)
def test_concurrent_speakers_cannot_share_an_alias():
    token = Token.objects.create(user=FactCheckerFactory()).key
    writers = 8
    barrier = threading.Barrier(writers)
    answers: list[tuple[int, dict]] = []

    def create(n):
        try:
            client = APIClient()
            client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
            barrier.wait()
            # The same spelling, written in other cases and accents by half the writers.
            alias = "Điện Kremlin" if n % 2 else "dien kremlin"
            body = {"slug": f"speaker-{n}", "name": f"Speaker {n}", "aliases": [alias]}
            response = client.post(f"{V1}/speakers/", body, format="json")
            answers.append((response.status_code, response.json()))
        finally:
            close_old_connections()

    threads = [threading.Thread(target=create, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(status for status, _ in answers) == [201] + [400] * (writers - 1)
    (winner,) = [body for status, body in answers if status == 201]
    for status, body in answers:
        if status == 400:
            (error,) = body["errors"]
            assert error["field"] == "aliases"
            assert error["message"] == (
                f"Already an alias of another speaker: {winner['aliases'][0]!r} ({winner['slug']})."
            )
    assert list(Speaker.objects.values_list("slug", flat=True)) == [winner["slug"]]
    assert SpeakerAlias.objects.count() == 1
