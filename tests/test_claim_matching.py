"""The same claim across outlets: a new statement is suggested the existing claim it reports, with
a score; the fact-checker's decision moves the statement or keeps it apart, and stays."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from claims.choices import ReviewStatus, SuggestionDecision
from claims.models import Claim, ClaimSuggestion
from claims.services.extraction import store_candidates
from claims.services.matching import (
    THRESHOLD,
    accept_suggestion,
    evaluate_pairs,
    keep_separate,
    polarity,
    suggest_claims,
)
from tests.admin.postdata import change_form_data
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    FactCheckerFactory,
    SpeakerFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db

SAID = "Nga không có ý định tấn công bất kỳ quốc gia láng giềng nào"
PARAPHRASE = "Moskva không có kế hoạch tấn công bất cứ nước láng giềng nào"
OTHER_CLAIM = "Nga cần có bảo đảm pháp lý rằng NATO sẽ không tiếp tục mở rộng về phía đông"


def reported(speaker, quote: str, *, status=ReviewStatus.VERIFIED, claim=None):
    """`quote` of `speaker` in an article of its own outlet, under `claim` or a claim of its own."""
    article = ArticleFactory(body=f"Tin thế giới\nTổng thống nói: “{quote}”.")
    claim = claim or ClaimFactory(speaker=speaker, status=status, summary_vi=quote)
    return StatementFactory(claim=claim, article=article, quote=quote, status=status)


@pytest.fixture
def putin():
    return SpeakerFactory(slug="vladimir-putin", name="Vladimir Putin")


@pytest.fixture
def known(putin):
    """A verified claim of Putin's, as one outlet reported it."""
    return reported(putin, SAID).claim


def test_a_paraphrase_from_another_outlet_is_suggested_the_claim_it_reports(putin, known):
    new = reported(putin, PARAPHRASE, status=ReviewStatus.CANDIDATE)
    [suggestion] = suggest_claims(new)
    assert suggestion.suggested_claim == known
    assert suggestion.claim == new.claim
    assert THRESHOLD <= suggestion.score <= 1
    assert suggestion.decision == SuggestionDecision.PENDING


def test_extraction_suggests_the_claim_a_new_article_reports(putin, known):
    article = ArticleFactory(body=f"Tin mới\nTổng thống Nga Vladimir Putin nói: “{PARAPHRASE}”.")
    [statement] = store_candidates(article)
    assert [s.suggested_claim for s in ClaimSuggestion.objects.filter(statement=statement)] == [known]


def test_another_claim_of_the_same_speaker_is_not_suggested(putin, known):
    new = reported(putin, OTHER_CLAIM, status=ReviewStatus.CANDIDATE)
    assert suggest_claims(new) == []


def test_the_same_words_of_another_speaker_are_not_suggested(putin, known):
    new = reported(SpeakerFactory(), SAID, status=ReviewStatus.CANDIDATE)
    assert suggest_claims(new) == []


def test_a_denial_of_what_the_claim_asserts_is_not_suggested(putin):
    reported(putin, "Nga sẽ rút quân khỏi khu vực biên giới trong tháng này")
    new = reported(putin, "Nga sẽ không rút quân khỏi khu vực biên giới trong tháng này", status="candidate")
    assert suggest_claims(new) == []
    assert polarity("không loại trừ một cuộc gặp") == polarity("sẽ có một cuộc gặp")
    assert polarity("trừng phạt chưa từng có") == 0


def test_a_rejected_claim_is_not_suggested(putin, known):
    known.status = ReviewStatus.REJECTED
    known.save()
    assert suggest_claims(reported(putin, PARAPHRASE, status=ReviewStatus.CANDIDATE)) == []


def test_accepting_moves_the_statement_and_keeps_every_change_in_history(putin, known):
    checker = FactCheckerFactory(username="hoa")
    new = reported(putin, PARAPHRASE, status=ReviewStatus.CANDIDATE)
    candidate = new.claim
    [suggestion] = suggest_claims(new)

    accept_suggestion(suggestion, user=checker)

    new.refresh_from_db()
    assert new.claim == known
    moved = new.history.first()
    assert moved.claim_id == known.pk and moved.history_user == checker
    assert f"claim {known.pk}" in moved.history_change_reason
    # The emptied candidate stays, rejected, saying where its statement went.
    candidate = Claim.objects.get(pk=candidate.pk)
    assert candidate.status == ReviewStatus.REJECTED and candidate.reviewed_by == checker
    assert f"claim {known.pk}" in candidate.notes.get().text
    assert candidate.history.first().history_user == checker
    suggestion.refresh_from_db()
    assert (suggestion.decision, suggestion.decided_by) == (SuggestionDecision.ACCEPTED, checker)
    assert suggestion.history.first().history_user == checker
    assert set(known.statements.all()) == {*known.statements.all(), new}


def test_accepting_one_suggestion_keeps_the_statement_apart_from_the_others(putin, known):
    twin = reported(putin, SAID.replace("quốc gia", "nước")).claim
    new = reported(putin, PARAPHRASE, status=ReviewStatus.CANDIDATE)
    suggestions = suggest_claims(new)
    assert {s.suggested_claim for s in suggestions} == {known, twin}
    accept_suggestion(suggestions[0], user=None)
    assert ClaimSuggestion.objects.get(pk=suggestions[1].pk).decision == SuggestionDecision.SEPARATE


