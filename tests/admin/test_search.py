"""Admin search ignores case and Vietnamese diacritics, in lists and in autocomplete widgets.

Every test runs three times: with each word rare (looked up in the fields' indexes, the only
way at this corpus's size), with each word common (checked row by row, as a word matching tens
of thousands of rows is), and with each word common but the words meeting rarely (the rows
matching all of them looked up together first, as for the syllables of an unquoted name): the
three must find the same rows.
"""

import pytest
from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Claim
from sources.admin import SHORT_WORDS_MESSAGE
from summit import admin_search
from tests.factories import (
    AliasFactory,
    ArticleFactory,
    ClaimFactory,
    SpeakerFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=["rare", "common", "meeting rarely"])
def words_are(request, monkeypatch):
    if request.param != "rare":
        monkeypatch.setattr(admin_search, "COMMON_MATCHES", 1)
    if request.param == "meeting rarely":
        # As when walking the rows does not fill a page in time (tested below, for real).
        monkeypatch.setattr(admin_search, "fills_page_soon", lambda walk: False)
    return request.param


def found(client, model: str, term: str, app: str = "claims") -> list:
    response = client.get(reverse(f"admin:{app}_{model}_changelist"), {"q": term})
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def test_a_speaker_is_found_by_any_alias_without_accents(checker_client):
    moscow = SpeakerFactory(name="Moscow", kind="institution")
    AliasFactory(speaker=moscow, name="Matxcơva")
    AliasFactory(speaker=moscow, name="Mát-xcơ-va")
    SpeakerFactory(name="Washington")
    assert found(checker_client, "speaker", "Matxcova") == [moscow]
    assert found(checker_client, "speaker", "MATXCƠVA") == [moscow]
    assert found(checker_client, "speaker", "xco") == [moscow]  # two matching aliases, listed once


def test_claims_and_statements_are_found_without_diacritics(checker_client):
    talks = ClaimFactory(summary="Talks will go on.", summary_vi="Các cuộc đàm phán sẽ tiếp tục.")
    ClaimFactory(summary="Something else.")
    assert found(checker_client, "claim", "dam phan") == [talks]
    assert found(checker_client, "claim", "ĐÀM PHÁN tiep") == [talks]
    assert found(checker_client, "claim", '"phan se"') == [talks]
    assert found(checker_client, "claim", "dam hoi") == []  # every word must match
    statement = StatementFactory(quote="các cuộc đàm phán sẽ tiếp tục")
    assert found(checker_client, "statement", "cac cuoc dam phan") == [statement]


def test_articles_are_found_by_title_without_diacritics(checker_client):
    summit = ArticleFactory(title="Thượng đỉnh Nga - Mỹ tại Geneva")
    ArticleFactory(title="Tin khác")
    assert found(checker_client, "article", "thuong dinh", app="sources") == [summit]


def test_search_characters_are_literal(checker_client):
    ClaimFactory(summary="Half of it.")
    percent = ClaimFactory(summary="Up 50% on the year.")
    assert found(checker_client, "claim", "50%") == [percent]
    assert found(checker_client, "claim", "_") == []


def test_autocomplete_uses_the_same_search(checker_client):
    putin = SpeakerFactory(name="Vladimir Putin")
    AliasFactory(speaker=putin, name="Tổng thống Nga Vladimir Putin")
    claim = ClaimFactory(speaker=putin, summary_vi="Nga phản đối NATO mở rộng về phía Đông.")
    params = {"app_label": "claims", "model_name": "claim", "field_name": "speaker", "term": "tong thong nga"}
    response = checker_client.get(reverse("admin:autocomplete"), params)
    assert [row["id"] for row in response.json()["results"]] == [str(putin.pk)]
    params = {"app_label": "claims", "model_name": "statement", "field_name": "claim", "term": "phia dong"}
    response = checker_client.get(reverse("admin:autocomplete"), params)
    assert [row["id"] for row in response.json()["results"]] == [str(claim.pk)]


@pytest.mark.parametrize(
    ("app", "model", "field"),
    [
        ("claims", "statement", "claim"),
        ("claims", "statement", "article"),
        ("claims", "claim", "speaker"),
        ("claims", "claim", "topic"),
        ("claims", "contradiction", "claim_a"),
    ],
)
def test_speakers_topics_articles_and_claims_are_autocompleted(checker_client, app, model, field):
    response = checker_client.get(reverse(f"admin:{app}_{model}_add"))
    widget = response.context["adminform"].form.fields[field].widget
    assert "admin-autocomplete" in widget.render(field, None)


