"""The review page's panels: a candidate confirmed with its claim classified in one form, a
statement added from words selected in the text; each logged in the admin's Recent actions."""

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.choices import ReviewStatus, SpeechMode, Stance
from claims.models import Claim, Note, Statement, Topic
from claims.services.admin_review import versions
from tests.factories import (
    AliasFactory,
    ArticleFactory,
    ClaimFactory,
    SpeakerFactory,
    StatementFactory,
    TopicFactory,
    UserFactory,
    ViaFactory,
)

pytestmark = pytest.mark.django_db

BODY = (
    "Tổng thống Nga Vladimir Putin nói: “Nga không có ý định tấn công ai”. "
    "Nhà Trắng cho biết các cuộc đàm phán sẽ tiếp tục."
)
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def article():
    return ArticleFactory(title="Thượng đỉnh", body=BODY)


@pytest.fixture
def putin():
    speaker = SpeakerFactory(name="Vladimir Putin")
    AliasFactory(speaker=speaker, name="Tổng thống Nga Vladimir Putin")
    AliasFactory(speaker=speaker, name="ông Putin")
    return speaker


@pytest.fixture
def candidate(article, putin):
    claim = ClaimFactory(speaker=putin, status=ReviewStatus.CANDIDATE, summary="Candidate: Nga không…")
    return StatementFactory(
        article=article, claim=claim, quote="Nga không có ý định tấn công ai", status=ReviewStatus.CANDIDATE
    )


def review_url(article) -> str:
    return reverse("admin:sources_article_review", args=[article.pk])


def classify_data(statement, **changes) -> dict:
    prefix = f"s{statement.pk}"
    claim = statement.claim
    values = {
        "topic": Topic.objects.create(slug="no-attack", name="Russia will not attack anyone").pk,
        "stance": Stance.OPPOSES,
        "summary": "Putin says Russia intends to attack no one.",
        "summary_vi": "Ông Putin nói Nga không có ý định tấn công ai.",
        "claim_status": ReviewStatus.VERIFIED,
        "statement_version": versions(Statement, [statement.pk]).get(statement.pk, ""),
        "claim_version": versions(Claim, [claim.pk]).get(claim.pk, ""),
        **changes,
    }
    return {
        "action": "classify",
        "statement": statement.pk,
        **{f"{prefix}-{name}": value for name, value in values.items()},
    }


def log_entries(model) -> list[tuple[int, int, str]]:
    rows = LogEntry.objects.filter(content_type__model=model).order_by("id")
    return [(int(str(row.object_id)), row.action_flag, row.get_change_message()) for row in rows]


# --- confirm and classify -------------------------------------------------------------------------


def test_each_candidate_has_one_form_with_its_claim_filled_in(checker_client, article, candidate):
    response = checker_client.get(review_url(article))
    [card] = response.context["cards"]
    assert card.statement == candidate
    form = card.form
    assert form["topic"].value() == candidate.claim.topic_id
    assert form["summary"].value() == "Candidate: Nga không…"
    assert form["claim_status"].value() == ReviewStatus.VERIFIED
    html = response.content.decode()
    # The chosen topic is shown by name in its autocomplete, and the form posts plainly.
    assert f'<option value="{candidate.claim.topic_id}" selected>{candidate.claim.topic}</option>' in html
    assert 'class="classify-form"' in html and "<script>" not in html
    assert "claims/review.js" in html and "admin/js/autocomplete.js" in html


def test_confirming_classifies_the_claim_and_logs_both(checker_client, checker, article, candidate):
    data = classify_data(candidate)
    response = checker_client.post(review_url(article), data)
    assert response.status_code == 302 and response.url == review_url(article)
    candidate.refresh_from_db()
    claim = Claim.objects.get(pk=candidate.claim_id)
    assert (candidate.status, candidate.reviewed_by) == (ReviewStatus.VERIFIED, checker)
    assert (claim.status, claim.stance, claim.topic_id, claim.summary_vi) == (
        ReviewStatus.VERIFIED,
        Stance.OPPOSES,
        data[f"s{candidate.pk}-topic"],
        "Ông Putin nói Nga không có ý định tấn công ai.",
    )
    assert log_entries("statement") == [(candidate.pk, CHANGE, "Confirmed on the article's review page")]
    assert log_entries("claim") == [
        (
            claim.pk,
            CHANGE,
            "Classified on the article's review page: topic, stance, summary (English), summary (Vietnamese), status (verified)",
        )
    ]
    # The reason is the records' history and log entry, not a note of their threads.
    assert not Note.objects.exists()
    page = checker_client.get(review_url(article)).content.decode()
    assert f"Statement {candidate.pk} ({candidate.quote}) confirmed; claim {claim.pk} is verified." in page
    # Both changes are in Recent actions on the admin's index.
    index = checker_client.get(reverse("admin:index")).content.decode()
    assert 'id="recent-actions-module"' in index and str(claim) in index and candidate.quote in index


