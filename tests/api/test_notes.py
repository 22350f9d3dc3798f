"""Notes in the API: a thread on each statement, claim and contradiction, read by fact-checkers only
and added to by POST to the record's `notes/`; never written over."""

import datetime as dt
import unicodedata

import pytest
from django.contrib.auth import get_user_model

from claims.choices import ContradictionStatus
from claims.models import Contradiction, Note
from claims.services.notes import add_note

pytestmark = pytest.mark.django_db
V1 = "/api/v1"
RECORDS = ["statements", "claims", "contradictions"]


def record_of(corpus, resource: str):
    if resource == "contradictions":
        # Confirmed between verified claims: published, so that other readers read it too.
        Contradiction.objects.update(status=ContradictionStatus.CONFIRMED)
        return Contradiction.objects.get()
    return {"statements": corpus["statements"][0], "claims": corpus["claims"][0]}[resource]


@pytest.mark.parametrize("resource", RECORDS)
def test_a_fact_checker_reads_the_thread_oldest_first_on_lists_and_details(
    fc_api, fact_checker, corpus, resource
):
    record = record_of(corpus, resource)
    first = add_note(record, text="Carried over from the old note field.")
    second = add_note(record, text="Checked against the video.", user=fact_checker)
    expected = [
        {"id": first.pk, "author": "", "text": first.text, "created_at": first.created_at},
        {"id": second.pk, "author": "checker", "text": second.text, "created_at": second.created_at},
    ]

    def thread(notes: list[dict]) -> list[dict]:
        return [{**note, "created_at": dt.datetime.fromisoformat(note["created_at"])} for note in notes]

    assert thread(fc_api.get(f"{V1}/{resource}/{record.pk}/").json()["notes"]) == expected
    listed = {item["id"]: item["notes"] for item in fc_api.get(f"{V1}/{resource}/").json()["results"]}
    assert thread(listed.pop(record.pk)) == expected
    assert all(notes == [] for notes in listed.values())


@pytest.mark.parametrize("resource", RECORDS)
def test_other_readers_get_no_notes_field(api, user_api, corpus, resource):
    record = record_of(corpus, resource)
    add_note(record, text="Not for the public.")
    for client in (api, user_api):
        detail = client.get(f"{V1}/{resource}/{record.pk}/")
        assert detail.status_code == 200 and "notes" not in detail.json()
        assert all("notes" not in item for item in client.get(f"{V1}/{resource}/").json()["results"])
        assert "Not for the public." not in client.get(f"{V1}/{resource}/").content.decode()


@pytest.mark.parametrize("resource", RECORDS)
def test_a_note_is_added_by_post_and_changes_the_fact_checkers_etag(fc_api, api, corpus, resource):
    record = record_of(corpus, resource)
    url = f"{V1}/{resource}/{record.pk}/"
    etag, public_etag = fc_api.get(url)["ETag"], api.get(url)["ETag"]
    # Decomposed Vietnamese, with space around it: stored NFC and trimmed, as all text is.
    typed = "  " + unicodedata.normalize("NFD", "Đã đối chiếu với bản ghi của Điện Kremlin.") + "\n"
    response = fc_api.post(f"{url}notes/", {"text": typed}, format="json")
    assert response.status_code == 201, response.content
    note = response.json()
    assert set(note) == {"id", "author", "text", "created_at"}
    assert (note["author"], note["text"]) == ("checker", "Đã đối chiếu với bản ghi của Điện Kremlin.")
    assert Note.objects.get(pk=note["id"]).text == unicodedata.normalize("NFC", note["text"])
    assert fc_api.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200  # a new ETag
    assert fc_api.get(url)["ETag"] != etag
    assert api.get(url)["ETag"] == public_etag  # what the public reads did not change
    again = fc_api.post(f"{url}notes/", {"text": "A second one."}, format="json")
    assert [n["text"] for n in fc_api.get(url).json()["notes"]] == [note["text"], "A second one."]
    assert again.status_code == 201


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"text": ""}, "This field may not be blank."),
        ({"text": "   \n"}, "This field may not be blank."),
        ({}, "This field is required."),
        ({"text": None}, "This field may not be null."),
    ],
)
def test_a_note_without_text_is_refused_naming_the_field(fc_api, corpus, body, message):
    claim = corpus["claims"][0]
    response = fc_api.post(f"{V1}/claims/{claim.pk}/notes/", body, format="json")
    assert response.status_code == 400
    assert [(e["field"], e["message"]) for e in response.json()["errors"]] == [("text", message)]
    assert not Note.objects.exists()


