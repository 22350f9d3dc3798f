"""Writes: who may make them, and the rules the services enforce on the way in."""

import unicodedata

import pytest

from claims.models import Claim, Contradiction, Speaker, Statement, Verdict
from claims.services.notes import add_note
from tests.factories import OutletFactory, SpeakerFactory

pytestmark = pytest.mark.django_db
V1 = "/api/v1"


def write_cases(corpus):
    """(method, path, body) for every write endpoint, each valid for a fact-checker."""
    demand, _, denial = corpus["claims"]
    statement = corpus["statements"][0]
    contradiction = Contradiction.objects.get()
    OutletFactory(slug="spare-outlet")
    SpeakerFactory(slug="spare-speaker")
    return [
        ("post", "/outlets/", {"slug": "reuters", "name": "Reuters", "kind": "agency"}),
        ("patch", "/outlets/tass/", {"country": "RU"}),
        ("delete", "/outlets/spare-outlet/", None),
        ("post", "/articles/", {"key": "new-article", "title": "Tin mới", "body": "Tin mới\nÔng Putin nói."}),
        ("patch", "/articles/001_late/", {"byline": "Hà Anh"}),
        ("post", "/speakers/", {"slug": "peskov", "name": "Dmitry Peskov", "aliases": ["ông Peskov"]}),
        ("patch", "/speakers/kremlin/", {"role": "Presidential administration"}),
        ("delete", "/speakers/spare-speaker/", None),
        ("post", "/events/", {"slug": "geneva-2021", "name": "Geneva summit", "starts_on": "2021-06-16"}),
        ("patch", "/events/video-call/", {"location": "Sochi"}),
        ("post", "/topics/", {"slug": "nord-stream-2", "name": "Nord Stream 2 should operate"}),
        ("patch", "/topics/sanctions/", {"name_vi": "Trừng phạt"}),
        (
            "post",
            "/claims/",
            {"speaker": "joe-biden", "topic": "sanctions", "stance": "neutral", "summary": "S."},
        ),
        ("patch", f"/claims/{demand.id}/", {"summary_vi": "Putin đòi bảo đảm pháp lý."}),
        ("post", f"/claims/{demand.id}/review/", {"status": "verified"}),
        ("put", f"/claims/{demand.id}/verdict/", {"rating": "true", "textual_rating": "Accurate"}),
        (
            "post",
            "/statements/",
            {"claim": denial.id, "article": "001_late", "quote": "Matxcơva", "mode": "indirect"},
        ),
        ("post", f"/statements/{statement.id}/notes/", {"text": "Checked against the Kremlin's readout."}),
        ("post", f"/statements/{statement.id}/review/", {"status": "rejected"}),
        ("delete", f"/statements/{corpus['statements'][2].id}/", None),
        ("post", f"/claims/{demand.id}/notes/", {"text": "Said twice on the call."}),
        ("patch", f"/contradictions/{contradiction.id}/", {"status": "dismissed"}),
        ("post", f"/contradictions/{contradiction.id}/notes/", {"text": "Both readouts agree on it."}),
        (
            "post",
            f"/contradictions/{contradiction.id}/review/",
            {"status": "confirmed", "note": "Opposite positions."},
        ),
    ]


def test_anonymous_and_plain_users_cannot_write(api, user_api, corpus):
    before = (Claim.objects.count(), Statement.objects.count(), Verdict.objects.count())
    for method, path, body in write_cases(corpus):
        anonymous = getattr(api, method)(f"{V1}{path}", body, format="json")
        assert anonymous.status_code == 401, (method, path, anonymous.status_code)
        assert anonymous.json()["code"] == "not_authenticated"
        plain = getattr(user_api, method)(f"{V1}{path}", body, format="json")
        assert plain.status_code == 403, (method, path, plain.status_code)
        assert "fact-checker" in plain.json()["detail"]
    assert (Claim.objects.count(), Statement.objects.count(), Verdict.objects.count()) == before
    assert Contradiction.objects.get().status == "suspected"


@pytest.mark.parametrize("who", ["fact-checker", "admin"])
def test_fact_checkers_and_admins_can_make_every_write(fc_api, api, corpus, who):
    client, name = fc_api, "checker"
    if who == "admin":
        from tests.factories import UserFactory

        client, name = api, "root"
        client.force_authenticate(UserFactory(username=name, is_staff=True, is_superuser=True))
    for method, path, body in write_cases(corpus):
        response = getattr(client, method)(f"{V1}{path}", body, format="json")
        assert response.status_code in (200, 201, 204), (method, path, response.content)
    contradiction = Contradiction.objects.get()
    assert contradiction.status == "confirmed" and contradiction.reviewed_by.username == name
    assert Verdict.objects.get().reviewer.username == name


