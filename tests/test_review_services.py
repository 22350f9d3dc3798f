"""The review page's writes as services: a statement added from a span of the text, a candidate
confirmed with its claim classified, all of it or nothing."""

import unicodedata

import pytest
from django.core.exceptions import ValidationError

from claims.choices import ReviewStatus, SpeechMode, Stance
from claims.models import Claim, Statement
from claims.services.admin_review import EditConflict, Seen, add_statement_at, confirm_and_classify, versions
from claims.services.claims import Classification
from claims.services.review import review
from claims.services.spans import locate_folded
from claims.services.statements import mode_from_quotation_marks
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    FactCheckerFactory,
    SpeakerFactory,
    StatementFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

BODY = (
    "Tổng thống Nga Vladimir Putin nói: “Nga không có ý định tấn công ai”. "
    "Nhà Trắng cho biết các cuộc đàm phán sẽ tiếp tục. Ông Putin gọi đó là «một bước tiến»."
)
REASON = "Added on the article's review page"


def span_of(words: str) -> tuple[int, int]:
    start = BODY.index(words)
    return start, start + len(words)


@pytest.fixture
def article():
    return ArticleFactory(body=BODY)


@pytest.fixture
def checker():
    return FactCheckerFactory(username="lan")


@pytest.mark.parametrize(
    ("words", "mode"),
    [
        ("Nga không có ý định tấn công ai", SpeechMode.DIRECT),  # enclosed in “ ”
        ("“Nga không có ý định", SpeechMode.DIRECT),  # starts with one
        ("tấn công ai”", SpeechMode.DIRECT),  # ends with one
        ("một bước tiến", SpeechMode.DIRECT),  # « »
        ("các cuộc đàm phán sẽ tiếp tục", SpeechMode.INDIRECT),
        ("Tổng thống Nga", SpeechMode.INDIRECT),  # at the start of the text
    ],
)
def test_the_mode_follows_the_quotation_marks(words, mode):
    assert mode_from_quotation_marks(BODY, *span_of(words)) == mode


def test_a_statement_takes_its_quote_from_the_text_at_the_span(article, checker):
    claim = ClaimFactory()
    start, end = span_of("Nga không có ý định tấn công ai")
    statement = add_statement_at(
        article=article, start=start, end=end, claim=claim, user=checker, reason=REASON
    )
    assert statement.quote == "Nga không có ý định tấn công ai"
    assert (statement.mode, statement.status, statement.created_by) == (
        SpeechMode.DIRECT,
        ReviewStatus.CANDIDATE,
        checker,
    )
    row = statement.history.get()
    assert (row.history_user, row.history_change_reason) == (checker, REASON)


def test_a_new_claim_is_made_with_the_statement(article, checker):
    speaker, topic = SpeakerFactory(name="Nhà Trắng"), TopicFactory()
    start, end = span_of("các cuộc đàm phán sẽ tiếp tục")
    classification = Classification(
        topic=topic,
        stance=Stance.SUPPORTS,
        summary="The talks will go on.",
        summary_vi="Đàm phán sẽ tiếp tục.",
    )
    statement = add_statement_at(
        article=article,
        start=start,
        end=end,
        new_claim=(speaker, classification),
        user=checker,
        reason=REASON,
    )
    claim = statement.claim
    assert (claim.speaker, claim.topic, claim.stance, claim.summary_vi) == (
        speaker,
        topic,
        Stance.SUPPORTS,
        "Đàm phán sẽ tiếp tục.",
    )
    assert (claim.status, claim.created_by, statement.mode) == (
        ReviewStatus.CANDIDATE,
        checker,
        SpeechMode.INDIRECT,
    )
    assert claim.history.get().history_change_reason == REASON


def test_the_selected_text_must_be_the_text_at_the_span(article, checker):
    start, end = span_of("Nga không có ý định tấn công ai")
    claim = ClaimFactory()
    # What the page showed, in another Unicode form, is the same text.
    nfd = unicodedata.normalize("NFD", "Nga không có ý định tấn công ai")
    add_statement_at(
        article=article, start=start, end=end, quote=nfd, claim=claim, user=checker, reason=REASON
    )
    # Typed without accents, it is not the text there: refused, naming the text.
    with pytest.raises(ValidationError) as refused:
        add_statement_at(
            article=article,
            start=start,
            end=end,
            quote="Nga khong co y dinh tan cong ai",
            claim=claim,
            user=checker,
            reason=REASON,
        )
    assert "“Nga không có ý định tấn công ai”" in refused.value.message_dict["quote"][0]
    assert Statement.objects.count() == 1


