"""Unfiltered articles and speakers pages, whose SQL is compiled once per ordering and slice
(summit/api/page_sql.py), give what the ORM gives, page by page and ordering by ordering."""

import datetime

import pytest
from django.db.models import Value

from claims.api.views import SpeakerViewSet
from sources.api.views import ArticleViewSet
from sources.models import Article
from summit.api.page_sql import UNFILTERED_PAGES, PageSQL, compile_page
from tests.factories import AliasFactory, ArticleFactory, OutletFactory, SpeakerFactory

pytestmark = pytest.mark.django_db
V1 = "/api/v1"

LISTS = {
    "articles": (ArticleViewSet, ["", "published_on", "-published_on", "key", "-key", "title", "-title"]),
    "speakers": (SpeakerViewSet, ["", "name", "-name", "slug", "-slug"]),
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
        )
    for n in range(6):
        speaker = SpeakerFactory(slug=f"s-{(n * 5) % 6}", name=f"Đại sứ {(n * 2) % 5}", outlet=outlets[n % 2])
        for alias in range(n % 3):
            AliasFactory(speaker=speaker, name=f"Ngài {n}.{alias}")


def walk(api, name: str, ordering: str, size: int) -> list[dict]:
    """Every page of the list in `ordering`, `size` rows at a time, following `next`."""
    params = {"page_size": size, **({"ordering": ordering} if ordering else {})}
    pages = [api.get(f"{V1}/{name}/", params).json()]
    while pages[-1]["next"]:
        pages.append(api.get(pages[-1]["next"]).json())
    return pages


@pytest.mark.parametrize("name", LISTS)
def test_every_page_in_every_ordering_is_the_orms(api, rows, monkeypatch, name):
    view, orderings = LISTS[name]
    UNFILTERED_PAGES.clear()
    # All shapes in one run: a key missing the ordering or the slice would serve another's rows.
    compiled = {(o, size): walk(api, name, o, size) for o in orderings for size in (1, 2, 40)}
    shapes = len(UNFILTERED_PAGES)
    assert shapes >= len(orderings) * 3, "the compiled pages were not used"
    monkeypatch.setattr(view, "compiled_pages", False)
    built = {(o, size): walk(api, name, o, size) for o in orderings for size in (1, 2, 40)}
    assert compiled == built
    assert len(UNFILTERED_PAGES) == shapes
    # The pages are not all alike: the orderings really differ.
    assert len({str(pages) for (_, size), pages in built.items() if size == 40}) > 2


def test_a_filtered_page_is_built_by_the_orm(api, rows):
    UNFILTERED_PAGES.clear()
    everything = api.get(f"{V1}/articles/", {"page_size": 40}).json()["results"]
    outlet = everything[0]["outlet"]["slug"]
    filtered = api.get(f"{V1}/articles/", {"page_size": 40, "outlet": outlet}).json()["results"]
    assert {a["outlet"]["slug"] for a in filtered} == {outlet}
    assert 0 < len(filtered) < len(everything)
    assert len(UNFILTERED_PAGES) == 1  # the unfiltered page only


def test_bad_pages_and_orderings_are_answered_as_before(api, rows):
    assert api.get(f"{V1}/articles/", {"page": "9"}).status_code == 404
    assert api.get(f"{V1}/articles/", {"page": "x"}).status_code == 404
    # An unknown ordering field is refused before any page is read, compiled or not.
    shapes = len(UNFILTERED_PAGES)
    assert api.get(f"{V1}/articles/", {"ordering": "body"}).status_code == 400
    assert len(UNFILTERED_PAGES) == shapes


def test_rows_the_orm_converts_or_instances_are_not_compiled():
    ArticleFactory()
    assert compile_page(Article.objects.order_by("key")[:5]) is None  # model instances
    counted = Article.objects.values("key").annotate(one=Value(1)).order_by("key")[:5]
    assert compile_page(counted) is None  # an integer the ORM converts after reading
    pages = PageSQL()
    assert pages.rows(counted, "k") == [{"key": Article.objects.get().key, "one": 1}]
    assert compile_page(Article.objects.values("key").order_by("key")[:5]) is not None


def test_the_least_recently_used_shape_goes_first():
    ArticleFactory(key="only")
    pages = PageSQL(max_shapes=2)
    page = Article.objects.values("key").order_by("key")[:5]
    for key in ("a", "b", "a", "c"):
        assert pages.rows(page, key) == [{"key": "only"}]
    assert len(pages) == 2
    assert set(pages._pages) == {"a", "c"}