def test_statement_without_span_locates_the_single_occurrence(fc_api, corpus):
    demand = corpus["claims"][0]
    response = fc_api.post(
        f"{V1}/statements/",
        {"claim": demand.id, "article": "001_late", "quote": "phủ nhận kế hoạch tấn công Ukraine", "mode": "indirect",
         "via": [{"outlet": "tass"}]},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    data = response.json()
    body = corpus["articles"][1].body
    assert body[data["start"] : data["end"]] == "phủ nhận kế hoạch tấn công Ukraine"
    assert data["via"] == [{"outlet": {"slug": "tass", "name": "TASS"}, "speaker": None}]
    assert Statement.objects.get(pk=data["id"]).created_by.username == "checker"


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"quote": "không có trong bài"}, "quote", "does not occur"),
        ({"quote": "ng"}, "quote", "give start and end"),
        ({"quote": "Thượng đỉnh", "start": 3, "end": 14}, "quote", "not the quote"),
        ({"quote": "Thượng đỉnh", "start": 0, "end": 99999}, "end", "outside"),
        ({"quote": "Thượng đỉnh", "via": [{"outlet": "tass", "speaker": "kremlin"}]}, "via.0", "exactly one"),
        ({"quote": "Thượng đỉnh", "mode": "sung"}, "mode", "valid choice"),
        ({"quote": "Thượng đỉnh", "status": "verified"}, "status", "read-only"),
        ({"quote": "Thượng đỉnh", "created_by": 1}, "created_by", "Unknown field"),
        ({"quote": "Thượng\x00 đỉnh"}, "quote", "NUL"),
    ],
)
def test_bad_statements_are_refused_naming_the_field(fc_api, corpus, body, field, words):
    payload = {"claim": corpus["claims"][0].id, "article": "001_late", "mode": "direct", **body}
    before = Statement.objects.count()
    response = fc_api.post(f"{V1}/statements/", payload, format="json")
    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    assert any(e["field"] == field and words in e["message"] for e in errors), errors
    assert Statement.objects.count() == before