def test_an_accent_free_quote_that_is_the_text_is_taken(checker):
    article = ArticleFactory(body="Reuters: Putin and Biden spoke for two hours.")
    start = article.body.index("Putin and Biden")
    statement = add_statement_at(
        article=article,
        start=start,
        end=start + len("Putin and Biden"),
        quote="Putin and Biden",
        claim=ClaimFactory(),
        user=checker,
        reason=REASON,
    )
    assert statement.quote == "Putin and Biden"


@pytest.mark.parametrize(("start", "end"), [(-1, 5), (5, 5), (10, len(BODY) + 1)])
def test_a_span_outside_the_text_is_refused_and_no_claim_is_left(article, checker, start, end):
    classification = Classification(topic=TopicFactory(), stance=Stance.NEUTRAL, summary="Anything.")
    with pytest.raises(ValidationError):
        add_statement_at(
            article=article,
            start=start,
            end=end,
            new_claim=(SpeakerFactory(), classification),
            user=checker,
            reason=REASON,
        )
    assert not Claim.objects.exists() and not Statement.objects.exists()


def test_a_new_claim_is_not_left_behind_when_its_statement_is_refused(article, checker):
    start, end = span_of("các cuộc đàm phán sẽ tiếp tục")
    claim = ClaimFactory()
    add_statement_at(article=article, start=start, end=end, claim=claim, user=checker, reason=REASON)
    with pytest.raises(ValidationError):  # the same claim at the same place: already there
        add_statement_at(article=article, start=start, end=end, claim=claim, user=checker, reason=REASON)
    invalid = Classification(topic=TopicFactory(), stance="sideways", summary="Anything.")
    with pytest.raises(ValidationError):
        add_statement_at(
            article=article,
            start=start,
            end=end,
            new_claim=(SpeakerFactory(), invalid),
            user=checker,
            reason=REASON,
        )
    assert Claim.objects.count() == 1 and Statement.objects.count() == 1


def test_a_quote_typed_without_accents_is_found_once_or_not_at_all():
    assert locate_folded(BODY, "nga khong co y dinh tan cong ai") == span_of(
        "Nga không có ý định tấn công ai"
    )
    assert locate_folded(BODY, "CAC CUOC DAM PHAN") == span_of("các cuộc đàm phán")
    assert locate_folded(BODY, "putin") is None  # twice in the text
    assert locate_folded(BODY, "Nga sẽ tấn công") is None


# --- confirming a candidate and classifying its claim -------------------------------------------


@pytest.fixture
def candidate(article):
    claim = ClaimFactory(status=ReviewStatus.CANDIDATE, stance=Stance.NEUTRAL, summary="Candidate: các cuộc…")
    return StatementFactory(
        article=article, claim=claim, quote="Nga không có ý định tấn công ai", status=ReviewStatus.CANDIDATE
    )


def seen(statement: Statement) -> Seen:
    return Seen(
        statement=versions(Statement, [statement.pk]).get(statement.pk),
        claim=versions(Claim, [statement.claim_id]).get(statement.claim_id),
    )


def classification(**changes) -> Classification:
    values = {
        "topic": TopicFactory(name="Russia will not attack Ukraine"),
        "stance": Stance.SUPPORTS,
        "summary": "Putin says Russia has no intention of attacking anyone.",
        "summary_vi": "Ông Putin nói Nga không có ý định tấn công ai.",
    }
    return Classification(**{**values, **changes})


