"""A statement's copy of its claim's speaker (claims/triggers.py): whoever writes, it is the claim's."""

import threading
import time

import pytest
from django.core import serializers
from django.db import close_old_connections, connection, transaction

from claims.fixtures import load_fixture
from claims.models import Claim, Statement
from claims.services.review import review
from claims.services.statements import update_statement
from tests.factories import ClaimFactory, SpeakerFactory, StatementFactory

pytestmark = pytest.mark.django_db
V1 = "/api/v1"


def stored_speaker(statement: Statement) -> int:
    return Statement.objects.values_list("speaker_id", flat=True).get(pk=statement.pk)


def listed(api, slug: str) -> list[int]:
    response = api.get(f"{V1}/statements/", {"speaker": slug})
    assert response.status_code == 200
    return [row["id"] for row in response.json()["results"]]


def test_a_new_statement_takes_its_claims_speaker():
    putin = SpeakerFactory()
    statement = StatementFactory(claim=ClaimFactory(speaker=putin))
    # Read back from the insert: the instance knows it without another query.
    assert statement.speaker_id == putin.id == stored_speaker(statement)


def test_statements_follow_a_change_of_their_claims_speaker(fc_api):
    kremlin, putin = SpeakerFactory(slug="kremlin"), SpeakerFactory(slug="vladimir-putin")
    claim = ClaimFactory(speaker=kremlin)
    statements = [StatementFactory(claim=claim) for _ in range(2)]
    other = StatementFactory(claim=ClaimFactory(speaker=kremlin))

    response = fc_api.patch(f"{V1}/claims/{claim.id}/", {"speaker": "vladimir-putin"}, format="json")
    assert response.status_code == 200, response.content
    assert listed(fc_api, "vladimir-putin") == [s.id for s in reversed(statements)]
    assert listed(fc_api, "kremlin") == [other.id]

    # A queryset's update, which no model's save() sees, too.
    Claim.objects.filter(speaker=putin).update(speaker=kremlin)
    assert listed(fc_api, "vladimir-putin") == []
    assert {stored_speaker(s) for s in [*statements, other]} == {kremlin.id}


def test_a_statement_moved_to_another_claim_takes_that_claims_speaker():
    statement = StatementFactory()
    elsewhere = ClaimFactory()
    update_statement(statement, {"claim": elsewhere})
    assert stored_speaker(statement) == elsewhere.speaker_id


def test_no_writer_can_store_another_speaker():
    statement = StatementFactory()
    stranger = SpeakerFactory()
    Statement.objects.filter(pk=statement.pk).update(speaker_id=stranger.id)
    assert stored_speaker(statement) == statement.claim.speaker_id
    statement.speaker_id = stranger.id
    statement.save()
    assert stored_speaker(statement) == statement.claim.speaker_id


def test_the_copy_makes_no_history_of_its_own():
    statement = StatementFactory()
    claim = statement.claim
    claim.speaker = SpeakerFactory()
    claim.save()
    assert statement.history.count() == 1  # its creation only; the claim's history has the change
    assert claim.history.count() == 2
    assert "speaker" not in {f.name for f in Statement.history.model._meta.fields}


def test_a_fixture_loaded_again_changes_nothing(tmp_path):
    statement = StatementFactory()
    path = tmp_path / "statements.json"
    path.write_text(serializers.serialize("json", [statement], use_natural_foreign_keys=True))
    assert load_fixture(path) == {"unchanged": 1}


@pytest.mark.django_db(transaction=True)
def test_a_statement_written_while_its_claims_speaker_changes_gets_the_new_speaker():
    claim = ClaimFactory()
    article = StatementFactory(claim=claim).article
    new_speaker = SpeakerFactory()
    written: list[Statement] = []
    errors: list[BaseException] = []

    def write_statement():
        try:
            quote = "Nhà Trắng cho biết"
            written.append(Statement.objects.create(
                claim_id=claim.id, article=article, quote=quote, start=article.body.index(quote),
                end=article.body.index(quote) + len(quote), mode="direct",
            ))  # fmt: skip
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)
        finally:
            close_old_connections()

    with transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(speaker=new_speaker)
        writer = threading.Thread(target=write_statement)
        writer.start()
        # The writer's insert waits for this change of speaker to commit.
        assert waiting_for_a_lock(), "the statement was written without waiting for the claim"
    writer.join()
    assert errors == []
    assert stored_speaker(written[0]) == new_speaker.id


@pytest.mark.django_db(transaction=True)
def test_reviewing_a_statement_does_not_wait_for_an_edit_of_its_claim():
    statement = StatementFactory(status="candidate")
    errors: list[BaseException] = []

    def verify():
        try:
            review(Statement.objects.get(pk=statement.pk), "verified", None)
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)
        finally:
            close_old_connections()

    with transaction.atomic():
        # An edit of the claim holds its row until it commits, as a change of its speaker would:
        # a review that locked the claim too could deadlock with that change's update of it.
        Claim.objects.filter(pk=statement.claim_id).update(summary="Edited.")
        reviewer = threading.Thread(target=verify)
        reviewer.start()
        reviewer.join(timeout=5)
        assert not reviewer.is_alive(), "the review waited for the claim"
    assert errors == []
    assert Statement.objects.get(pk=statement.pk).status == "verified"


def waiting_for_a_lock(timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT pg_stat_clear_snapshot()")  # else read once per transaction
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.02)
    return False
