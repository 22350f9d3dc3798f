"""`q` ignores case, diacritics, đ/d and Unicode normal form."""

import unicodedata

import pytest

pytestmark = pytest.mark.django_db
V1 = "/api/v1"

FORMS = {
    "nfc": "đảm bảo pháp lý",
    "nfd": unicodedata.normalize("NFD", "đảm bảo pháp lý"),
    "bare": "dam bao phap ly",
    "upper": "ĐẢM BẢO PHÁP LÝ",
}


def ids(api, path, q):
    response = api.get(f"{V1}{path}", {"q": q})
    assert response.status_code == 200
    return sorted(item.get("id") or item.get("slug") for item in response.json()["results"])


@pytest.mark.parametrize("path", ["/statements/", "/claims/"])
def test_every_form_of_a_query_finds_the_same(api, corpus, path):
    found = {form: ids(api, path, q) for form, q in FORMS.items()}
    assert found["nfc"], "the query should match something"
    assert found["nfd"] == found["bare"] == found["upper"] == found["nfc"]


def test_claim_search_covers_topics_and_aliases(api, corpus):
    demand = corpus["claims"][0]
    assert demand.id in ids(api, "/claims/", "nato mo rong")  # topic's Vietnamese name
    assert ids(api, "/claims/", "ONG PUTIN") == [demand.id]  # speaker alias
    assert ids(api, "/claims/", "economic measures") == [corpus["claims"][1].id]  # summary


def test_speaker_alias_spellings(api, corpus):
    from tests.factories import AliasFactory, SpeakerFactory

    moscow = SpeakerFactory(slug="moscow", name="Moscow", kind="institution")
    for name in ("Moskva", "Matxcơva"):
        AliasFactory(speaker=moscow, name=name)
    for q in ("matxcova", "MATXCƠVA", "moskva", "Moscow"):
        assert ids(api, "/speakers/", q) == ["moscow"], q


def test_wildcards_are_literal(api, corpus):
    assert ids(api, "/statements/", "%") == []
    assert ids(api, "/statements/", "_") == []


@pytest.mark.parametrize(
    "pasted",
    [
        "kịch bản “ác mộng”",  # curly quotes, as the articles print them
        'kich ban "ac mong"',
        "Putin–Biden",  # en dash
        "Putin-Biden",
        "hai cường quốc…",  # the one-character ellipsis
    ],
)
def test_text_pasted_from_an_article_finds_it(api, pasted):
    """Unaccent folds quotes, dashes and “…” to ASCII in the text; the query must fold the same way."""
    from tests.factories import ArticleFactory, StatementFactory

    quote = "tránh kịch bản “ác mộng” về cuộc đối đầu Putin–Biden giữa hai cường quốc..."
    statement = StatementFactory(
        quote=quote, article=ArticleFactory(body=f"Mở đầu\n{quote}"), mode="indirect"
    )
    StatementFactory(mode="indirect")
    assert ids(api, "/statements/", pasted) == [statement.id]
    assert ids(api, "/claims/", pasted) == [statement.claim_id]
