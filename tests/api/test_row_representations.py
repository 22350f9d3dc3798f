"""The read paths built from rows (claims.api.reads, sources.api.reads) say exactly what the
serializers say.

The serializers define the representation (and the schema); the row builders are a faster way
to the same JSON. Every field of every shape is compared, on rows that have what can be
missing: verdicts with and without a reviewer, events, outlets, chains, discrepancies,
publication dates, affiliations and aliases.
"""

import datetime as dt
import json

import pytest
from django.utils import timezone

from claims.api import querysets, reads
from claims.api.serializers import (
    AttributionSerializer,
    ClaimSerializer,
    ContradictionSerializer,
    SpeakerSerializer,
    StatementSerializer,
)
from claims.choices import ContradictionKind, Rating
from claims.models import Verdict
from claims.services.attribution import attribution
from sources.api import reads as source_reads
from sources.api.serializers import ArticleSerializer
from sources.models import Article
from summit.api.renderers import ORJSONRenderer
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    ContradictionFactory,
    SpeakerFactory,
    StatementFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def plain(data):
    """What a client reads: the representation as the API renders it."""
    return json.loads(ORJSONRenderer().render(data))


@pytest.fixture
def varied(corpus):
    demand, threat, _ = corpus["claims"]
    Verdict.objects.create(
        claim=demand, rating=Rating.MIXTURE, textual_rating="Half true", explanation="No treaty.",
        reviewer=UserFactory(username="lan"), reviewed_on=dt.date(2021, 12, 10),
    )  # fmt: skip
    Verdict.objects.create(
        claim=threat, rating=Rating.TRUE, textual_rating="True", reviewed_on=dt.date(2021, 12, 9)
    )
    undated = ArticleFactory(
        key="002_undated", outlet=None, published_on=None, body="Không rõ ngày. Mỹ sẽ đáp trả."
    )
    StatementFactory(claim=threat, article=undated, quote="Mỹ sẽ đáp trả", mode="indirect")
    a, b = (StatementFactory(claim=ClaimFactory(topic=corpus["topics"][1])) for _ in range(2))
    ContradictionFactory(
        kind=ContradictionKind.DISCREPANCY, claim_a=a.claim, claim_b=b.claim, statement_a=a, statement_b=b,
        reviewed_by=UserFactory(username="minh"), reviewed_at=timezone.now(),
    )  # fmt: skip
    return corpus


def test_claims(varied):
    rows = reads.claim_rows().order_by("id")
    expected = ClaimSerializer(querysets.claims().order_by("id"), many=True).data
    assert any(c["verdict"] and c["verdict"]["reviewer"] is None for c in expected)
    assert any(c["event"] is None for c in expected)
    assert plain(reads.claims(list(rows))) == plain(expected)


def test_statements(varied):
    rows = reads.statement_rows().order_by("id")
    expected = StatementSerializer(querysets.statements().order_by("id"), many=True).data
    assert any(s["via"] for s in expected) and any(s["outlet"] is None for s in expected)
    assert plain(reads.statements(list(rows))) == plain(expected)


def test_contradictions(varied):
    rows = reads.contradiction_rows().order_by("id")
    expected = ContradictionSerializer(querysets.contradictions().order_by("id"), many=True).data
    assert {c["statements"] is None for c in expected} == {True, False}
    assert {c["reviewed_by"] for c in expected} == {None, "minh"}
    assert plain(reads.contradictions(list(rows))) == plain(expected)


@pytest.mark.parametrize("which", [0, 1, 2])
def test_attribution(varied, which):
    claim = varied["claims"][which]
    row = reads.claim_rows().get(pk=claim.pk)
    found = attribution(querysets.claims().get(pk=claim.pk), querysets.statements())
    assert plain(reads.attribution(row)) == plain(AttributionSerializer(found).data)


def test_articles(varied):
    rows = source_reads.article_rows().order_by("key")
    expected = ArticleSerializer(Article.objects.select_related("outlet").order_by("key"), many=True).data
    assert {a["published_on"] is None for a in expected} == {True, False}
    assert {a["outlet"] is None for a in expected} == {True, False}
    assert plain(source_reads.articles(list(rows))) == plain(expected)


def test_speakers(varied):
    kremlin = varied["speakers"][1]
    SpeakerFactory(slug="peskov", name="Dmitry Peskov", affiliation=kremlin, outlet=varied["outlets"][1])
    rows = reads.speaker_rows().order_by("slug")
    expected = SpeakerSerializer(querysets.speakers().order_by("slug"), many=True).data
    assert {s["affiliation"] is None for s in expected} == {True, False}
    assert {len(s["aliases"]) for s in expected} >= {0, 2}
    assert plain(reads.speakers(list(rows))) == plain(expected)


def test_empty_pages_cost_no_second_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert reads.claims([]) == reads.statements([]) == reads.contradictions([]) == []


ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@pytest.mark.parametrize(
    "spell",
    [
        # Spellings of an existing id that int() would accept: not this claim's URL.
        lambda pk: f"{pk[:1]}_{pk[1:]}",
        lambda pk: f"%20{pk}",
        lambda pk: f"+{pk}",
        lambda pk: pk.translate(ARABIC_INDIC),
        # No claim at all.
        lambda pk: "abc",
        lambda pk: "0",
        lambda pk: "99999999999999999999",
    ],
)
def test_claim_detail_of_no_claim_is_a_404(api, corpus, spell):
    pk = spell(str(corpus["claims"][0].pk))
    for suffix in ("", "attribution/"):
        response = api.get(f"/api/v1/claims/{pk}/{suffix}")
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


def test_claim_detail_reads_the_claim_of_its_url(api, corpus):
    claim = corpus["claims"][1]
    assert api.get(f"/api/v1/claims/{claim.pk}/").json()["key"] == claim.key
    assert api.get(f"/api/v1/claims/{claim.pk}/attribution/").json()["claim"]["id"] == claim.pk
