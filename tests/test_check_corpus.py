"""`check_corpus`: every fault the write paths cannot see is reported, and a sound corpus passes."""

from io import StringIO
from pathlib import Path

import pgtrigger
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db.models import F

from claims.choices import ContradictionKind, ContradictionStatus, Stance
from claims.models import Claim, Contradiction, Statement
from claims.services.corpus_checks import check_corpus
from tests.factories import AliasFactory, ClaimFactory, ContradictionFactory, StatementFactory

pytestmark = pytest.mark.django_db

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


def run() -> tuple[str, CommandError | None]:
    out = StringIO()
    try:
        call_command("check_corpus", stdout=out)
    except CommandError as exc:
        return out.getvalue(), exc
    return out.getvalue(), None


def test_a_sound_corpus_passes(corpus):
    assert check_corpus() == []
    output, error = run()
    assert error is None
    assert output.strip() == "corpus ok: 4 statements, 3 claims, 1 contradictions"


def test_a_statement_listed_under_another_speaker_than_its_claims_is_reported(corpus):
    statement, kremlin = corpus["statements"][0], corpus["speakers"][1]
    # Only a write with the triggers off can do this (as the corpus generator's load runs).
    with pgtrigger.ignore("claims.Statement:statement_speaker_on_update"):
        Statement.objects.filter(pk=statement.pk).update(speaker=kremlin)
    [problem] = check_corpus()
    assert problem.kind == "speaker"
    assert str(problem) == (
        f"speaker: statement {statement.pk} is listed under kremlin, "
        f"its claim {statement.claim_id}'s speaker is vladimir-putin"
    )


def test_a_quote_that_is_not_the_text_at_its_span_is_reported(corpus):
    statement = corpus["statements"][0]
    Statement.objects.filter(pk=statement.pk).update(start=F("start") + 1, end=F("end") + 1)
    [problem] = check_corpus()
    assert problem.kind == "span"
    assert f"statement {statement.pk} in article {statement.article.key}" in problem.message
    output, error = run()
    assert error is not None and "1 problem" in str(error)
    assert f"statement {statement.pk} " in output and "corpus ok" not in output


def test_a_span_past_the_end_of_the_body_is_reported(corpus):
    statement = corpus["statements"][0]
    Statement.objects.filter(pk=statement.pk).update(end=len(statement.article.body) + 5)
    [problem] = check_corpus()
    assert f"only {len(statement.article.body)} characters" in problem.message


def test_a_claim_without_statements_is_reported(corpus):
    orphan = ClaimFactory()
    [problem] = check_corpus()
    assert problem.kind == "claim" and orphan.key in problem.message
    assert run()[1] is not None


def test_a_spelling_two_speakers_share_is_reported(corpus):
    putin, kremlin, _ = corpus["speakers"]
    AliasFactory(speaker=kremlin, name="Điện kremlin")  # one speaker, two spellings: fine
    assert check_corpus() == []
    # Another speaker's alias is refused by the database (SpeakerAlias's constraint); its name is not.
    AliasFactory(speaker=putin, name="KREMLIN")  # folds to another speaker's name
    [problem] = check_corpus()
    assert problem.kind == "alias"
    assert "'kremlin'" in problem.message and "kremlin ('Kremlin')" in problem.message
    assert "vladimir-putin" in problem.message
    assert run()[1] is not None


def test_an_opposing_contradiction_across_topics_is_reported(corpus):
    demand, threat, _ = corpus["claims"]  # Putin supports (NATO topic), Biden supports (sanctions)
    against = ClaimFactory(speaker=threat.speaker, topic=threat.topic, stance=Stance.OPPOSES)
    StatementFactory(claim=against, article=corpus["articles"][0], quote="Hội đàm")
    assert check_corpus() == []  # detection paired it with Biden's own claim: a reversal, sound
    assert Contradiction.objects.filter(kind=ContradictionKind.REVERSAL).count() == 1
    wrong = ContradictionFactory(claim_a=demand, claim_b=against, kind=ContradictionKind.OPPOSING)
    [problem] = check_corpus()
    assert problem.kind == "contradiction"
    assert f"contradiction {wrong.pk}:" in problem.message and "different topics" in problem.message
    assert run()[1] is not None


def test_stances_that_are_no_longer_opposite_are_reported_unless_dismissed(corpus):
    _, _, denial = corpus["claims"]
    Claim.objects.filter(pk=denial.pk).update(stance=Stance.NEUTRAL)  # no signal, no validation
    [problem] = check_corpus()
    assert "not opposite" in problem.message
    Contradiction.objects.update(status=ContradictionStatus.DISMISSED)
    assert check_corpus() == []


def test_a_reversal_between_two_speakers_is_reported(corpus):
    Contradiction.objects.update(kind=ContradictionKind.REVERSAL)
    [problem] = check_corpus()
    assert "different speakers" in problem.message


def curated_statements_exist() -> bool:
    return any('claims.statement"' in p.read_text(encoding="utf-8") for p in FIXTURES.glob("*.json"))


@pytest.mark.skipif(not curated_statements_exist(), reason="no curated statements in fixtures/ yet")
def test_the_curated_corpus_passes():
    call_command("seed", stdout=StringIO())
    output, error = run()
    assert error is None, output
    assert output.startswith("corpus ok: ")
    assert Statement.objects.exists()
