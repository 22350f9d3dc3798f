"""The API in the language a client asks for: names, summaries and references in Vietnamese where the
record has them (English otherwise, and always as `…_en`), the answer's language in its headers,
and one ETag per language."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from claims.choices import ContradictionStatus
from claims.models import Claim, Contradiction, Event
from core.api.limits import MAX_QUERY_STRING

pytestmark = pytest.mark.django_db
V1 = "/api/v1"
VI = {"HTTP_ACCEPT_LANGUAGE": "vi"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}

DEMAND_EN = "Putin demands legal guarantees that NATO will not expand east."
DEMAND_VI = "Putin yêu cầu đảm bảo pháp lý rằng NATO không mở rộng về phía đông."
NATO_EN, NATO_VI = "NATO should not expand further east", "NATO mở rộng"
CALL_EN, CALL_VI = "Video call", "Cuộc gọi trực tuyến"
THREAT_EN = "Biden says the US will answer with strong economic measures."
SANCTIONS_EN = "The US will impose sanctions on Russia"


@pytest.fixture
def bilingual(corpus):
    """The corpus with a Vietnamese summary on Putin's demand and a Vietnamese name on the call (the
    NATO topic has one already); Biden's threat and the sanctions topic have English alone. Its
    contradictions are confirmed, so that anonymous readers see them."""
    demand = corpus["claims"][0]
    Claim.objects.filter(pk=demand.pk).update(summary_vi=DEMAND_VI)
    Event.objects.filter(pk=corpus["event"].pk).update(name_vi=CALL_VI)
    Contradiction.objects.update(status=ContradictionStatus.CONFIRMED)
    return corpus


def claim_url(corpus, index: int = 0, suffix: str = "") -> str:
    return f"{V1}/claims/{corpus['claims'][index].id}/{suffix}"


# --- Content ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "summary", "topic", "event"),
    [
        ({}, DEMAND_EN, NATO_EN, CALL_EN),
        (EN, DEMAND_EN, NATO_EN, CALL_EN),
        ({"HTTP_ACCEPT_LANGUAGE": "fr-FR"}, DEMAND_EN, NATO_EN, CALL_EN),
        (VI, DEMAND_VI, NATO_VI, CALL_VI),
        ({"HTTP_ACCEPT_LANGUAGE": "fr;q=0.9, vi-VN;q=0.8"}, DEMAND_VI, NATO_VI, CALL_VI),
    ],
)
def test_a_claim_reads_in_the_language_asked_for_and_keeps_both_texts(
    api, bilingual, headers, summary, topic, event
):
    claim = api.get(claim_url(bilingual), **headers).json()
    assert (claim["summary"], claim["topic"]["name"], claim["event"]["name"]) == (summary, topic, event)
    assert (claim["summary_en"], claim["summary_vi"]) == (DEMAND_EN, DEMAND_VI)
    assert claim["speaker"]["name"] == "Vladimir Putin"  # a speaker has one name


def test_the_claims_list_reads_in_vietnamese_and_falls_back_to_english(api, bilingual):
    def shown(headers):
        page = api.get(f"{V1}/claims/", **headers).json()["results"]
        return {c["key"]: (c["summary"], c["topic"]["name"]) for c in page}

    english = {
        "putin-legal-guarantees": (DEMAND_EN, NATO_EN),
        "biden-sanctions": (THREAT_EN, SANCTIONS_EN),
        "biden-opposes-guarantees": ("Biden rejects any veto on NATO membership.", NATO_EN),
    }
    assert shown({}) == shown(EN) == english
    # Biden's claims have no Vietnamese summary, the sanctions topic no Vietnamese name: English.
    assert shown(VI) == {
        "putin-legal-guarantees": (DEMAND_VI, NATO_VI),
        "biden-sanctions": (THREAT_EN, SANCTIONS_EN),
        "biden-opposes-guarantees": ("Biden rejects any veto on NATO membership.", NATO_VI),
    }


def test_topics_and_events_read_in_vietnamese_where_they_have_it(api, bilingual):
    topics = {t["slug"]: t for t in api.get(f"{V1}/topics/", **VI).json()["results"]}
    assert (topics["nato-expansion"]["name"], topics["nato-expansion"]["name_en"]) == (NATO_VI, NATO_EN)
    assert topics["nato-expansion"]["name_vi"] == NATO_VI
    sanctions = topics["sanctions"]
    assert (sanctions["name"], sanctions["name_en"], sanctions["name_vi"]) == (SANCTIONS_EN, SANCTIONS_EN, "")
    event = api.get(f"{V1}/events/video-call/", **VI).json()
    assert (event["name"], event["name_en"], event["name_vi"]) == (CALL_VI, CALL_EN, CALL_VI)
    assert api.get(f"{V1}/events/video-call/").json()["name"] == CALL_EN


def test_speakers_have_one_name_in_both_languages(api, bilingual):
    english = api.get(f"{V1}/speakers/", **EN)
    vietnamese = api.get(f"{V1}/speakers/", **VI)
    assert vietnamese.json() == english.json()
    assert "Vladimir Putin" in {s["name"] for s in vietnamese.json()["results"]}
    assert (english["Content-Language"], vietnamese["Content-Language"]) == ("en", "vi")


def test_contradictions_name_their_topic_and_claims_in_vietnamese(api, bilingual):
    demand = bilingual["claims"][0].id
    for url in (f"{V1}/contradictions/", claim_url(bilingual, suffix="contradictions/")):
        contradiction = api.get(url, **VI).json()["results"][0]
        assert contradiction["topic"]["name"] == NATO_VI
        summaries = {c["id"]: c["summary"] for c in contradiction["claims"]}
        assert summaries[demand] == DEMAND_VI
        assert "Biden rejects any veto on NATO membership." in summaries.values()  # no Vietnamese
        assert {c["topic"]["name"] for c in contradiction["claims"]} == {NATO_VI}
        english = api.get(url).json()["results"][0]
        assert english["topic"]["name"] == NATO_EN
        assert {c["id"]: c["summary"] for c in english["claims"]}[demand] == DEMAND_EN
    detail = api.get(f"{V1}/contradictions/{contradiction['id']}/", **VI).json()
    assert detail["topic"]["name"] == NATO_VI


def test_attribution_references_read_in_vietnamese(api, bilingual):
    attribution = api.get(claim_url(bilingual, suffix="attribution/"), **VI).json()
    claim = attribution["claim"]
    assert (claim["summary"], claim["topic"]["name"], claim["event"]["name"]) == (DEMAND_VI, NATO_VI, CALL_VI)
    assert {s["claim"]["name"] for s in attribution["statements"]} == {DEMAND_VI}
    assert attribution["first_appearance"]["claim"] == {"id": claim["id"], "name": DEMAND_VI}
    # Outlets and speakers have one name.
    assert [o["name"] for o in attribution["outlets"]] == ["Pháp luật Việt Nam", "VTC News"]
    english = api.get(claim_url(bilingual, suffix="attribution/")).json()
    assert {s["claim"]["name"] for s in english["statements"]} == {DEMAND_EN}
    assert english["claim"]["topic"]["name"] == NATO_EN


def test_statements_name_their_claim_in_vietnamese(api, bilingual):
    statement = bilingual["statements"][0]
    assert api.get(f"{V1}/statements/{statement.id}/", **VI).json()["claim"]["name"] == DEMAND_VI
    names = {s["claim"]["name"] for s in api.get(f"{V1}/statements/", **VI).json()["results"]}
    assert DEMAND_VI in names and THREAT_EN in names
    article = api.get(f"{V1}/articles/000_early/statements/", **VI).json()["results"]
    assert DEMAND_VI in {s["claim"]["name"] for s in article}


def test_summary_and_name_are_written_in_english_whatever_the_language(fc_api, bilingual):
    english, vietnamese = "Biden refuses any promise.", "Biden từ chối mọi cam kết."
    body = {
        "speaker": "joe-biden", "topic": "nato-expansion", "stance": "opposes",
        "summary": english, "summary_vi": vietnamese,
    }  # fmt: skip
    created = fc_api.post(f"{V1}/claims/", body, format="json", **VI)
    assert created.status_code == 201, created.content
    shown = created.json()
    assert (shown["summary"], shown["summary_en"], shown["summary_vi"]) == (vietnamese, english, vietnamese)
    stored = Claim.objects.get(pk=shown["id"])
    assert (stored.summary, stored.summary_vi) == (english, vietnamese)
    # A topic without a Vietnamese name: the English written is the name read.
    renamed = fc_api.patch(f"{V1}/topics/sanctions/", {"name": "Sanctions will come"}, format="json", **VI)
    assert [renamed.json()[field] for field in ("name", "name_en")] == ["Sanctions will come"] * 2
    # `…_en` is read-only: the English is written as `summary` and `name`.
    refused = fc_api.patch(f"{V1}/topics/sanctions/", {"name_en": "x"}, format="json")
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "name_en"


def test_the_schema_says_how_summary_and_name_are_read(api):
    schema = api.get("/api/schema/", {"format": "json"}).json()["components"]["schemas"]
    for component, field in (("Claim", "summary"), ("Topic", "name"), ("Event", "name")):
        properties = schema[component]["properties"]
        assert "Accept-Language" in properties[field]["description"]
        assert properties[f"{field}_en"]["readOnly"] is True
        assert f"{field}_en" not in schema[f"{component}Request"]["properties"]


# --- Headers ---------------------------------------------------------------------------------


def answers(api, corpus) -> dict[str, object]:
    """One request per kind of answer, each a function of the request's extra headers."""
    claim = claim_url(corpus)
    return {
        "list": lambda **h: api.get(f"{V1}/claims/", **h),
        "detail": lambda **h: api.get(claim, **h),
        "not modified": lambda **h: api.get(claim, HTTP_IF_NONE_MATCH=api.get(claim, **h)["ETag"], **h),
        "not found": lambda **h: api.get(f"{V1}/claims/999999/", **h),
        "no such url": lambda **h: api.get(f"{V1}/no-such-thing/", **h),
        "invalid": lambda **h: api.get(f"{V1}/topics/", {"ordering": "nope"}, **h),
        "unauthenticated write": lambda **h: api.post(f"{V1}/topics/", {}, format="json", **h),
        "query too long": lambda **h: api.get(f"{V1}/topics/?q={'x' * MAX_QUERY_STRING}", **h),
        "schema": lambda **h: api.get("/api/schema/", {"format": "json"}, **h),
    }