def test_a_statement_kept_separate_is_not_suggested_that_claim_again(putin, known):
    new = reported(putin, PARAPHRASE, status=ReviewStatus.CANDIDATE)
    [suggestion] = suggest_claims(new)
    keep_separate(suggestion, user=FactCheckerFactory())
    assert suggest_claims(new) == []
    assert ClaimSuggestion.objects.get().decision == SuggestionDecision.SEPARATE
    assert new.claim.statements.get() == new


def test_an_accepted_suggestion_is_not_kept_separate_afterwards(putin, known):
    [suggestion] = suggest_claims(reported(putin, PARAPHRASE, status=ReviewStatus.CANDIDATE))
    accept_suggestion(suggestion, user=None)
    with pytest.raises(ValidationError):
        keep_separate(suggestion, user=None)
    assert ClaimSuggestion.objects.get().decision == SuggestionDecision.ACCEPTED


def test_the_matching_meets_its_goal_on_the_labelled_pairs():
    score = evaluate_pairs()
    assert score.pairs >= 40 and score.same >= 20
    assert score.precision >= 0.8 and score.recall >= 0.6


# --- API ------------------------------------------------------------------------------------


def suggestions_url(claim) -> str:
    return f"/api/v1/claims/{claim.pk}/suggestions/"


def test_a_fact_checker_reads_a_candidates_suggested_claims_with_their_scores(fc_api, putin, known):
    new = reported(putin, PARAPHRASE, status=ReviewStatus.CANDIDATE)
    [suggestion] = suggest_claims(new)
    response = fc_api.get(suggestions_url(new.claim))
    assert response.status_code == 200
    [row] = response.json()
    assert row["suggested_claim"]["id"] == known.pk
    assert row["statement"]["id"] == new.pk
    assert row["score"] == pytest.approx(suggestion.score)
    assert row["decision"] == "pending" and row["decided_by"] is None


@pytest.mark.parametrize("reader", ["api", "user_api"])
def test_other_readers_never_see_suggestions(request, reader, putin, known):
    new = reported(putin, PARAPHRASE, status=ReviewStatus.CANDIDATE)
    suggest_claims(new)
    client = request.getfixturevalue(reader)
    # Not for the candidate, which they cannot see, nor for a published claim.
    assert client.get(suggestions_url(new.claim)).status_code == 404
    assert client.get(suggestions_url(known)).status_code == 404
    assert "suggestions" not in str(client.get(f"/api/v1/claims/{known.pk}/").json())


def test_the_schema_declares_the_suggestions(api):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/claims/{id}/suggestions/"]["get"]
    assert "Fact-checkers only" in operation["description"]
    fields = schema["components"]["schemas"]["ClaimSuggestion"]["properties"]
    assert {"statement", "suggested_claim", "score", "decision"} <= set(fields)


# --- Admin ----------------------------------------------------------------------------------


@pytest.fixture
def staff(client):
    checker = FactCheckerFactory(username="lan", is_staff=True)
    client.force_login(checker)
    return client, checker


def test_the_admin_accepts_a_suggestion_from_its_list(staff, putin, known):
    client, checker = staff
    new = reported(putin, PARAPHRASE, status=ReviewStatus.CANDIDATE)
    [suggestion] = suggest_claims(new)
    url = reverse("admin:claims_claimsuggestion_changelist")
    response = client.post(url, {"action": "accept_selected", "_selected_action": [suggestion.pk]})
    assert response.status_code == 302
    new.refresh_from_db()
    assert new.claim == known
    assert ClaimSuggestion.objects.get().decided_by == checker


def test_the_admin_keeps_a_suggestion_separate_in_its_form(staff, putin, known):
    client, checker = staff
    new = reported(putin, PARAPHRASE, status=ReviewStatus.CANDIDATE)
    [suggestion] = suggest_claims(new)
    url = reverse("admin:claims_claimsuggestion_change", args=[suggestion.pk])
    form = client.get(url).context["adminform"].form
    data = {**{name: field.value() or "" for name, field in ((n, form[n]) for n in form.fields)}}
    data["decision"] = SuggestionDecision.SEPARATE
    assert client.post(url, data).status_code == 302
    suggestion.refresh_from_db()
    assert (suggestion.decision, suggestion.decided_by) == (SuggestionDecision.SEPARATE, checker)
    new.refresh_from_db()
    assert new.claim != known


def test_a_candidates_page_lists_its_suggested_claims(staff, putin, known):
    client, _ = staff
    new = reported(putin, PARAPHRASE, status=ReviewStatus.CANDIDATE)
    suggest_claims(new)
    page = client.get(reverse("admin:claims_claim_change", args=[new.claim.pk])).content.decode()
    assert reverse("admin:claims_claim_change", args=[known.pk]) in page


def test_a_candidates_page_with_suggestions_still_saves(staff, putin, known):
    client, _ = staff
    new = reported(putin, PARAPHRASE, status=ReviewStatus.CANDIDATE)
    suggest_claims(new)
    url = reverse("admin:claims_claim_change", args=[new.claim.pk])
    data = change_form_data(client.get(url))
    data["summary_vi"] = "Nga không định tấn công nước láng giềng nào."
    assert client.post(url, data).status_code == 302
    assert Claim.objects.get(pk=new.claim.pk).summary_vi == data["summary_vi"]
    assert ClaimSuggestion.objects.get().decision == SuggestionDecision.PENDING