def test_a_stale_form_is_shown_again_with_the_conflict_and_nothing_saved(
    checker_client, article, candidate, colleague_claim_edit
):
    data = classify_data(candidate)
    colleague_claim_edit(candidate.claim)
    response = checker_client.post(review_url(article), data)
    assert response.status_code == 400
    [card] = response.context["cards"]
    [error] = card.form.non_field_errors()
    assert f"Claim {candidate.claim_id} was changed by minh at " in error and "Nothing was saved" in error
    assert card.form["summary"].value() == "Putin says Russia intends to attack no one."  # what was typed
    candidate.refresh_from_db()
    assert candidate.status == ReviewStatus.CANDIDATE
    assert Claim.objects.get(pk=candidate.claim_id).summary == "Changed by a colleague."
    assert not LogEntry.objects.exists()


@pytest.fixture
def colleague_claim_edit():
    def edit(claim):
        colleague = UserFactory(username="minh")
        claim = Claim.objects.get(pk=claim.pk)
        claim.summary = "Changed by a colleague."
        claim._history_user = colleague
        claim.save()

    return edit


def test_asked_for_json_a_conflict_is_a_409_with_its_message(
    checker_client, article, candidate, colleague_claim_edit
):
    data = classify_data(candidate)
    colleague_claim_edit(candidate.claim)
    response = checker_client.post(review_url(article), data, **JSON)
    assert response.status_code == 409
    [error] = response.json()["errors"]
    assert "was changed by minh" in error


def test_asked_for_json_a_confirmation_answers_what_to_update(checker_client, article, candidate):
    sibling = StatementFactory(
        article=article, claim=candidate.claim, quote="các cuộc đàm phán", status=ReviewStatus.CANDIDATE
    )
    response = checker_client.post(review_url(article), classify_data(candidate), **JSON)
    assert response.status_code == 200
    answer = response.json()
    assert answer["removed"] == [candidate.pk] and answer["candidates"] == 1
    assert f'class="statement status-verified" data-statement-id="{candidate.pk}"' in answer["body_html"]
    assert candidate.quote in answer["reviewed_html"]
    # The other candidate of the same claim: its card again, with the claim's new version.
    assert list(answer["cards"]) == [str(sibling.pk)]
    claim_version = versions(Claim, [candidate.claim_id])[candidate.claim_id]
    assert f'value="{claim_version}"' in answer["cards"][str(sibling.pk)]
    assert "confirmed" in answer["message"]


def test_a_missing_field_is_shown_beside_it(checker_client, article, candidate):
    # A summary in one language is enough; none at all is not.
    response = checker_client.post(
        review_url(article), classify_data(candidate, summary="", summary_vi=""), **JSON
    )
    assert response.status_code == 400
    assert response.json()["errors"] == ["Summary (English): Give a summary, in English or in Vietnamese."]
    candidate.refresh_from_db()
    assert candidate.status == ReviewStatus.CANDIDATE


def test_a_fact_checker_who_cannot_change_claims_only_confirms_or_rejects(client, article, candidate):
    reviewer = UserFactory(is_staff=True)
    codenames = ["view_article", "view_statement", "change_statement", "view_claim"]
    reviewer.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client.force_login(reviewer)
    html = client.get(review_url(article)).content.decode()
    assert 'name="decision" value="verified"' in html and 'value="classify"' not in html
    assert client.post(review_url(article), classify_data(candidate)).status_code == 403
    assert 'id="add-statement"' not in html  # nor add statements


