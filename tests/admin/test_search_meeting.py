"""Several common words that rarely meet (the syllables of an unquoted name): the rows matching
all of them are looked up together when walking the rows would not fill a page in time."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from summit import admin_search
from tests.factories import AliasFactory, ClaimFactory, SpeakerFactory, TopicFactory

pytestmark = pytest.mark.django_db
TERM = "ly minh hai cuong"


def searched(client) -> tuple[set, str]:
    """The claims the admin lists for TERM, and the SQL of the page it read."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:claims_claim_changelist"), {"q": TERM})
    assert response.status_code == 200
    (page,) = (
        q["sql"] for q in queries.captured_queries if q["sql"].startswith('SELECT "claims_claim"."id", ')
    )
    return set(response.context["cl"].result_list), page


@pytest.fixture
def rarely_meeting(monkeypatch):
    """Claims where "minh", "hai" and "cuong" are each common (seven claims each, in one field
    or another) and meet in three; "ly" narrows those to two."""
    monkeypatch.setattr(admin_search, "COMMON_MATCHES", 4)
    whole = ClaimFactory(speaker=SpeakerFactory(name="Lý Minh Hải Cường"), summary="Talks.")
    spread = ClaimFactory(
        speaker=AliasFactory(name="Hải Minh", speaker__name="Trần Cường").speaker, summary="Lý do."
    )
    ClaimFactory(speaker=SpeakerFactory(name="Minh Hải"), summary_vi="Cường quốc")  # no "ly"
    for summary in ("Minh nói.", "Hải nói."):
        ClaimFactory.create_batch(4, summary=summary)
    ClaimFactory.create_batch(4, topic=TopicFactory(name="Cường quốc"))
    return {whole, spread}


def test_words_meeting_rarely_are_looked_up_together(
    checker_client, slow_claims, monkeypatch, rarely_meeting
):
    # Walking the claims (50 ms a row here) does not fill a page within the probe's time.
    monkeypatch.setattr(admin_search, "WALK_PROBE_MS", 20)
    claims, page = searched(checker_client)
    assert claims == rarely_meeting
    # The page reads the three claims matching all three words by key; only "ly" is checked.
    assert '"claims_claim"."id" IN (' in page
    assert "summit_fold('minh')" not in page and "summit_fold('ly')" in page


def test_words_filling_a_page_in_time_are_walked(checker_client, slow_claims, monkeypatch, rarely_meeting):
    monkeypatch.setattr(admin_search, "WALK_PROBE_MS", 5_000)
    claims, page = searched(checker_client)
    assert claims == rarely_meeting
    assert "summit_fold('minh')" in page and '"claims_claim"."id" IN (' not in page


@pytest.mark.parametrize(
    ("guard", "value"),
    [
        ("RELATED_KEYS", 1),  # "minh" names two speakers: more than are worth listing here
        ("MEETING_WORDS", 2),  # each word costs the queries listing its related rows
    ],
)
def test_past_a_guard_the_rows_are_walked(checker_client, monkeypatch, rarely_meeting, guard, value):
    monkeypatch.setattr(admin_search, "fills_page_soon", lambda walk: False)
    monkeypatch.setattr(admin_search, guard, value)
    claims, page = searched(checker_client)
    assert claims == rarely_meeting
    assert "summit_fold('minh')" in page


def test_a_reverse_relation_of_one_row_is_listed_by_the_key_it_holds():
    # A claim's verdict holds the claim's key, as a speaker's aliases hold the speaker's.
    from claims.models import Claim, Verdict

    claim = ClaimFactory()
    Verdict.objects.create(
        claim=claim,
        rating="false",
        textual_rating="Sai",
        explanation="Không có hiệp ước.",
        reviewed_on="2021-12-10",
    )
    ClaimFactory()
    condition = admin_search.indexed_match(Claim, "verdict__explanation", "hiep uoc")
    assert list(Claim.objects.filter(condition)) == [claim]