def test_text_is_stored_nfc(fc_api, corpus):
    decomposed = unicodedata.normalize("NFD", "Điện Kremlin bác bỏ cáo buộc")
    response = fc_api.post(
        f"{V1}/claims/",
        {"speaker": "kremlin", "topic": "sanctions", "stance": "opposes", "summary_vi": decomposed, "summary": "x"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201
    stored = Claim.objects.get(pk=response.json()["id"]).summary_vi
    assert stored == unicodedata.normalize("NFC", decomposed) != decomposed
    # An NFD quote still finds its NFC article text.
    response = fc_api.post(
        f"{V1}/statements/",
        {"claim": response.json()["id"], "article": "001_late", "mode": "indirect",
         "quote": unicodedata.normalize("NFD", "phủ nhận kế hoạch")},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.content


def test_claim_with_statements_is_not_deleted(fc_api, corpus):
    demand = corpus["claims"][0]
    response = fc_api.delete(f"{V1}/claims/{demand.id}/")
    assert response.status_code == 409
    assert str(corpus["statements"][0].id) in response.json()["detail"]
    assert Claim.objects.filter(pk=demand.id).exists()


def test_claim_without_statements_is_deleted(fc_api, corpus):
    claim = Claim.objects.create(
        speaker=corpus["speakers"][2], topic=corpus["topics"][1], stance="neutral", summary="x"
    )
    assert fc_api.delete(f"{V1}/claims/{claim.id}/").status_code == 204
    assert not Claim.objects.filter(pk=claim.id).exists()
    assert Claim.history.filter(id=claim.id, history_type="-").exists()  # deleted, but not without a trace


def test_what_a_contradiction_cites_is_not_deleted_from_under_it(fc_api, corpus):
    first, second = corpus["statements"][0], corpus["statements"][1]
    contradiction = Contradiction.objects.create(
        kind="discrepancy", claim_a=first.claim, claim_b=second.claim,
        statement_a=first, statement_b=second, status="dismissed",
    )  # fmt: skip
    add_note(contradiction, text="Two renderings of one quote.")
    response = fc_api.delete(f"{V1}/statements/{first.id}/")
    assert response.status_code == 409
    assert f"contradiction {contradiction.id}" in response.json()["detail"]
    lonely = Claim.objects.create(
        speaker=corpus["speakers"][2], topic=corpus["topics"][1], stance="neutral", summary="x"
    )
    cited = Contradiction.objects.create(kind="opposing", claim_a=lonely, claim_b=corpus["claims"][0])
    assert fc_api.delete(f"{V1}/claims/{lonely.id}/").status_code == 409
    assert Statement.objects.filter(pk=first.id).exists()
    assert [n.text for n in contradiction.notes.all()] == ["Two renderings of one quote."]
    assert Contradiction.objects.filter(pk=cited.pk).exists()


def test_outlet_still_referenced_is_a_409(fc_api, corpus):
    response = fc_api.delete(f"{V1}/outlets/plvn/")
    assert response.status_code == 409
    assert "article" in response.json()["detail"]


def test_verifying_an_opposing_claim_records_a_suspected_contradiction(fc_api, corpus):
    response = fc_api.post(
        f"{V1}/claims/",
        {"speaker": "kremlin", "topic": "sanctions", "stance": "opposes", "summary": "No sanctions will work."},
        format="json",
    )  # fmt: skip
    new_id = response.json()["id"]
    assert not Contradiction.objects.filter(claim_b_id=new_id).exists()  # a candidate suggests nothing
    assert (
        fc_api.post(f"{V1}/claims/{new_id}/review/", {"status": "verified"}, format="json").status_code == 200
    )
    pair = Contradiction.objects.get(claim_b_id=new_id)
    assert pair.kind == "opposing" and pair.status == "suspected" and pair.detected_by == "detector"


@pytest.mark.parametrize("spelling", ["ông Putin", "ONG PUTIN", "Ông Putin"])
def test_alias_already_taken_by_another_speaker_is_refused(fc_api, corpus, spelling):
    # Spellings are compared folded, as look-up and extraction compare them.
    response = fc_api.post(
        f"{V1}/speakers/", {"slug": "x", "name": "X", "aliases": [spelling]}, format="json"
    )
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["field"] == "aliases"
    assert error["message"] == "Already an alias of another speaker: 'ông Putin' (vladimir-putin)."
    assert not Speaker.objects.filter(slug="x").exists()


def test_one_speaker_may_keep_spellings_that_fold_alike(fc_api, corpus):
    response = fc_api.patch(
        f"{V1}/speakers/vladimir-putin/", {"aliases": ["ông Putin", "Ông Putin"]}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["aliases"] == ["Ông Putin", "ông Putin"]


def test_written_aliases_are_answered_as_stored(fc_api, api, corpus):
    created = fc_api.post(
        f"{V1}/speakers/", {"slug": "peskov", "name": "Dmitry Peskov", "aliases": ["ông Peskov", "Peskov"]},
        format="json",
    )  # fmt: skip
    assert created.json()["aliases"] == ["Peskov", "ông Peskov"]
    changed = fc_api.patch(
        f"{V1}/speakers/vladimir-putin/", {"aliases": ["Putin", "ông Putin"]}, format="json"
    )
    assert changed.status_code == 200
    assert changed.json()["aliases"] == ["Putin", "ông Putin"]  # not the aliases read before the write
    read = api.get(f"{V1}/speakers/vladimir-putin/")
    assert read.json()["aliases"] == ["Putin", "ông Putin"]
    assert read["ETag"] == changed["ETag"]


def test_verdict_and_claimreview(fc_api, api, corpus):
    demand = corpus["claims"][0]
    assert api.get(f"{V1}/claims/{demand.id}/claimreview/").status_code == 404
    verdict = {"rating": "mixture", "textual_rating": "Half true", "explanation": "NATO made no such promise.",
               "reviewed_on": "2022-01-05"}  # fmt: skip
    response = fc_api.put(f"{V1}/claims/{demand.id}/verdict/", verdict, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["published"] is False
    # Unpublished: the fact-checker reads it, the public does not.
    assert fc_api.get(f"{V1}/claims/{demand.id}/").json()["verdict"]["rating"] == "mixture"
    assert api.get(f"{V1}/claims/{demand.id}/").json()["verdict"] is None
    assert api.get(f"{V1}/claims/{demand.id}/claimreview/").status_code == 404
    published = fc_api.put(f"{V1}/claims/{demand.id}/verdict/", {**verdict, "published": True}, format="json")
    assert published.status_code == 200, published.content
    assert api.get(f"{V1}/claims/{demand.id}/").json()["verdict"]["rating"] == "mixture"
    review = api.get(f"{V1}/claims/{demand.id}/claimreview/")
    assert review["Content-Type"].startswith("application/ld+json")
    data = review.json()
    assert data["@type"] == "ClaimReview"
    assert data["claimReviewed"] == demand.summary
    assert data["reviewRating"]["alternateName"] == "Half true"
    assert data["reviewRating"]["ratingValue"] == 2
    assert data["itemReviewed"]["author"]["name"] == "Vladimir Putin"
    assert len(data["itemReviewed"]["appearance"]) == 2
    assert data["itemReviewed"]["firstAppearance"]["headline"] == corpus["articles"][0].title
    bad = fc_api.put(f"{V1}/claims/{demand.id}/verdict/", {"rating": "pants-on-fire"}, format="json")
    assert bad.status_code == 400
    assert {e["field"] for e in bad.json()["errors"]} == {"rating", "textual_rating"}


def test_create_factchecker_prints_a_working_token(api):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("create_factchecker", "alice", stdout=out)
    token = out.getvalue().strip().splitlines()[-1]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = api.post(f"{V1}/topics/", {"slug": "t", "name": "T"}, format="json")
    assert response.status_code == 201
