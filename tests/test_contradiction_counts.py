"""Each claim's count of standing contradictions (claims/triggers.py): whoever writes, it is the
number of contradictions naming the claim that are not dismissed, and `has_contradictions`
lists by it for fact-checkers (the public's is tests/api/test_publishing.py's)."""

import threading

import pgtrigger
import pytest
from django.core import serializers
from django.db import close_old_connections, connection, transaction

from claims.choices import ContradictionKind, ContradictionStatus
from claims.fixtures import load_fixture
from claims.models import Claim, Contradiction
from claims.services.corpus_checks import check_corpus, contradiction_counts_out_of_step
from claims.services.review import review_contradiction
from tests.factories import ClaimFactory, ContradictionFactory, StatementFactory
from tests.test_statement_speaker import waiting_for_a_lock

pytestmark = pytest.mark.django_db
V1 = "/api/v1"


def counts(*claims: Claim) -> list[int]:
    stored = dict(Claim.objects.values_list("pk", "standing_contradictions"))
    return [stored[claim.pk] for claim in claims]


def listed(api, has_contradictions: str) -> set[int]:
    response = api.get(f"{V1}/claims/", {"has_contradictions": has_contradictions, "page_size": 200})
    assert response.status_code == 200
    return {row["id"] for row in response.json()["results"]}


def test_a_contradiction_counts_on_both_claims_until_it_is_dismissed(fc_api):
    a, b, alone = ClaimFactory(), ClaimFactory(), ClaimFactory()
    contradiction = ContradictionFactory(claim_a=a, claim_b=b)
    assert counts(a, b, alone) == [1, 1, 0]
    assert listed(fc_api, "true") == {a.pk, b.pk}
    assert listed(fc_api, "false") == {alone.pk}

    review_contradiction(contradiction, ContradictionStatus.CONFIRMED, None)
    assert counts(a, b) == [1, 1]
    review_contradiction(contradiction, ContradictionStatus.DISMISSED, None)
    assert counts(a, b) == [0, 0]
    assert listed(fc_api, "true") == set()
    review_contradiction(contradiction, ContradictionStatus.SUSPECTED, None)
    assert counts(a, b) == [1, 1]

    ContradictionFactory(claim_a=a, claim_b=alone)
    assert counts(a, b, alone) == [2, 1, 1]
    contradiction.delete()
    assert counts(a, b, alone) == [1, 0, 1]
    assert listed(fc_api, "false") == {b.pk}


def test_a_discrepancy_within_one_claim_counts_once():
    claim = ClaimFactory()
    first, second = StatementFactory(claim=claim), StatementFactory(claim=claim)
    Contradiction.objects.create(
        claim_a=claim,
        claim_b=claim,
        statement_a=first,
        statement_b=second,
        kind=ContradictionKind.DISCREPANCY,
    )
    assert counts(claim) == [1]


def test_a_contradiction_moved_to_another_claim_moves_its_count():
    a, b, c = ClaimFactory(), ClaimFactory(), ClaimFactory()
    contradiction = ContradictionFactory(claim_a=a, claim_b=b)
    # A queryset's update, which no model's save() sees, too.
    Contradiction.objects.filter(pk=contradiction.pk).update(claim_b=c)
    assert counts(a, b, c) == [1, 0, 1]
    Contradiction.objects.filter(pk=contradiction.pk).update(status=ContradictionStatus.DISMISSED, claim_a=b)
    assert counts(a, b, c) == [0, 0, 0]


def test_no_writer_of_the_claim_can_store_another_count():
    claim = ClaimFactory()
    stale = Claim.objects.get(pk=claim.pk)  # read before the contradiction: it holds 0
    ContradictionFactory(claim_a=claim)
    stale.summary = "Edited."
    stale.save()
    Claim.objects.filter(pk=claim.pk).update(standing_contradictions=7)
    assert counts(claim) == [1]
    assert Claim.objects.get(pk=claim.pk).summary == "Edited."


def test_a_claim_written_after_its_contradiction_counts_it():
    # Foreign keys are checked at commit, so a fixture may list a contradiction before a claim.
    other = ClaimFactory()
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence('claims_claim', 'id'))")
        future = cursor.fetchone()[0]
    with transaction.atomic():
        ContradictionFactory(claim_a=other, claim_b_id=future)
        claim = ClaimFactory(id=future, topic=other.topic)
    assert counts(claim, other) == [1, 1]


def test_a_fixture_of_claims_loaded_again_keeps_the_counts(tmp_path):
    contradiction = ContradictionFactory()
    claims = [contradiction.claim_a, contradiction.claim_b]
    path = tmp_path / "claims.json"
    path.write_text(serializers.serialize("json", claims, use_natural_foreign_keys=True))
    load_fixture(path)
    assert counts(*claims) == [1, 1]


def test_the_count_makes_no_history():
    contradiction = ContradictionFactory()
    assert contradiction.claim_a.history.count() == 1  # its creation only
    assert "standing_contradictions" not in {f.name for f in Claim.history.model._meta.fields}


@pytest.mark.django_db(transaction=True)
def test_contradictions_written_at_once_on_one_claim_are_both_counted():
    shared, first, second = ClaimFactory(), ClaimFactory(), ClaimFactory()
    errors: list[BaseException] = []

    def record():
        try:
            ContradictionFactory(claim_a=shared, claim_b=second)
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)
        finally:
            close_old_connections()

    with transaction.atomic():
        ContradictionFactory(claim_a=shared, claim_b=first)
        writer = threading.Thread(target=record)
        writer.start()
        # The other writer's count of the shared claim waits for this one to commit, then adds to it.
        assert waiting_for_a_lock(), "the second contradiction was counted without waiting"
    writer.join()
    assert errors == []
    assert counts(shared, first, second) == [2, 1, 1]


def test_a_count_out_of_step_is_reported():
    contradiction = ContradictionFactory()
    claim = contradiction.claim_a
    assert contradiction_counts_out_of_step() == []
    with pgtrigger.ignore("claims.Claim:claim_contradictions_kept_on_update"):
        Claim.objects.filter(pk=claim.pk).update(standing_contradictions=0)
    message = f"claim: claim {claim.pk} ({claim.key}) is counted in 0 standing contradictions, it is in 1"
    assert [str(problem) for problem in contradiction_counts_out_of_step()] == [message]
    assert message in {str(problem) for problem in check_corpus()}
