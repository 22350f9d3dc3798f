"""Articles through the API: the same ingestion rules as `manage.py ingest`."""

import threading
import unicodedata

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from sources.api.serializers import ArticleDetailSerializer
from sources.models import Article
from sources.services.ingest import ArticleExists
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db
V1 = "/api/v1"


def test_article_filters_and_ordering(api, corpus):
    keys = lambda **p: [a["key"] for a in api.get(f"{V1}/articles/", p).json()["results"]]  # noqa: E731
    assert keys(published_after="2021-12-09") == ["001_late"]
    assert keys(published_before="2021-12-08") == ["000_early"]
    assert keys(language="vi") == ["000_early", "001_late"]
    assert keys(q="THUONG DINH") == ["001_late"]
    assert keys(ordering="-published_on") == ["001_late", "000_early"]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("kinh te bien phap", ["000_early"]),  # the body's words, in another order
        ("NATO KHÔNG MỞ RỘNG", ["000_early", "001_late"]),
        ("Matxcova phu nhan", ["001_late"]),
        ("nato khong mo ron", []),  # the body is matched by whole words
        ("Dinh Put", ["002_titled"]),  # the title by any part of it, like every other q
        ("đỉnh putin–biden", ["002_titled"]),  # pasted with its en dash
    ],
)
def test_article_search_reads_titles_as_text_and_bodies_as_words(api, corpus, q, expected):
    from tests.factories import ArticleFactory

    ArticleFactory(key="002_titled", title="Thượng đỉnh Putin–Biden", body="Không có từ nào khác.")
    found = api.get(f"{V1}/articles/", {"q": q})
    assert found.status_code == 200
    assert [a["key"] for a in found.json()["results"]] == expected


def test_an_edited_title_is_searched_by_its_new_text(api, db):
    from tests.factories import ArticleFactory

    article = ArticleFactory(key="retitled", title="Hội nghị Geneva", body="Không có từ nào khác.")
    article.title = "Hội nghị Vladivostok"
    article.save()  # the database folds the new title again
    search = lambda q: [a["key"] for a in api.get(f"{V1}/articles/", {"q": q}).json()["results"]]  # noqa: E731
    assert search("nghi vladivostok") == ["retitled"]
    assert search("nghi geneva") == []


def test_an_edited_body_is_searched_by_its_new_words(api, db):
    from tests.factories import ArticleFactory

    article = ArticleFactory(key="edited", body="Hội nghị ở Geneva.")
    article.body = "Hội nghị ở Vladivostok."
    article.save()  # the database recomputes the stored words
    search = lambda q: [a["key"] for a in api.get(f"{V1}/articles/", {"q": q}).json()["results"]]  # noqa: E731
    assert search("vladivostok") == ["edited"]
    assert search("geneva") == []


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        # Ties (one day, or no known day) in the order of the unique key, in the same direction.
        ("published_on", ["d-1", "d-2", "d-3", "later", "undated-1", "undated-2"]),
        ("-published_on", ["undated-2", "undated-1", "later", "d-3", "d-2", "d-1"]),
        ("-title", ["later", "d-3", "d-2", "d-1", "undated-2", "undated-1"]),
    ],
)
def test_pages_cut_one_total_order(api, ordering, expected):
    from tests.factories import ArticleFactory

    # Created out of key order, so that a tie left to the plan would come out in another order.
    for key, day, title in [
        ("d-3", "2021-12-07", "B"), ("undated-2", None, "A"), ("d-1", "2021-12-07", "B"),
        ("later", "2021-12-09", "C"), ("d-2", "2021-12-07", "B"), ("undated-1", None, "A"),
    ]:  # fmt: skip
        ArticleFactory(key=key, published_on=day, title=title)
    pages = [
        api.get(f"{V1}/articles/", {"ordering": ordering, "page_size": 2, "page": n}).json()
        for n in (1, 2, 3)
    ]
    assert [a["key"] for page in pages for a in page["results"]] == expected
    # Ties are ordered by the query itself, not by whichever plan happens to read them in order.
    with CaptureQueriesContext(connection) as queries:
        api.get(f"{V1}/articles/", {"ordering": ordering})
    field, direction = ordering.lstrip("-"), " DESC" if ordering.startswith("-") else " ASC"
    column = {name: f'"sources_article"."{name}"' for name in ("key", field)}
    order_by = f"ORDER BY {column[field]}{direction}, {column['key']}{direction}"
    assert any(order_by in query["sql"] for query in queries.captured_queries)


def test_speaker_and_topic_filters(api, corpus):
    slugs = lambda path, **p: [x["slug"] for x in api.get(f"{V1}{path}", p).json()["results"]]  # noqa: E731
    assert slugs("/speakers/", kind="institution") == ["kremlin"]
    assert slugs("/topics/", q="nato") == ["nato-expansion"]
    assert slugs("/outlets/", kind="agency") == ["tass"]