@pytest.mark.parametrize(
    "kind",
    ["list", "detail", "not modified", "not found", "no such url", "invalid", "unauthenticated write",
     "query too long", "schema"],
)  # fmt: skip
@pytest.mark.parametrize(("headers", "language"), [({}, "en"), (EN, "en"), (VI, "vi")])
def test_every_answer_names_its_language_and_varies_by_it(api, bilingual, kind, headers, language):
    response = answers(api, bilingual)[kind](**headers)
    assert response["Content-Language"] == language, (response.status_code, kind)
    assert "accept-language" in {v.strip().lower() for v in response["Vary"].split(",")}, kind


def test_etags_differ_by_language(api, bilingual):
    # A speaker reads alike in both languages; the claim does not: each language has its own tag.
    for url in (f"{V1}/speakers/joe-biden/", claim_url(bilingual), f"{V1}/topics/sanctions/"):
        english, vietnamese = api.get(url, **EN), api.get(url, **VI)
        assert english["ETag"] != vietnamese["ETag"], url
        assert api.get(url)["ETag"] == english["ETag"]  # no language is English
        # The English tag is not the Vietnamese representation's: a full answer, with its own tag.
        again = api.get(url, HTTP_IF_NONE_MATCH=english["ETag"], **VI)
        assert (again.status_code, again["ETag"]) == (200, vietnamese["ETag"])
        assert again.json() == vietnamese.json()
        same = api.get(url, HTTP_IF_NONE_MATCH=vietnamese["ETag"], **VI)
        assert (same.status_code, same["Content-Language"]) == (304, "vi")