def test_a_quote_pasted_with_its_curly_quotes_is_found(checker_client):
    quote = "hợp tác song phương “vẫn chưa đạt yêu cầu”"
    statement = StatementFactory(quote=quote, article=ArticleFactory(body=f"Mở đầu\n{quote}."))
    StatementFactory()
    assert found(checker_client, "statement", "'“vẫn chưa đạt yêu cầu”'") == [statement]  # one phrase
    assert found(checker_client, "statement", "“vẫn chưa") == [statement]
    assert found(checker_client, "statement", "“yêu cầu”") == []  # not in quotes in the text


def test_a_quoted_name_is_found_as_written(checker_client):
    """Three words or more are looked up in the joined index (summit.text.FoldedContains), then
    tested as written: the words run together or apart are not the phrase."""
    written = StatementFactory(
        quote="ông Lý Minh Hải Cường nói", article=ArticleFactory(body="ông Lý Minh Hải Cường nói")
    )
    for other in ("ông LýMinh HảiCường nói", "ông Lý Minh và Hải Cường nói"):
        StatementFactory(quote=other, article=ArticleFactory(body=other))
    assert found(checker_client, "statement", '"ly minh hai cuong"') == [written]


def test_a_key_is_found_whole_from_its_index(checker_client):
    claim = ClaimFactory(key="putin-legal-guarantees", summary="Putin demands guarantees.")
    ClaimFactory(key="biden-sanctions", summary="Biden warns.")
    assert found(checker_client, "claim", "putin-legal-guarantees") == [claim]
    assert found(checker_client, "claim", "legal") == []  # a key is an identifier, not text
    article = ArticleFactory(key="000_12f5a146de662289", title="Hội đàm")
    assert found(checker_client, "article", "000_12f5a146de662289", app="sources") == [article]


def test_a_rare_word_is_looked_up_field_by_field_a_common_one_row_by_row(checker_client, words_are):
    # Rare: one query per field, unioned, so that each field's index can serve it; no DISTINCT.
    # Common: a condition on each row, so that the page is read in order and stops when full.
    moscow = SpeakerFactory(name="Moscow")
    AliasFactory(speaker=moscow, name="Matxcơva")
    AliasFactory(speaker=moscow, name="Mát-xcơ-va")
    claim = ClaimFactory(speaker=moscow, summary="Talks.")
    with CaptureQueriesContext(connection) as queries:
        assert found(checker_client, "claim", "xco") == [claim]  # two aliases match: listed once
    page = [q["sql"] for q in queries.captured_queries if q["sql"].startswith('SELECT "claims_claim"."id"')]
    assert len(page) == 1
    assert ("UNION" in page[0]) == (words_are == "rare")
    assert "DISTINCT" not in page[0]


def test_a_word_is_common_from_the_rows_it_matches(monkeypatch):
    monkeypatch.setattr(admin_search, "COMMON_MATCHES", 3)
    ClaimFactory.create_batch(2, summary="Talks in Geneva.")
    ClaimFactory(speaker=SpeakerFactory(name="Geneva Office"))
    fields = ["summary", "speaker__name"]
    assert admin_search.is_common(admin_search.matching_keys(ClaimFactory._meta.model, fields, "geneva"))
    assert not admin_search.is_common(admin_search.matching_keys(ClaimFactory._meta.model, fields, "talks"))


def test_both_lookups_find_the_same_rows_across_relations(checker_client, monkeypatch):
    moscow = SpeakerFactory(name="Moscow")
    AliasFactory(speaker=moscow, name="Điện Kremlin")
    kremlin = StatementFactory(claim=ClaimFactory(speaker=moscow, summary="Talks."))
    titled = StatementFactory(article=ArticleFactory(title="Hội đàm Geneva", key="000_geneva"))
    quoted = StatementFactory(
        quote="đàm phán về Geneva", article=ArticleFactory(body="Các cuộc đàm phán về Geneva.")
    )
    terms = ["dien kremlin", "geneva", "hoi dam", "000_geneva", "talks", '"dam phan ve"', "kremlin geneva"]
    rare = {term: set(found(checker_client, "statement", term)) for term in terms}
    monkeypatch.setattr(admin_search, "COMMON_MATCHES", 1)
    common = {term: set(found(checker_client, "statement", term)) for term in terms}
    assert rare == common
    assert rare["geneva"] == {titled, quoted}
    assert rare["dien kremlin"] == rare["talks"] == {kremlin}
    assert rare["kremlin geneva"] == set()


