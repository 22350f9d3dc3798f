"""ETags: a client re-reads cheaply and never overwrites a change it has not seen."""

import threading

import pytest
from django.db import connection
from drf_spectacular.generators import SchemaGenerator
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db
V1 = "/api/v1"


def test_etag_and_if_none_match(api, corpus):
    url = f"{V1}/claims/{corpus['claims'][0].id}/"
    first = api.get(url)
    etag = first["ETag"]
    assert etag
    again = api.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag
    assert api.get(url, HTTP_IF_NONE_MATCH='"stale"').status_code == 200


def test_stale_if_match_is_refused_and_changes_nothing(fc_api, corpus):
    claim = corpus["claims"][0]
    url = f"{V1}/claims/{claim.id}/"
    etag = fc_api.get(url)["ETag"]
    first = fc_api.patch(url, {"summary": "First editor."}, format="json", HTTP_IF_MATCH=etag)
    assert first.status_code == 200
    assert first["ETag"] != etag
    # The tag a write answers is the one the next read gives (one built from a serializer, the
    # other from rows).
    assert fc_api.get(url)["ETag"] == first["ETag"]
    second = fc_api.patch(url, {"summary": "Second editor."}, format="json", HTTP_IF_MATCH=etag)
    assert second.status_code == 412
    assert second.json()["code"] == "precondition_failed"
    claim.refresh_from_db()
    assert claim.summary == "First editor."
    assert (
        fc_api.patch(url, {"summary": "Third."}, format="json", HTTP_IF_MATCH=first["ETag"]).status_code
        == 200
    )


def test_if_none_match_compares_weakly_and_if_match_strongly(fc_api, corpus):
    url = f"{V1}/claims/{corpus['claims'][0].id}/"
    weak = "W/" + fc_api.get(url)["ETag"]
    assert fc_api.get(url, HTTP_IF_NONE_MATCH=weak).status_code == 304
    # RFC 9110: a weak tag never satisfies If-Match, whatever it names.
    refused = fc_api.patch(url, {"summary": "Not written."}, format="json", HTTP_IF_MATCH=weak)
    assert refused.status_code == 412
    assert (
        fc_api.post(f"{url}review/", {"status": "rejected"}, format="json", HTTP_IF_MATCH=weak).status_code
        == 412
    )
    corpus["claims"][0].refresh_from_db()
    assert corpus["claims"][0].summary != "Not written."


def test_stale_if_match_on_delete(fc_api, corpus):
    url = f"{V1}/topics/sanctions/"
    etag = fc_api.get(url)["ETag"]
    fc_api.patch(url, {"description": "changed"}, format="json")
    assert fc_api.delete(url, HTTP_IF_MATCH=etag).status_code == 412


def test_etag_changes_when_a_nested_row_changes(api, corpus):
    url = f"{V1}/statements/{corpus['statements'][1].id}/"
    before = api.get(url)["ETag"]
    corpus["outlets"][1].name = "TASS Russian News Agency"
    corpus["outlets"][1].save()
    assert api.get(url)["ETag"] != before


@pytest.mark.parametrize("resource", ["claims", "statements"])
def test_review_honours_if_match(fc_api, corpus, resource):
    target = corpus["claims"][0] if resource == "claims" else corpus["statements"][0]
    url = f"{V1}/{resource}/{target.id}/"
    etag = fc_api.get(url)["ETag"]
    first = fc_api.post(f"{url}review/", {"status": "rejected"}, format="json", HTTP_IF_MATCH=etag)
    assert first.status_code == 200, first.content
    assert first["ETag"] == fc_api.get(url)["ETag"] != etag
    stale = fc_api.post(f"{url}review/", {"status": "verified"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert stale.json()["code"] == "precondition_failed"
    target.refresh_from_db()
    assert target.status == "rejected"
    fresh = fc_api.post(f"{url}review/", {"status": "verified"}, format="json", HTTP_IF_MATCH=first["ETag"])
    assert fresh.status_code == 200


@pytest.mark.parametrize("resource", ["claims", "statements"])
def test_review_refuses_unknown_fields(fc_api, corpus, fact_checker, resource):
    target = corpus["claims"][0] if resource == "claims" else corpus["statements"][0]
    body = {"status": "rejected", "reviewed_by": fact_checker.pk}
    response = fc_api.post(f"{V1}/{resource}/{target.id}/review/", body, format="json")
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["reviewed_by"]
    target.refresh_from_db()
    assert target.status == "verified" and target.reviewed_by is None


@pytest.mark.django_db(transaction=True)
def test_concurrent_reviews_with_one_etag_one_wins(corpus, fact_checker):
    claim = corpus["claims"][0]
    url = f"{V1}/claims/{claim.id}/"
    token = Token.objects.create(user=fact_checker).key
    # Read as the writer reads it: a fact-checker's representation (with its notes) is not an
    # anonymous reader's, nor is its ETag.
    reader = APIClient()
    reader.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    etag = reader.get(url)["ETag"]
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def review(status):
        try:
            client = APIClient()
            client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
            barrier.wait()
            response = client.post(f"{url}review/", {"status": status}, format="json", HTTP_IF_MATCH=etag)
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=review, args=(s,)) for s in ("rejected", "candidate")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200, 412]
    claim.refresh_from_db()
    assert claim.status in ("rejected", "candidate")


def test_schema_documents_if_match_on_review():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for resource in ("claims", "statements"):
        operation = schema["paths"][f"/api/v1/{resource}/{{id}}/review/"]["post"]
        headers = [p["name"] for p in operation["parameters"] if p["in"] == "header"]
        assert headers == ["If-Match"]
        assert "412" in operation["responses"]
