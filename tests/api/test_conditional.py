"""ETags: a client re-reads cheaply and never overwrites a change it has not seen."""

import pytest

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
