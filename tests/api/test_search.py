"""`q` ignores case, diacritics, đ/d and Unicode normal form."""

import re
import unicodedata

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.api import filters as claim_filters

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
    assert ids(api, "/statements/", "nat")  # "NATO"
    assert ids(api, "/statements/", "nat%") == []
    assert ids(api, "/statements/", "nat_") == []
    assert ids(api, "/statements/", "na_o") == []


SHORT = ["my", "Mỹ", "zq", "?", "???", "1 2", "“…”", "đ", "a-b"]


@pytest.mark.parametrize(
    "path", ["/claims/", "/statements/", "/articles/", "/claims/export/", "/statements/export/"]
)
@pytest.mark.parametrize("q", SHORT)
def test_a_term_too_short_for_the_indexes_is_refused(api, corpus, django_assert_num_queries, path, q):
    """Fewer than three letters or digits give the trigram indexes nothing to look up: such a term
    found in few rows was searched by folding every row (19 s on the claims at a million)."""
    with django_assert_num_queries(0):
        response = api.get(f"{V1}{path}", {"q": q})
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "q", "code": "too_short", "message": "Enter at least 3 letters or digits to search."}
    ]


@pytest.mark.parametrize("q", ["nato", "a b c", "Mỹ 3", "đàm", "  nat  "])
def test_three_letters_or_digits_in_any_words_are_searched(api, corpus, q):
    response = api.get(f"{V1}/claims/", {"q": q})
    assert response.status_code == 200


@pytest.mark.parametrize("q", ["", "   "])
def test_a_blank_term_searches_nothing(api, corpus, q):
    everything = sorted(claim["id"] for claim in api.get(f"{V1}/claims/").json()["results"])
    assert ids(api, "/claims/", q) == everything


def test_the_short_lists_take_a_one_syllable_name(api, corpus):
    """Speakers and topics are searched among few rows; a Vietnamese name may be one syllable."""
    from tests.factories import SpeakerFactory

    SpeakerFactory(slug="ly", name="Lý")
    assert ids(api, "/speakers/", "LY") == ["ly"]
    assert api.get(f"{V1}/topics/", {"q": "ab"}).status_code == 200


def test_the_schema_states_the_minimum(api):
    schema = api.get("/api/schema/", {"format": "json"}).json()

    def q_of(path):
        return next(p for p in schema["paths"][path]["get"]["parameters"] if p["name"] == "q")

    for path in ("/api/v1/claims/", "/api/v1/statements/", "/api/v1/articles/"):
        assert "At least 3 letters or digits" in q_of(path)["description"], path
    assert "At least" not in q_of("/api/v1/speakers/")["description"]


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


@pytest.mark.parametrize(
    ("q", "found_by"),
    [("nato mo rong", "topic"), ("ONG PUTIN", "speaker"), ("economic measures", "summary")],
)
@pytest.mark.parametrize("listed", [2_000, 0], ids=["listed", "too many to list"])
def test_a_search_under_another_filter_finds_what_the_search_alone_finds(
    api, corpus, monkeypatch, q, found_by, listed
):
    monkeypatch.setattr(claim_filters, "LISTED_RELATED", listed)
    alone = api.get(f"{V1}/claims/", {"q": q}).json()["results"]
    supporting = sorted(claim["id"] for claim in alone if claim["stance"] == "supports")
    assert supporting
    response = api.get(f"{V1}/claims/", {"q": q, "stance": "supports"})
    assert sorted(claim["id"] for claim in response.json()["results"]) == supporting


@pytest.mark.parametrize(
    ("path", "columns"),
    [
        ("/claims/", ("summary_folded", "summary_vi_folded", "quote_folded")),
        ("/statements/", ("quote_folded",)),
    ],
)
def test_search_reads_the_stored_folds(api, corpus, path, columns):
    # Folding each row again is most of a walk's time (summit.text.stored_fold).
    with CaptureQueriesContext(connection) as queries:
        assert ids(api, path, "dam bao")
    sql = "\n".join(query["sql"] for query in queries.captured_queries)
    for column in columns:
        # A word is looked up as it is, a phrase also without its spaces (summit.text.FoldedContains).
        assert f'"{column}"::text LIKE' in sql or f"\"{column}\", ' ', '')::text LIKE" in sql
    assert 'summit_fold("claims_statement"."quote")' not in sql
    assert 'summit_fold("claims_claim"."summary' not in sql


def test_the_stored_folds_follow_an_edit(api, corpus):
    from claims.models import Claim, Statement

    statement = Statement.objects.select_related("claim").first()
    Statement.objects.filter(pk=statement.pk).update(quote="Hội nghị thượng đỉnh ở Giơ-ne-vơ")
    Claim.objects.filter(pk=statement.claim_id).update(summary="Talks in Geneva", summary_vi="Đàm đạo")
    assert ids(api, "/statements/", "hoi nghi thuong dinh") == [statement.pk]
    assert statement.claim_id in ids(api, "/claims/", "talks in geneva")
    assert statement.claim_id in ids(api, "/claims/", "dam dao")
    assert statement.pk not in ids(api, "/statements/", statement.quote[:12])


