"""Claim search compiles its union of ways once per page shape (summit.api.templates): the SQL a
request runs must be the very SQL the ORM would have built for it."""

import pytest
from django.db.models import Q

from claims.api import reads
from claims.api.filters import compiled_search_ways, first_matches, search_conditions
from claims.models import Claim
from summit.api.pagination import Window
from summit.api.templates import compile_subquery
from summit.text import nfc, several_words

TERMS = (
    "dam phan",
    "Đàm phán",
    "đàm phán",  # decomposed: NFC on the way in
    "“Hội đàm…”",
    "50%_x",
    "a\\b",
    " Vladivostok",
    "ly minh  hai cuong",  # several words: the joined index (summit.text.FoldedContains)
    " Matxcơva ",
)
WINDOWS = (Window(None, False, 21), Window(123, False, 21), Window(123, True, 8), Window(None, False, 201))


def sql_of(queryset):
    sql, params = queryset.query.get_compiler(queryset.db).as_sql()
    return sql, list(params)


@pytest.mark.parametrize("window", WINDOWS)
@pytest.mark.parametrize("term", TERMS)
def test_compiled_ways_give_the_orms_sql(term, window):
    term = nfc(term)
    outer = reads.claim_rows()
    built = outer.filter(id__in=first_matches(Claim.objects.all(), search_conditions(term), window))
    ways = compiled_search_ways(reads.claim_rows(), window, phrase=several_words(term))
    compiled = outer.filter(id__in=ways.expression({"term": term, "position": window.position}))
    assert sql_of(compiled) == sql_of(built)


def test_a_value_the_queryset_transforms_is_refused():
    outer = reads.claim_rows()
    # A plain `icontains` writes the value into a pattern ("%…%"): it could not be filled in later.
    transformed = Claim.objects.filter(summary__icontains="\x00term\x00").values("id")
    with pytest.raises(ValueError, match="made from a placeholder"):
        compile_subquery(transformed, outer, {"term": "\x00term\x00"})
    unused = Claim.objects.filter(Q(stance="supports")).values("id")
    with pytest.raises(ValueError, match="reach no parameter"):
        compile_subquery(unused, outer, {"term": "\x00term\x00"})


@pytest.mark.django_db
def test_a_search_with_another_filter_reads_its_ways_under_that_filter(api, corpus):
    """The compiled ways read no other filter: a search naming one more must not take them, or
    its page would be cut from the newest matches of the term alone (here: opposing claims)."""
    from tests.factories import ClaimFactory, StatementFactory

    nato, article = corpus["topics"][0], corpus["articles"][0]
    for n in range(3):  # newer than the one supporting claim, by every way of matching "nato"
        claim = ClaimFactory(topic=nato, stance="opposes", summary=f"NATO objection {n}.")
        StatementFactory(claim=claim, article=article, quote="NATO không mở rộng")
    found, url = [], "/api/v1/claims/?q=nato&stance=supports&page_size=1"
    while url:
        page = api.get(url).json()
        found += [claim["key"] for claim in page["results"]]
        url = page["next"]
    assert found == ["putin-legal-guarantees"]