def test_a_searched_list_counts_up_to_its_cap(checker_client, monkeypatch):
    monkeypatch.setattr(admin_search.CappedCountPaginator, "cap", 3)
    monkeypatch.setattr(admin.site.get_model_admin(Claim), "list_per_page", 2)
    ClaimFactory.create_batch(5, summary="Talks in Geneva.")
    ClaimFactory(summary="Something else.")
    changelist = reverse("admin:claims_claim_changelist")
    with CaptureQueriesContext(connection) as queries:
        response = checker_client.get(changelist, {"q": "geneva"})
    assert len(response.context["cl"].result_list) == 2
    assert "More than 3 claims" in response.text and "More than 3 results" in response.text
    assert "Select all claims found" in response.text and "Select all 3" not in response.text
    assert any("LIMIT 4" in q["sql"] for q in queries.captured_queries if "COUNT" in q["sql"])
    response = checker_client.get(changelist, {"q": "geneva", "p": 2})
    assert len(response.context["cl"].result_list) == 1  # up to the cap, no further
    response = checker_client.get(changelist, {"q": "something"})
    assert "1 claim" in response.text and "More than" not in response.text
    response = checker_client.get(changelist)  # not searched: counted in full
    assert response.context["cl"].result_count == 6 and "More than" not in response.text


def test_a_word_shorter_than_a_trigram_is_checked_row_by_row_unprobed(checker_client):
    # No trigram index narrows "ly": probing it (appending each field's matches) would read the
    # table as far as the page does.
    claim = ClaimFactory(speaker=SpeakerFactory(name="Lý Minh"), summary="Talks.")
    ClaimFactory(summary="Other talks.")
    with CaptureQueriesContext(connection) as queries:
        assert found(checker_client, "claim", "ly") == [claim]
    assert not any("UNION ALL" in q["sql"] for q in queries.captured_queries)
    with CaptureQueriesContext(connection) as queries:
        assert found(checker_client, "claim", "minh") == [claim]
    assert any("UNION ALL" in q["sql"] for q in queries.captured_queries)  # the probe


def statement_timeout() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


def test_a_count_that_finishes_sets_the_timeout_back(checker_client):
    ClaimFactory.create_batch(3, summary="Talks in Geneva.")
    before = statement_timeout()
    response = checker_client.get(reverse("admin:claims_claim_changelist"), {"q": "geneva"})
    assert "3 claims" in response.text and "not counted" not in response.text
    assert statement_timeout() == before


def test_a_count_that_takes_too_long_is_given_up(checker_client, slow_claims, monkeypatch):
    monkeypatch.setattr(admin.site.get_model_admin(Claim), "list_per_page", 2)
    ClaimFactory.create_batch(3, summary="Talks in Geneva.")
    before = statement_timeout()
    response = checker_client.get(reverse("admin:claims_claim_changelist"), {"q": "geneva"})
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 2  # the page is still shown
    assert response.context["cl"].paginator.uncounted
    assert "The claims found were not counted" in response.text and "Results not counted" in response.text
    assert "3 claims" not in response.text
    # Selecting across pages selects every match: no number claims to say how many.
    assert "Select all claims found, not only those counted" in response.text
    assert statement_timeout() == before  # and the setting went with the cancelled count


