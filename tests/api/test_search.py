"""`q` ignores case, diacritics, đ/d and Unicode normal form (the rule of core/search.py)."""

import re
import unicodedata

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import search

pytestmark = pytest.mark.django_db
V1 = "/api/v1"


def forms(text: str, bare: str) -> dict:
    return {"nfc": text, "nfd": unicodedata.normalize("NFD", text), "bare": bare, "upper": text.upper()}


# A quote's words for statements; a topic's Vietnamese name for claims.
FORMS = {
    "/statements/": forms("đảm bảo pháp lý", "dam bao phap ly"),
    "/claims/": forms("NATO mở rộng", "nato mo rong"),
}


def ids(api, path, q):
    response = api.get(f"{V1}{path}", {"q": q})
    assert response.status_code == 200
    return sorted(item.get("id") or item.get("slug") for item in response.json()["results"])


@pytest.mark.parametrize("path", ["/statements/", "/claims/"])
def test_every_form_of_a_query_finds_the_same(api, corpus, path):
    found = {form: ids(api, path, q) for form, q in FORMS[path].items()}
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


SHORT = ["my", "Mỹ", "zq", "?", "???", "1 2", "“…”", "đ", "a-b", "a b c", "Mỹ 3"]


@pytest.mark.parametrize(
    "path", ["/claims/", "/statements/", "/articles/", "/claims/export/", "/statements/export/"]
)
@pytest.mark.parametrize("q", SHORT)
def test_a_term_too_short_for_the_indexes_is_refused(api, corpus, django_assert_num_queries, path, q):
    """A search with no word of three letters or digits gives the trigram indexes nothing to look
    up: it would be searched by folding every row."""
    with django_assert_num_queries(0):
        response = api.get(f"{V1}{path}", {"q": q})
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": "q",
            "code": "too_short",
            "message": "Enter a word of at least 3 letters or digits to search.",
        }
    ]


@pytest.mark.parametrize("q", ["nato", "Mỹ nato", "đàm", "  nat  ", '"a b c"'])
def test_a_word_of_three_letters_or_digits_is_searched(api, corpus, q):
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
        assert "One word needs at least 3 letters or digits." in q_of(path)["description"], path
    assert "at least" not in q_of("/api/v1/speakers/")["description"]


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


@pytest.mark.parametrize(
    ("q", "found_by"),
    [("nato mo rong", "topic"), ("ONG PUTIN", "speaker"), ("economic measures", "summary")],
)
@pytest.mark.parametrize("listed", [1_000, 0], ids=["listed", "too many to list"])
def test_a_search_under_another_filter_finds_what_the_search_alone_finds(
    api, corpus, monkeypatch, q, found_by, listed
):
    """The speakers and topics a term names are given as ids (core.search.RelatedIds), or,
    naming too many, tested on each row: either way the same claims."""
    monkeypatch.setattr(search, "LISTED_IDS", listed)
    alone = api.get(f"{V1}/claims/", {"q": q}).json()["results"]
    supporting = sorted(claim["id"] for claim in alone if claim["stance"] == "supports")
    assert supporting
    response = api.get(f"{V1}/claims/", {"q": q, "stance": "supports"})
    assert sorted(claim["id"] for claim in response.json()["results"]) == supporting


def test_the_speakers_and_topics_a_term_names_reach_the_page_as_constants(api, corpus):
    """Behind a subquery the planner takes every term for one naming a topic or two, and walks
    the claims for a topic no term names."""
    nato = corpus["claims"][0].topic
    with CaptureQueriesContext(connection) as queries:
        api.get(f"{V1}/claims/", {"q": "nato rong", "stance": "supports"})
    page = next(
        q["sql"] for q in queries.captured_queries if q["sql"].startswith('SELECT "claims_claim"."id"')
    )
    assert f'"topic_id" IN ({nato.id})' in page
    # No speaker is named "nato" or "rong": the speakers are left out, and no subquery reads them.
    assert '"speaker_id" IN' not in page and '"claims_speakeralias"' not in page


@pytest.mark.parametrize(
    ("path", "columns"),
    [
        ("/claims/", ("summary_folded", "summary_vi_folded")),
        ("/statements/", ("quote_folded",)),
    ],
)
def test_search_reads_the_stored_folds(api, corpus, path, columns):
    # Folding each row again is most of a walk's time (core.text.stored_fold).
    with CaptureQueriesContext(connection) as queries:
        assert ids(api, path, '"dam bao"' if path == "/statements/" else '"will answer"')
    sql = "\n".join(query["sql"] for query in queries.captured_queries)
    for column in columns:
        # A word is looked up as it is, a phrase also without its spaces (core.text.FoldedContains).
        assert f'"{column}"::text LIKE' in sql or f"\"{column}\", ' ', '')::text LIKE" in sql
    assert 'summit_fold("claims_statement"."quote")' not in sql
    assert 'summit_fold("claims_claim"."summary' not in sql