def test_if_match_compares_with_the_tag_of_the_writes_language(fc_api, bilingual):
    url = claim_url(bilingual)
    english, vietnamese = fc_api.get(url, **EN)["ETag"], fc_api.get(url, **VI)["ETag"]
    mismatched = fc_api.patch(url, {"said_on": "2021-12-08"}, format="json", HTTP_IF_MATCH=english, **VI)
    assert mismatched.status_code == 412
    written = fc_api.patch(url, {"said_on": "2021-12-08"}, format="json", HTTP_IF_MATCH=vietnamese, **VI)
    assert written.status_code == 200
    assert written["ETag"] == fc_api.get(url, **VI)["ETag"] != fc_api.get(url, **EN)["ETag"]


# --- Other origins ---------------------------------------------------------------------------


def test_another_origins_page_reads_the_language_and_rate_headers(settings, bilingual):
    settings.CORS_ALLOWED_ORIGINS = ["https://newsroom.example.org"]
    cache.clear()
    client = APIClient(headers={"Origin": "https://newsroom.example.org", "Accept-Language": "vi"})
    response = client.get(claim_url(bilingual))
    assert response["Access-Control-Allow-Origin"] == "https://newsroom.example.org"
    exposed = {h.strip().lower() for h in response["Access-Control-Expose-Headers"].split(",")}
    for header in ("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "Content-Language", "ETag"):
        assert header.lower() in exposed
        assert response[header]
    cache.clear()