def test_rejecting_from_the_card_logs_it(checker_client, article, candidate):
    response = checker_client.post(
        review_url(article), {"statement": candidate.pk, "decision": "rejected"}, **JSON
    )
    assert response.status_code == 200 and response.json()["removed"] == [candidate.pk]
    candidate.refresh_from_db()
    assert candidate.status == ReviewStatus.REJECTED
    assert log_entries("statement") == [(candidate.pk, CHANGE, "Rejected on the article's review page")]
    assert not Note.objects.exists()


# --- adding a statement from a selection ----------------------------------------------------------


def add_data(start: int, end: int, speaker, claim="new", **fields) -> dict:
    data = {"action": "add", "start": start, "end": end, "quote": BODY[start:end], "speaker": speaker.pk}
    data.update(claim=claim, **fields)
    return {f"add-{name}" if name != "action" else name: value for name, value in data.items()}


def test_a_selection_adds_a_statement_and_a_new_claim(checker_client, checker, article, putin):
    start = BODY.index("Nga không")
    end = BODY.index("”")
    topic = TopicFactory(name="Russia will not attack anyone")
    data = add_data(
        start, end, putin, topic=topic.pk, stance=Stance.SUPPORTS, summary="Russia attacks no one."
    )
    response = checker_client.post(review_url(article), data, **JSON)
    assert response.status_code == 200, response.content
    statement = Statement.objects.get()
    claim = statement.claim
    assert (statement.quote, statement.start, statement.end) == (BODY[start:end], start, end)
    assert (statement.mode, statement.status, statement.created_by) == (
        SpeechMode.DIRECT,
        ReviewStatus.CANDIDATE,
        checker,
    )
    assert (claim.speaker, claim.topic, claim.status) == (putin, topic, ReviewStatus.CANDIDATE)
    answer = response.json()
    assert f'id="statement-{statement.pk}"' in answer["body_html"]
    assert list(answer["cards"]) == [str(statement.pk)] and answer["candidates"] == 1
    assert log_entries("claim") == [(claim.pk, ADDITION, "Added on the article's review page")]
    assert log_entries("statement") == [(statement.pk, ADDITION, "Added on the article's review page")]
    assert not Note.objects.exists()


def test_a_selection_adds_a_statement_to_a_claim_of_the_speaker(checker_client, article, putin):
    claim = ClaimFactory(speaker=putin)
    start = BODY.index("các cuộc")
    data = add_data(start, len(BODY) - 1, putin, claim=claim.pk, mode=SpeechMode.INDIRECT)
    assert checker_client.post(review_url(article), data, **JSON).status_code == 200
    assert Statement.objects.get().claim == claim


def test_without_the_script_an_addition_redirects_back(checker_client, article, putin):
    claim = ClaimFactory(speaker=putin)
    data = add_data(0, len("Tổng thống Nga"), putin, claim=claim.pk)
    response = checker_client.post(review_url(article), data)
    assert response.status_code == 302 and Statement.objects.get().mode == SpeechMode.INDIRECT


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (
            {"add-quote": "Nga khong co y dinh"},
            "The article's text at 0–23 is “Tổng thống Nga Vladimir”, not the selected text.",
        ),
        ({"add-speaker": ""}, "Speaker: Choose who said it."),
        ({"add-claim": ""}, "Claim: Choose one of the speaker's claims, or a new claim."),
        ({"add-claim": "new"}, "Topic: A new claim needs this."),
        ({"add-end": "9999"}, "The span 0:9999 is outside the article body"),
    ],
)
def test_a_refused_addition_says_why_and_adds_nothing(checker_client, article, putin, change, error):
    claim = ClaimFactory(speaker=putin)
    data = {**add_data(0, len("Tổng thống Nga Vladimir"), putin, claim=claim.pk), **change}
    response = checker_client.post(review_url(article), data, **JSON)
    assert response.status_code == 400
    assert any(line.startswith(error) for line in response.json()["errors"]), response.json()
    assert not Statement.objects.exists() and not LogEntry.objects.exists()


def test_a_claim_of_another_speaker_is_refused(checker_client, article, putin):
    other = ClaimFactory()
    response = checker_client.post(review_url(article), add_data(0, 5, putin, claim=other.pk), **JSON)
    assert response.json()["errors"] == ["Claim: Choose a claim of Vladimir Putin, or a new claim."]