def test_an_uncounted_list_offers_the_pages_up_to_the_next_one(checker_client, slow_claims, monkeypatch):
    monkeypatch.setattr(admin.site.get_model_admin(Claim), "list_per_page", 2)
    ClaimFactory.create_batch(5, summary="Talks in Geneva.")
    ClaimFactory(summary="Something else.")
    changelist = reverse("admin:claims_claim_changelist")
    pages = []
    for number in (1, 2, 3):
        with CaptureQueriesContext(connection) as queries:
            response = checker_client.get(changelist, {"q": "geneva", "p": number})
        cl = response.context["cl"]
        pages.append((len(cl.result_list), cl.paginator.num_pages, cl.paginator.uncounted))
        assert slow_claims(queries) == 2  # the given-up count, then the page: read once
        # "Show all" of rows no one counted could be the whole table.
        assert ('class="showall"' in response.text) == (not cl.paginator.uncounted)
    # Each page knows a next one follows, from the row after it; the last knows the count.
    assert pages == [(2, 2, True), (2, 3, True), (1, 3, False)]
    assert "5 claims" in response.text and "not counted" not in response.text
    shown = set()
    for number in (1, 2, 3):
        shown |= set(checker_client.get(changelist, {"q": "geneva", "p": number}).context["cl"].result_list)
    assert shown == set(Claim.objects.filter(summary="Talks in Geneva."))
    response = checker_client.get(changelist, {"q": "geneva", "p": 4})  # past the end: as Django answers
    assert response.status_code == 302 and response.url.endswith("?e=1")


def test_an_uncounted_single_page_is_read_once_and_counted(checker_client, slow_claims):
    claim = ClaimFactory(summary="Talks in Geneva.")
    with CaptureQueriesContext(connection) as queries:
        response = checker_client.get(reverse("admin:claims_claim_changelist"), {"q": "geneva"})
    assert list(response.context["cl"].result_list) == [claim]
    assert "1 claim" in response.text and "not counted" not in response.text
    assert slow_claims(queries) == 2  # Django would read a one-page list again


def test_an_uncounted_autocomplete_says_when_no_more_choices_follow(checker_client, slow_claims, monkeypatch):
    monkeypatch.setattr(AutocompleteJsonView, "paginate_by", 2)
    ClaimFactory.create_batch(3, summary_vi="Cuộc hội đàm")
    params = {"app_label": "claims", "model_name": "statement", "field_name": "claim", "term": "hoi dam"}
    answers = [
        checker_client.get(reverse("admin:autocomplete"), {**params, "page": page}).json() for page in (1, 2)
    ]
    assert [(len(a["results"]), a["pagination"]["more"]) for a in answers] == [(2, True), (1, False)]


def test_a_timeout_of_zero_is_refused():
    with pytest.raises(ValueError, match="would mean none"), admin_search.statement_timeout("default", 0):
        pass  # pragma: no cover


def test_claim_autocomplete_costs_the_same_for_two_claims_or_six(checker_client):
    params = {"app_label": "claims", "model_name": "statement", "field_name": "claim", "term": "hoi dam"}
    counts = []
    for _ in range(2):
        ClaimFactory.create_batch(2, summary_vi="Cuộc hội đàm")
        with CaptureQueriesContext(connection) as queries:
            response = checker_client.get(reverse("admin:autocomplete"), params)
        counts.append((len(response.json()["results"]), len(queries)))
    assert counts[0][0] == 2 and counts[1][0] == 4
    assert counts[0][1] == counts[1][1]  # each claim's speaker and topic come with it


def test_short_words_only_are_given_up_when_walking_finds_no_page_in_time(
    checker_client, slow_claims, monkeypatch
):
    """No index narrows words under three characters: a rare one read the whole table (47 s
    on the statements at a million claims). The list says what to do instead."""
    monkeypatch.setattr(admin_search, "SHORT_WALK_MS", 20)  # walking tests a claim in 50 ms here
    ClaimFactory(summary="Mỹ và Nga.")
    response = checker_client.get(reverse("admin:claims_claim_changelist"), {"q": "Mỹ"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []
    assert [str(m) for m in response.context["messages"]] == [SHORT_WORDS_MESSAGE]


def test_short_words_walked_in_time_are_found(checker_client, monkeypatch):
    mentioned = ClaimFactory(summary="Mỹ và Nga.")
    ClaimFactory(summary="Ukraine.")
    response = checker_client.get(reverse("admin:claims_claim_changelist"), {"q": "Mỹ"})
    assert list(response.context["cl"].result_list) == [mentioned]
    assert not list(response.context["messages"])


def test_a_longer_word_beside_short_ones_is_never_given_up(checker_client, slow_claims, monkeypatch):
    monkeypatch.setattr(admin_search, "SHORT_WALK_MS", 20)
    mentioned = ClaimFactory(summary="Mỹ và Nga.")
    assert found(checker_client, "claim", "Mỹ nga") == [mentioned]