@pytest.mark.parametrize(
    "path",
    ["/claims/", "/claims/{claim}/", "/statements/", "/statements/{statement}/", "/contradictions/"],
)
def test_pages_do_not_read_the_stored_folds(api, corpus, path):
    from claims.models import Statement

    statement = Statement.objects.first()
    path = path.format(claim=statement.claim_id, statement=statement.pk)
    with CaptureQueriesContext(connection) as queries:
        assert api.get(f"{V1}{path}").status_code == 200
    assert queries.captured_queries
    assert not [query["sql"] for query in queries.captured_queries if "_folded" in query["sql"]]


# A term of several words is looked up in the joined indexes and tested as written
# (summit.text.FoldedContains): the words apart, in another order or run together do not match.
PHRASE_TEXTS = {
    "as written": "Ông Lý Minh Hải Cường phát biểu tại Geneva",
    "apart": "Lý Minh và Hải Cường phát biểu",
    "run together": "LýMinh HảiCường phát biểu",
    "reordered": "Cường Hải Minh Lý phát biểu",
}


@pytest.fixture
def phrase_rows(corpus):
    from tests.factories import ArticleFactory, ClaimFactory, StatementFactory

    rows = {}
    for n, (name, text) in enumerate(PHRASE_TEXTS.items()):
        summaries = ClaimFactory(summary=f"Remarks {n}", summary_vi=text, stance="supports")
        quoted = ClaimFactory(summary=f"Quoted {n}", stance="supports")
        statement = StatementFactory(
            claim=quoted, quote=text, article=ArticleFactory(body=f"Mở đầu. {text}.")
        )
        rows[name] = (summaries.id, quoted.id, statement.id)
    return rows


@pytest.mark.parametrize(
    "params", [{}, {"stance": "supports"}, {"page_size": 100}], ids=["alone", "beside a filter", "large page"]
)
@pytest.mark.parametrize("q", ["ly minh hai cuong", "LÝ MINH HẢI CƯỜNG", "  Lý Minh Hải Cường "])
def test_a_phrase_is_found_as_written_only(api, phrase_rows, q, params):
    claims = api.get(f"{V1}/claims/", {"q": q, **params}).json()["results"]
    summaries, quoted, statement = phrase_rows["as written"]
    assert sorted(claim["id"] for claim in claims) == sorted([summaries, quoted])
    statements = api.get(f"{V1}/statements/", {"q": q, **params}).json()["results"]
    assert [row["id"] for row in statements] == [statement]


def test_wildcards_in_a_phrase_are_literal(api, corpus):
    from tests.factories import ArticleFactory, StatementFactory

    texts = ("giá tăng 50% mỗi năm", "giá tăng 500 mỗi năm", "tỷ lệ a\\b c d", "tỷ lệ axb c d")
    written = {text: StatementFactory(quote=text, article=ArticleFactory(body=text)).id for text in texts}
    assert ids(api, "/statements/", "tăng 50% mỗi năm") == [written["giá tăng 50% mỗi năm"]]
    assert ids(api, "/statements/", "tăng 50_ mỗi năm") == []
    assert ids(api, "/statements/", "a\\b c d") == [written["tỷ lệ a\\b c d"]]
    assert ids(api, "/statements/", "a_b c d") == []


def test_a_claims_export_finds_a_phrase_as_written(api, phrase_rows):
    from claims.models import Claim
    from tests.api.test_exports import exported

    summaries, quoted, _ = phrase_rows["as written"]
    keys = {row["key"] for row in exported(api, "/claims/export/", q="ly minh hai cuong")}
    assert keys == set(Claim.objects.filter(id__in=[summaries, quoted]).values_list("key", flat=True))


def test_a_phrase_reads_the_joined_indexes(api, corpus):
    with CaptureQueriesContext(connection) as queries:
        assert api.get(f"{V1}/claims/", {"q": "dam bao phap"}).status_code == 200
    sql = "\n".join(query["sql"] for query in queries.captured_queries)
    for column in ("summary_folded", "summary_vi_folded", "quote_folded"):
        assert f".\"{column}\", ' ', '')::text LIKE" in sql, column  # the joined index
        assert f'STRPOS(V0."{column}", summit_fold(' in sql or f'STRPOS(U0."{column}", summit_fold(' in sql
    # Short names are folded by the function and have no joined index: one LIKE, as for a word.
    assert re.search(r'summit_fold\([\w."]*"name"\)::text LIKE', sql)


def test_every_stored_fold_has_its_joined_index():
    """FoldedContains looks a phrase up in the joined index of any stored fold."""
    from django.apps import apps
    from django.contrib.postgres.indexes import GinIndex, OpClass
    from django.db.models import F, GeneratedField

    from summit.text import Joined

    for model in apps.get_models():
        joined = {
            index.expressions[0].source_expressions[0].source_expressions[0].name
            for index in model._meta.indexes
            if isinstance(index, GinIndex)
            and index.expressions
            and isinstance(index.expressions[0], OpClass)
            and isinstance(index.expressions[0].source_expressions[0], Joined)
            and isinstance(index.expressions[0].source_expressions[0].source_expressions[0], F)
        }
        for field in model._meta.get_fields():
            if isinstance(field, GeneratedField) and field.name.endswith("_folded"):
                assert field.name in joined, f"{model.__name__}.{field.name} has no joined index"