def test_the_panel_offers_the_claims_of_the_chosen_speaker(checker_client, article, putin):
    mine = ClaimFactory(speaker=putin, stance=Stance.OPPOSES, summary="Putin opposes NATO expansion.")
    ClaimFactory()
    url = reverse("admin:sources_article_review_claims", args=[article.pk])
    results = checker_client.get(url, {"speaker": putin.pk}).json()["results"]
    assert results == [{"id": mine.pk, "text": f"Opposes · {mine.topic} — Putin opposes NATO expansion."}]
    assert checker_client.get(url, {"speaker": "x"}).json() == {"results": []}


@pytest.mark.parametrize("term", ["putin", "vladimir", "ong putin", "TONG THONG NGA"])
def test_the_speaker_is_found_by_any_alias_without_accents(checker_client, putin, term):
    SpeakerFactory(name="Joe Biden")
    params = {"app_label": "claims", "model_name": "claim", "field_name": "speaker", "term": term}
    response = checker_client.get(reverse("admin:autocomplete"), params)
    assert [row["text"] for row in response.json()["results"]] == ["Vladimir Putin"]


# --- the page's cost ----------------------------------------------------------------------------


def page_queries(client, article) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(review_url(article)).status_code == 200
    return len(captured)


def test_the_page_costs_the_same_queries_for_six_candidates_as_for_two(checker_client, article):
    def add_candidates(n: int) -> None:
        for _ in range(n):
            claim = ClaimFactory(status=ReviewStatus.CANDIDATE)
            statement = StatementFactory(
                article=article, claim=claim, quote="Nga", status=ReviewStatus.CANDIDATE
            )
            ViaFactory(statement=statement)
            ViaFactory(statement=statement, position=1, outlet=None, speaker=SpeakerFactory())

    add_candidates(2)
    two = page_queries(checker_client, article)
    add_candidates(4)
    # Session and user (2), the user's permissions and its groups' (2), the article and its
    # outlet (2), its statements (1) and their chains (links, outlets, speakers: 3), the versions
    # of the candidates and of their claims (2), the suspected contradictions (1). Each card shows
    # its claim's topic without reading it again.
    assert page_queries(checker_client, article) == two == 13


BIG = "9" * 40


@pytest.mark.parametrize(
    "change",
    [
        {"statement": BIG},
        {"statement": "abc"},
        {"action": "nothing"},
        {"s{pk}-topic": BIG},
        {"s{pk}-topic": "x\x00"},
        {"s{pk}-summary": "nul\x00"},
        {"s{pk}-statement_version": BIG},
        {"s{pk}-claim_status": "published"},
    ],
)
def test_malformed_confirmations_are_refused_not_failed(checker_client, article, candidate, change):
    data = classify_data(candidate)
    data.update({name.format(pk=candidate.pk): value for name, value in change.items()})
    response = checker_client.post(review_url(article), data, **JSON)
    assert response.status_code in (400, 409)
    candidate.refresh_from_db()
    assert candidate.status == ReviewStatus.CANDIDATE


@pytest.mark.parametrize(
    "change",
    [
        {"add-speaker": BIG},
        {"add-claim": BIG},
        {"add-topic": BIG},
        {"add-start": BIG},
        {"add-start": "-3"},
        {"add-quote": "\x00"},
        {"add-mode": "shouted"},
    ],
)
def test_malformed_additions_are_refused_not_failed(checker_client, article, putin, change):
    topic = TopicFactory()
    data = {**add_data(0, 5, putin, topic=topic.pk, stance=Stance.NEUTRAL, summary="S."), **change}
    response = checker_client.post(review_url(article), data, **JSON)
    assert response.status_code == 400
    assert not Statement.objects.exists()


def test_the_speakers_claims_take_a_malformed_speaker(checker_client, article):
    url = reverse("admin:sources_article_review_claims", args=[article.pk])
    assert checker_client.get(url, {"speaker": BIG}).json() == {"results": []}


def test_a_statement_reviewed_since_is_not_confirmed_again(checker_client, article, candidate):
    data = classify_data(candidate)
    Statement.objects.filter(pk=candidate.pk).update(status=ReviewStatus.REJECTED)
    response = checker_client.post(review_url(article), data, **JSON)
    assert response.status_code == 409
    assert response.json()["errors"] == [f"Statement {candidate.pk} was already rejected."]
    assert Claim.objects.get(pk=candidate.claim_id).status == ReviewStatus.CANDIDATE
