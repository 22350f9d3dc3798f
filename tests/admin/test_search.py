"""Admin search ignores case and Vietnamese diacritics, in lists and in autocomplete widgets."""

import pytest
from django.urls import reverse

from tests.factories import AliasFactory, ArticleFactory, ClaimFactory, SpeakerFactory, StatementFactory

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


def test_a_key_is_found_whole_from_its_index(checker_client):
    claim = ClaimFactory(key="putin-legal-guarantees", summary="Putin demands guarantees.")
    ClaimFactory(key="biden-sanctions", summary="Biden warns.")
    assert found(checker_client, "claim", "putin-legal-guarantees") == [claim]
    assert found(checker_client, "claim", "legal") == []  # a key is an identifier, not text
    article = ArticleFactory(key="000_12f5a146de662289", title="Hội đàm")
    assert found(checker_client, "article", "000_12f5a146de662289", app="sources") == [article]


def test_each_word_is_looked_up_field_by_field_and_unioned(checker_client):
    # One query per field, unioned, so that each field's index can serve it; no DISTINCT.
    moscow = SpeakerFactory(name="Moscow")
    AliasFactory(speaker=moscow, name="Matxcơva")
    AliasFactory(speaker=moscow, name="Mát-xcơ-va")
    claim = ClaimFactory(speaker=moscow, summary="Talks.")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert found(checker_client, "claim", "xco") == [claim]  # two aliases match: listed once
    searches = [q["sql"] for q in queries.captured_queries if 'FROM "claims_claim"' in q["sql"]]
    assert searches and all("UNION" in sql and "DISTINCT" not in sql for sql in searches)


def test_claim_autocomplete_costs_the_same_for_two_claims_or_six(checker_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    params = {"app_label": "claims", "model_name": "statement", "field_name": "claim", "term": "hoi dam"}
    counts = []
    for _ in range(2):
        ClaimFactory.create_batch(2, summary_vi="Cuộc hội đàm")
        with CaptureQueriesContext(connection) as queries:
            response = checker_client.get(reverse("admin:autocomplete"), params)
        counts.append((len(response.json()["results"]), len(queries)))
    assert counts[0][0] == 2 and counts[1][0] == 4
    assert counts[0][1] == counts[1][1]  # each claim's speaker and topic come with it
