"""Page-number lists (outlets, articles, speakers, events, topics): pages without a count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import TopicFactory

pytestmark = pytest.mark.django_db
V1 = "/api/v1"


@pytest.fixture
def topics():
    return [TopicFactory(slug=f"topic-{n}", name=f"Topic {n}").slug for n in range(5)]


def test_next_and_previous_walk_every_row_once(api, topics):
    page = api.get(f"{V1}/topics/", {"page_size": 2, "ordering": "slug"}).json()
    assert set(page) == {"next", "previous", "next_cursor", "previous_cursor", "results"}
    assert page["previous"] is None and page["previous_cursor"] is None
    seen, pages = [], []
    while True:
        pages.append(page)
        seen += [t["slug"] for t in page["results"]]
        if not page["next"]:
            break
        assert "page_size=2" in page["next"] and "ordering=slug" in page["next"]
        page = api.get(page["next"]).json()
    assert seen == topics
    assert [len(p["results"]) for p in pages] == [2, 2, 1]
    # Back from the last page: page 2, then the first page without a page parameter.
    back = api.get(pages[-1]["previous"]).json()
    assert back == pages[1]
    assert "page=" not in back["previous"]
    assert api.get(back["previous"]).json() == pages[0]


def test_a_full_last_page_has_no_next(api, topics):
    last = api.get(f"{V1}/topics/", {"page_size": 5}).json()
    assert len(last["results"]) == 5 and last["next"] is None


def test_lists_are_not_counted(api, topics):
    with CaptureQueriesContext(connection) as queries:
        api.get(f"{V1}/topics/", {"page_size": 2, "page": 2})
    (query,) = [q["sql"] for q in queries.captured_queries]
    assert "COUNT(" not in query.upper()
    # The page's rows and one beyond: is there a next page?
    assert query.endswith("LIMIT 3 OFFSET 2")


def test_the_cursors_are_the_page_numbers_the_links_carry(api, topics):
    first = api.get(f"{V1}/topics/", {"page_size": 2, "ordering": "slug"}).json()
    assert first["next_cursor"] == "2"
    second = api.get(
        f"{V1}/topics/", {"page_size": 2, "ordering": "slug", "page": first["next_cursor"]}
    ).json()
    assert second == api.get(first["next"]).json()
    assert second["previous_cursor"] == "1" and second["next_cursor"] == "3"
    last = api.get(f"{V1}/topics/", {"page_size": 2, "ordering": "slug", "page": "3"}).json()
    assert last["next"] is None and last["next_cursor"] is None and last["previous_cursor"] == "2"


@pytest.mark.parametrize("page", ["4", "9" * 40])
def test_pages_past_the_last_are_404s(api, topics, page):
    response = api.get(f"{V1}/topics/", {"page_size": 2, "page": page})
    assert response.status_code == 404, response.content
    assert response.json()["detail"] == "Invalid page."


@pytest.mark.parametrize("page", ["0", "-1", "last", "abc", "1.5", " 2", "1_0", "\u0661", "\u00b2", "2\x00"])
def test_page_numbers_that_are_not_whole_numbers_from_1_are_400s(api, topics, page):
    response = api.get(f"{V1}/topics/", {"page_size": 2, "page": page})
    assert response.status_code == 400, response.content
    assert [e["field"] for e in response.json()["errors"]] == ["page"]


def test_an_empty_page_parameter_is_the_first_page(api, topics):
    first = api.get(f"{V1}/topics/", {"page_size": 2}).json()
    assert api.get(f"{V1}/topics/", {"page_size": 2, "page": ""}).json() == first


def test_the_schema_describes_the_page_as_served(api):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    page = schema["components"]["schemas"]["PaginatedTopicList"]
    fields = {"next", "previous", "next_cursor", "previous_cursor", "results"}
    assert set(page["properties"]) == fields and set(page["required"]) == fields
    assert page["properties"]["next_cursor"]["example"] == "4"
    assert "example.org/api/v1/topics/?page=4" in page["properties"]["next"]["example"]


def test_the_browsable_api_links_the_next_page(api, topics):
    response = api.get(f"{V1}/topics/", {"page_size": 2, "format": "api"})
    assert response.status_code == 200
    assert 'rel="next"' in response.content.decode()
