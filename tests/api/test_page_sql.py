"""Articles and speakers pages, whose SQL is compiled once per filters, ordering and slice
(summit/api/page_sql.py, summit/api/shapes.py), give what the ORM gives, page by page and
ordering by ordering."""

import datetime

import pytest
from django.db.models import Value

from sources.models import Article
from summit.api import shapes
from summit.api.page_sql import PageSQL, compile_page
from summit.api.shapes import SHAPED_PAGES
from tests.factories import AliasFactory, ArticleFactory, OutletFactory, SpeakerFactory

pytestmark = pytest.mark.django_db
V1 = "/api/v1"

LISTS = {
    "articles": ["", "published_on", "-published_on", "key", "-key", "title", "-title"],
    "speakers": ["", "name", "-name", "slug", "-slug"],
}
# Filters that only fill parameters: values that find some rows, then one that finds none.
FILTERS = {
    "articles": [
        {},
        {"language": "en"},
        {"published_after": "2021-06-02", "published_before": "2021-06-03"},
        {"language": "fr"},
    ],
    "speakers": [{}, {"kind": "person"}, {"kind": "institution", "country": "VN"}, {"country": "FR"}],
}


@pytest.fixture
def rows():
    """Articles whose dates tie or are unknown, speakers with aliases and outlets, in an order of
    creation that no ordering follows."""
    outlets = [OutletFactory(name="Tuổi Trẻ"), OutletFactory(name="VnExpress")]
    for n, day in enumerate([3, None, 1, 3, None, 2, 1]):
        ArticleFactory(
            key=f"a-{(n * 5) % 7}",
            title=f"Thượng đỉnh {(n * 3) % 7}",
            outlet=outlets[n % 2],
            published_on=None if day is None else datetime.date(2021, 6, day),
            language=("vi", "en")[n % 3 == 0],
        )
    for n in range(6):
        speaker = SpeakerFactory(
            slug=f"s-{(n * 5) % 6}",
            name=f"Đại sứ {(n * 2) % 5}",
            outlet=outlets[n % 2],
            kind=("person", "institution")[n % 2],
            country=("VN", "RU", "US")[n % 3],
        )
        for alias in range(n % 3):
            AliasFactory(speaker=speaker, name=f"Ngài {n}.{alias}")


def walk(api, name: str, ordering: str, size: int, filters: dict) -> list[dict]:
    """Every page of the list in `ordering`, `size` rows at a time, following `next`."""
    params = {"page_size": size, **filters, **({"ordering": ordering} if ordering else {})}
    pages = [api.get(f"{V1}/{name}/", params).json()]
    while pages[-1]["next"]:
        pages.append(api.get(pages[-1]["next"]).json())
    return pages


@pytest.mark.parametrize("name", LISTS)
def test_every_page_in_every_ordering_is_the_orms(api, rows, monkeypatch, name):
    orderings, filters = LISTS[name], FILTERS[name]
    SHAPED_PAGES.clear()
    # All shapes in one run: a key missing the filters, ordering or slice would serve another's rows.
    shape = [(o, size, i) for o in orderings for size in (1, 2, 40) for i in range(len(filters))]
    compiled = {(o, size, i): walk(api, name, o, size, filters[i]) for o, size, i in shape}
    assert len(SHAPED_PAGES) >= len(shape), "the compiled pages were not used"
    assert None not in SHAPED_PAGES._pages.values(), "a page fell back to the ORM"
    monkeypatch.setattr(shapes, "shaped_rows", lambda view, queryset: None)
    built = {(o, size, i): walk(api, name, o, size, filters[i]) for o, size, i in shape}
    assert compiled == built
    # The pages are not all alike: the orderings and filters really differ, and some find rows.
    assert len({str(pages) for (_, size, _), pages in built.items() if size == 40}) > len(filters) + 1
    assert all(built[("", 40, i)][0]["results"] for i in range(len(filters) - 1))


def test_a_page_filtered_otherwise_is_built_by_the_orm(api, rows):
    SHAPED_PAGES.clear()
    everything = api.get(f"{V1}/articles/", {"page_size": 40}).json()["results"]
    outlet = everything[0]["outlet"]["slug"]
    filtered = api.get(f"{V1}/articles/", {"page_size": 40, "outlet": outlet}).json()["results"]
    assert {a["outlet"]["slug"] for a in filtered} == {outlet}
    assert 0 < len(filtered) < len(everything)
    assert len(SHAPED_PAGES) == 1  # the unfiltered page only


def test_bad_pages_and_orderings_are_answered_as_before(api, rows):
    assert api.get(f"{V1}/articles/", {"page": "9"}).status_code == 404
    assert api.get(f"{V1}/articles/", {"page": "x"}).status_code == 404
    # An unknown ordering field is refused before any page is read, compiled or not.
    compiled = len(SHAPED_PAGES)
    assert api.get(f"{V1}/articles/", {"ordering": "body"}).status_code == 400
    assert api.get(f"{V1}/speakers/", {"kind": "alien"}).status_code == 400
    assert len(SHAPED_PAGES) == compiled


def test_rows_the_orm_converts_or_instances_are_not_compiled():
    ArticleFactory()
    assert compile_page(Article.objects.order_by("key")[:5]) is None  # model instances
    counted = Article.objects.values("key").annotate(one=Value(1)).order_by("key")[:5]
    assert compile_page(counted) is None  # an integer the ORM converts after reading
    assert compile_page(Article.objects.values("key").order_by("key")[:5]) is not None


def test_the_least_recently_used_shape_goes_first():
    ArticleFactory(key="only")
    pages = PageSQL(max_shapes=2)
    compiles = []

    def compile():
        compiles.append(1)
        return compile_page(Article.objects.values("key").order_by("key")[:5])

    for key in ("a", "b", "a", "c", "a", "b"):
        assert pages.compiled(key, compile) is not None
    assert len(compiles) == 4  # "a" twice from memory, "b" again once forgotten
    assert len(pages) == 2
    assert set(pages._pages) == {"a", "b"}