def test_confirming_verifies_the_statement_and_classifies_the_claim(candidate, checker):
    wanted = classification()
    statement, changed = confirm_and_classify(
        statement=candidate,
        classification=wanted,
        claim_status=ReviewStatus.VERIFIED,
        user=checker,
        seen=seen(candidate),
        reason="Confirmed on the article's review page",
    )
    assert changed == ["topic", "stance", "summary", "summary_vi", "status"]
    assert statement.claim.summary == wanted.summary  # the statement comes back with its claim
    candidate.refresh_from_db()
    claim = Claim.objects.get(pk=candidate.claim_id)
    assert (candidate.status, candidate.reviewed_by) == (ReviewStatus.VERIFIED, checker)
    assert (claim.topic, claim.stance, claim.summary, claim.summary_vi) == (
        wanted.topic,
        wanted.stance,
        wanted.summary,
        wanted.summary_vi,
    )
    assert (claim.status, claim.reviewed_by) == (ReviewStatus.VERIFIED, checker)
    for record in (candidate, claim):
        latest = record.history.first()
        assert (latest.history_user, latest.history_change_reason) == (
            checker,
            "Confirmed on the article's review page",
        )


def test_a_claim_already_so_classified_gets_no_history_row(candidate, checker):
    claim = candidate.claim
    review(claim, ReviewStatus.VERIFIED, checker)
    rows = claim.history.count()
    same = Classification(
        topic=claim.topic, stance=claim.stance, summary=claim.summary, summary_vi=claim.summary_vi
    )
    _, changed = confirm_and_classify(
        statement=candidate,
        classification=same,
        claim_status=ReviewStatus.VERIFIED,
        user=checker,
        seen=seen(candidate),
        reason="Confirmed",
    )
    assert changed == [] and claim.history.count() == rows


def assert_unchanged(candidate: Statement, claim_before: dict) -> None:
    candidate.refresh_from_db()
    assert candidate.status == ReviewStatus.CANDIDATE and candidate.reviewed_by is None
    claim = Claim.objects.values(*claim_before).get(pk=candidate.claim_id)
    assert claim == claim_before


CLAIM_FIELDS = ("topic", "stance", "summary", "summary_vi", "status", "reviewed_by")


def test_a_claim_changed_since_the_page_was_shown_stops_both_saves(candidate, checker):
    shown = seen(candidate)
    colleague = FactCheckerFactory(username="minh")
    claim = Claim.objects.get(pk=candidate.claim_id)
    claim.summary = "Changed by a colleague."
    claim._history_user = colleague
    claim.save()
    before = Claim.objects.values(*CLAIM_FIELDS).get(pk=claim.pk)
    with pytest.raises(EditConflict) as conflict:
        confirm_and_classify(
            statement=candidate,
            classification=classification(),
            claim_status=ReviewStatus.VERIFIED,
            user=checker,
            seen=shown,
            reason="Confirmed",
        )
    assert f"Claim {claim.pk} was changed by minh at " in conflict.value.message
    assert "Nothing was saved" in conflict.value.message
    assert_unchanged(candidate, before)


def test_a_statement_reviewed_since_the_page_was_shown_stops_both_saves(candidate, checker):
    shown = seen(candidate)
    statement = Statement.objects.get(pk=candidate.pk)
    statement.mode = SpeechMode.INDIRECT if statement.mode == SpeechMode.DIRECT else SpeechMode.DIRECT
    statement.save()
    before = Claim.objects.values(*CLAIM_FIELDS).get(pk=candidate.claim_id)
    with pytest.raises(EditConflict, match=f"Statement {candidate.pk} was changed by someone"):
        confirm_and_classify(
            statement=candidate,
            classification=classification(),
            claim_status=ReviewStatus.VERIFIED,
            user=checker,
            seen=shown,
            reason="Confirmed",
        )
    assert_unchanged(candidate, before)


def test_an_invalid_classification_saves_nothing(candidate, checker):
    before = Claim.objects.values(*CLAIM_FIELDS).get(pk=candidate.claim_id)
    with pytest.raises(ValidationError):
        confirm_and_classify(
            statement=candidate,
            classification=classification(summary="", summary_vi=""),  # no summary in either language
            claim_status=ReviewStatus.VERIFIED,
            user=checker,
            seen=seen(candidate),
            reason="Confirmed",
        )
    with pytest.raises(ValidationError):
        confirm_and_classify(
            statement=candidate,
            classification=classification(),
            claim_status="published",
            user=checker,
            seen=seen(candidate),
            reason="Confirmed",
        )
    assert_unchanged(candidate, before)