def test_the_stored_folds_follow_an_edit(api, corpus):
    from claims.models import Claim, Statement

    statement = Statement.objects.select_related("claim").first()
    Statement.objects.filter(pk=statement.pk).update(quote="Hội nghị thượng đỉnh ở Giơ-ne-vơ")
    Claim.objects.filter(pk=statement.claim_id).update(summary="Talks in Geneva", summary_vi="Đàm đạo")
    assert ids(api, "/statements/", '"hoi nghi thuong dinh"') == [statement.pk]
    assert statement.claim_id in ids(api, "/claims/", '"talks in geneva"')
    assert statement.claim_id in ids(api, "/claims/", '"dam dao"')
    assert statement.pk not in ids(api, "/statements/", f'"{statement.quote[:12]}"')


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


# A quoted phrase of several words is looked up in the joined indexes and tested as written
# (core.text.FoldedContains): the words apart, in another order or run together do not match it.
# Unquoted, every word must occur, wherever.
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
    ("params", "statement_params"),
    [({}, {}), ({"stance": "supports"}, {"mode": "direct"}), ({"page_size": 100}, {"page_size": 100})],
    ids=["alone", "beside a filter", "large page"],
)
@pytest.mark.parametrize("q", ['"ly minh hai cuong"', '"LÝ MINH HẢI CƯỜNG"', '  " Lý Minh Hải Cường " '])
def test_a_quoted_phrase_is_found_as_written_only(api, phrase_rows, q, params, statement_params):
    claims = api.get(f"{V1}/claims/", {"q": q, **params}).json()["results"]
    summaries, _, statement = phrase_rows["as written"]
    assert [claim["id"] for claim in claims] == [summaries]  # a claim's quotes are not searched
    statements = api.get(f"{V1}/statements/", {"q": q, **statement_params}).json()["results"]
    assert [row["id"] for row in statements] == [statement]


def test_unquoted_words_are_found_wherever_they_occur(api, phrase_rows):
    claims = ids(api, "/claims/", "ly minh hai cuong")
    assert claims == sorted(summaries for summaries, _, _ in phrase_rows.values())
    statements = ids(api, "/statements/", "ly minh hai cuong")
    assert statements == sorted(statement for _, _, statement in phrase_rows.values())


def test_wildcards_in_a_phrase_are_literal(api, corpus):
    from tests.factories import ArticleFactory, StatementFactory

    texts = ("giá tăng 50% mỗi năm", "giá tăng 500 mỗi năm", "tỷ lệ a\\b c d", "tỷ lệ axb c d")
    written = {text: StatementFactory(quote=text, article=ArticleFactory(body=text)).id for text in texts}
    assert ids(api, "/statements/", "tăng 50% mỗi năm") == [written["giá tăng 50% mỗi năm"]]
    assert ids(api, "/statements/", "tăng 50_ mỗi năm") == []
    assert ids(api, "/statements/", '"a\\b c d"') == [written["tỷ lệ a\\b c d"]]
    assert ids(api, "/statements/", '"a_b c d"') == []


def test_a_claims_export_finds_a_phrase_as_written(api, phrase_rows):
    from claims.models import Claim
    from tests.api.test_exports import exported

    summaries, _, _ = phrase_rows["as written"]
    keys = {row["key"] for row in exported(api, "/claims/export/", q='"ly minh hai cuong"')}
    assert keys == {Claim.objects.get(id=summaries).key}


def test_a_phrase_reads_the_joined_indexes(api, corpus):
    with CaptureQueriesContext(connection) as queries:
        assert api.get(f"{V1}/claims/", {"q": '"dam bao phap"'}).status_code == 200
        assert api.get(f"{V1}/statements/", {"q": '"dam bao phap"'}).status_code == 200
    sql = "\n".join(query["sql"] for query in queries.captured_queries)
    for column in ("summary_folded", "summary_vi_folded", "quote_folded"):
        assert f".\"{column}\", ' ', '')::text LIKE" in sql, column  # the joined index
        assert re.search(rf'STRPOS\(("\w+"|[UV]0)\."{column}", summit_fold\(', sql), column
    # Short names are folded by the function and have no joined index: one LIKE, as for a word.
    assert re.search(r'summit_fold\([\w."]*"name"\)::text LIKE', sql)


def test_every_stored_fold_has_its_joined_index():
    """FoldedContains looks a phrase up in the joined index of any stored fold."""
    from django.apps import apps
    from django.contrib.postgres.indexes import GinIndex, OpClass
    from django.db.models import F, GeneratedField

    from core.text import Joined

    for model in apps.get_models():
        if model._meta.proxy:  # its fields and indexes are its concrete model's
            continue
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