def test_created_article_is_stored_nfc_with_its_hash(fc_api):
    body = unicodedata.normalize("NFD", "Tiêu đề\nĐiện Kremlin cho biết.")
    response = fc_api.post(f"{V1}/articles/", {"key": "k1", "body": body}, format="json")
    assert response.status_code == 201, response.content
    article = Article.objects.get(key="k1")
    assert article.body == unicodedata.normalize("NFC", body)
    assert article.title == "Tiêu đề"
    assert response.json()["content_hash"] == article.content_hash


def test_an_existing_key_is_a_409_that_changes_nothing(fc_api, corpus):
    stored = Article.objects.get(key="000_early")
    for body in ("Another text", stored.body):  # another text, or the same one with new metadata
        response = fc_api.post(
            f"{V1}/articles/", {"key": "000_early", "body": body, "byline": "Someone else"}, format="json"
        )
        assert response.status_code == 409, response.content
        error = response.json()
        assert (error["status"], error["code"], error["errors"]) == (409, "already_exists", [])
        assert "'000_early'" in error["detail"] and "PATCH" in error["detail"]
    article = Article.objects.get(key="000_early")
    assert (article.body, article.byline, article.updated_at) == (
        stored.body,
        stored.byline,
        stored.updated_at,
    )


@pytest.mark.django_db(transaction=True)
def test_concurrent_creations_of_one_key_store_the_first_and_refuse_the_others(fact_checker):
    token = Token.objects.create(user=fact_checker).key
    writers = 6
    barrier = threading.Barrier(writers)
    answers: dict[str, int] = {}

    def create(byline):
        try:
            client = APIClient()
            client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
            barrier.wait()
            body = {"key": "k-race", "body": "Tiêu đề\nMột văn bản.", "byline": byline}
            response = client.post(f"{V1}/articles/", body, format="json")
            answers[byline] = response.status_code
            if response.status_code == 409:
                assert response.json()["code"] == "already_exists"
        finally:
            connection.close()

    threads = [threading.Thread(target=create, args=(f"writer {n}",)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers.values()) == [201] + [409] * (writers - 1)
    (winner,) = [byline for byline, status in answers.items() if status == 201]
    assert Article.objects.get(key="k-race").byline == winner


def test_a_key_stored_after_validation_is_refused_too(fact_checker, rf):
    # The interleaving of two writers: the second's checks pass before the first stores the key.
    request = rf.post("/")
    request.user = fact_checker
    data = {"key": "k-late", "body": "Tiêu đề\nMột văn bản.", "byline": "second writer"}
    serializer = ArticleDetailSerializer(data=data, context={"request": request})
    assert serializer.is_valid(), serializer.errors
    first = ArticleFactory(key="k-late", body=data["body"], byline="first writer")
    with pytest.raises(ArticleExists):
        serializer.save()
    assert Article.objects.get(key="k-late").byline == "first writer"
    assert Article.objects.get(key="k-late").updated_at == first.updated_at


def test_the_schema_documents_the_409_of_an_existing_key(api):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    assert (
        "already stored under this key"
        in (schema["paths"]["/api/v1/articles/"]["post"]["responses"]["409"]["description"])
    )


def test_text_under_statements_cannot_change(fc_api, corpus):
    response = fc_api.patch(f"{V1}/articles/000_early/", {"body": "Rewritten"}, format="json")
    assert response.status_code == 400
    assert "statements point into it" in response.json()["errors"][0]["message"]
    response = fc_api.patch(f"{V1}/articles/000_early/", {"byline": "Hà Anh"}, format="json")
    assert response.status_code == 200


def test_the_schema_says_how_ties_are_ordered(api):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    parameters = schema["paths"]["/api/v1/articles/"]["get"]["parameters"]
    (ordering,) = [p for p in parameters if p["name"] == "ordering"]
    assert "ties are ordered by the slug (or key)" in ordering["description"]


@pytest.mark.parametrize("path", ["/articles/", "/speakers/", "/topics/", "/outlets/", "/events/"])
def test_the_orderings_the_schema_lists_are_served_and_no_other(api, corpus, path):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    (ordering,) = [
        p for p in schema["paths"][f"/api/v1{path}"]["get"]["parameters"] if p["name"] == "ordering"
    ]
    choices = ordering["schema"]["enum"]
    assert {"slug", "-slug"} <= set(choices) or {"key", "-key"} <= set(choices)
    for choice in [*choices, ""]:  # empty: not asked for
        assert api.get(f"{V1}{path}", {"ordering": choice}).status_code == 200
    # DRF would drop each of these and answer 200 in its default order.
    for wrong in ["nonsense", "body", f"{choices[0]},{choices[2]}", f" {choices[0]}", f"--{choices[0]}"]:
        response = api.get(f"{V1}{path}", {"ordering": wrong})
        assert response.status_code == 400, wrong
        (error,) = response.json()["errors"]
        assert error["field"] == "ordering" and error["code"] == "invalid_choice"
        assert repr(wrong) in error["message"] and ", ".join(choices) in error["message"]