def test_a_note_names_no_other_field(fc_api, corpus):
    claim = corpus["claims"][0]
    response = fc_api.post(
        f"{V1}/claims/{claim.pk}/notes/", {"text": "x", "author": "someone"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "author"


def test_only_fact_checkers_add_notes(api, user_api, corpus):
    claim = corpus["claims"][0]
    assert api.post(f"{V1}/claims/{claim.pk}/notes/", {"text": "x"}, format="json").status_code == 401
    assert user_api.post(f"{V1}/claims/{claim.pk}/notes/", {"text": "x"}, format="json").status_code == 403
    assert not Note.objects.exists()


def test_a_note_on_no_record_is_a_404(fc_api, corpus):
    for resource in RECORDS:
        assert fc_api.post(f"{V1}/{resource}/999999/notes/", {"text": "x"}, format="json").status_code == 404


@pytest.mark.parametrize("resource", RECORDS)
def test_the_single_note_field_is_gone_and_the_thread_is_read_only(fc_api, corpus, resource):
    record = record_of(corpus, resource)
    url = f"{V1}/{resource}/{record.pk}/"
    unknown = fc_api.patch(url, {"note": "Replaced?"}, format="json")
    assert unknown.status_code == 400
    assert [(e["field"], e["message"]) for e in unknown.json()["errors"]] == [("note", "Unknown field.")]
    read_only = fc_api.patch(url, {"notes": [{"text": "Replaced?"}]}, format="json")
    assert read_only.status_code == 400
    assert read_only.json()["errors"][0]["message"] == "This field is read-only."
    assert not Note.objects.exists()


def test_reviewing_a_contradiction_with_a_note_adds_it_after_the_others(fc_api, fact_checker, corpus):
    contradiction = Contradiction.objects.get()
    add_note(contradiction, text="Suggested by detection; the readouts differ.")
    url = f"{V1}/contradictions/{contradiction.pk}/"
    etag = fc_api.get(url)["ETag"]
    response = fc_api.post(
        f"{url}review/",
        {"status": "dismissed", "note": "Different time frames."},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["reviewed_by"]) == ("dismissed", "checker")
    assert [(n["author"], n["text"]) for n in body["notes"]] == [
        ("", "Suggested by detection; the readouts differ."),
        ("checker", "Different time frames."),
    ]
    assert response["ETag"] == fc_api.get(url)["ETag"]
    # Without a note, the thread stays as it is; with a stale ETag, nothing happens.
    assert (
        fc_api.post(f"{url}review/", {"status": "confirmed"}, format="json").json()["notes"] == body["notes"]
    )
    stale = fc_api.post(
        f"{url}review/", {"status": "dismissed", "note": "Again."}, format="json", HTTP_IF_MATCH=etag
    )
    assert stale.status_code == 412
    assert contradiction.notes.count() == 2


def test_a_status_patch_still_reviews_a_contradiction(fc_api, corpus):
    contradiction = Contradiction.objects.get()
    response = fc_api.patch(
        f"{V1}/contradictions/{contradiction.pk}/", {"status": "confirmed"}, format="json"
    )
    assert response.status_code == 200, response.content
    contradiction.refresh_from_db()
    assert (contradiction.status, contradiction.reviewed_by.username) == ("confirmed", "checker")


def test_a_deleted_authors_note_still_names_them(fc_api, corpus):
    author = get_user_model().objects.create(username="departed")
    claim = corpus["claims"][0]
    add_note(claim, text="Written before leaving.", user=author)
    author.delete()
    (note,) = fc_api.get(f"{V1}/claims/{claim.pk}/").json()["notes"]
    assert note["author"] == "departed"
    assert Note.objects.get().author is None


def test_the_schema_says_notes_are_for_fact_checkers_and_how_to_add_one(api):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    components = schema["components"]["schemas"]
    for name in ("Claim", "Statement", "Contradiction"):
        notes = components[name]["properties"]["notes"]
        assert notes["readOnly"] and notes["description"].startswith("Fact-checkers only.")
        assert notes["items"]["$ref"] == "#/components/schemas/Note"
        assert "notes" not in components[name]["required"] and "id" in components[name]["required"]
        assert "note" not in components[name]["properties"]
    assert components["NoteRequest"]["required"] == ["text"]
    for resource in RECORDS:
        operation = schema["paths"][f"/api/v1/{resource}/{{id}}/notes/"]["post"]
        assert operation["operationId"] == f"{resource}_notes_create"
        assert set(operation["responses"]) >= {"201", "400", "401", "403", "404"}
    review = schema["paths"]["/api/v1/contradictions/{id}/review/"]["post"]
    assert review["operationId"] == "contradictions_review"
    assert [p["name"] for p in review["parameters"] if p["in"] == "header"] == ["If-Match"]
