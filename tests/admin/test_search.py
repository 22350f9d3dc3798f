"""Admin search ignores case and Vietnamese diacritics, in lists and in autocomplete widgets
(the rule of core/search.py, as the API's `q`)."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Claim
from core.admin import search as admin_search
from tests.factories import (
    AliasFactory,
    ArticleFactory,
    ClaimFactory,
    SpeakerFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db


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
    ClaimFactory(summary="Up 500 on the year.")
    percent = ClaimFactory(summary="Up 50% on the year.")
    assert found(checker_client, "claim", "year 50%") == [percent]
    assert found(checker_client, "claim", "year 50_") == []


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
    """Three words or more are looked up in the joined index (core.text.FoldedContains), then
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


def test_a_short_word_is_searched_beside_a_longer_one_only(checker_client):
    mentioned = ClaimFactory(summary="Mỹ và Nga.")
    ClaimFactory(summary="Nga.")
    assert found(checker_client, "claim", "Mỹ nga") == [mentioned]
    response = checker_client.get(reverse("admin:claims_claim_changelist"), {"q": "Mỹ"})
    assert list(response.context["cl"].result_list) == []
    assert [str(m) for m in response.context["messages"]] == [
        "Enter a word of at least 3 letters or digits to search."
    ]


def test_an_admin_without_a_search_of_its_own_searches_its_fields_by_the_rule(checker_client):
    from claims.models import Verdict

    claim = ClaimFactory(summary="Talks in Geneva.")
    verdict = Verdict.objects.create(
        claim=claim, rating="false", textual_rating="Sai sự thật", reviewed_on="2021-06-17"
    )
    Verdict.objects.create(
        claim=ClaimFactory(summary="Other."), rating="false", textual_rating="Sai", reviewed_on="2021-06-17"
    )
    assert found(checker_client, "verdict", "sai geneva") == [verdict]
    assert found(checker_client, "verdict", '"sai su that"') == [verdict]
