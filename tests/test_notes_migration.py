"""The single `note` of statements and contradictions becomes the first note of their threads, with
the author and time their history gives."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from claims.models import Note
from tests.factories import ContradictionFactory, StatementFactory

pytestmark = pytest.mark.django_db

BEFORE = [("claims", "0024_translatable_names")]


def migrate(targets) -> None:
    # Rows written in this test's transaction leave deferred foreign-key checks pending, and
    # PostgreSQL alters no table with checks pending: run them first.
    connection.check_constraints()
    MigrationExecutor(connection).migrate(targets)


def test_each_note_becomes_the_first_note_of_its_thread(django_user_model):
    alice = django_user_model.objects.create(username="alice")
    statement, unknown = StatementFactory(), StatementFactory(quote="Nhà Trắng")
    reviewed = ContradictionFactory()
    detected = ContradictionFactory(detected_by="detector")
    detected_in_vietnamese = ContradictionFactory(detected_by="detector")
    migrate(BEFORE)
    old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
    Statement, Contradiction = old.get_model("claims", "Statement"), old.get_model("claims", "Contradiction")
    history = old.get_model("claims", "HistoricalContradiction")
    # The contradiction's note as a detector wrote it, then as Alice rewrote it a day later.
    noted = timezone.now() - dt.timedelta(days=1)
    first = history.objects.get(id=reviewed.pk)
    history.objects.filter(pk=first.pk).update(
        note="Opposite stances on the same topic.", history_date=noted - dt.timedelta(days=1)
    )
    first.pk, first.note, first.history_type = None, "Different meetings.", "~"
    first.history_user_id, first.history_date = alice.pk, noted
    first.save()
    Contradiction.objects.filter(pk=reviewed.pk).update(note="Different meetings.")
    Contradiction.objects.filter(pk=detected.pk).update(note="Opposite stances on the same topic.")
    Contradiction.objects.filter(pk=detected_in_vietnamese.pk).update(
        note="Lập trường đối lập về cùng một chủ đề."
    )
    # A statement's note written without a history row: no author known.
    Statement.objects.filter(pk=statement.pk).update(note=" Checked against the video.\n")
    Statement.objects.filter(pk=unknown.pk).update(note="")

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    (carried,) = Note.objects.filter(contradiction=reviewed.pk)
    assert (carried.text, carried.author_id, carried.author_name, carried.created_at) == (
        "Different meetings.", alice.pk, "alice", noted,
    )  # fmt: skip
    # `detected_by` says it already, in either language the detector wrote it in.
    assert not Note.objects.filter(contradiction__in=[detected.pk, detected_in_vietnamese.pk]).exists()
    (checked,) = Note.objects.filter(statement=statement.pk)
    assert (checked.text, checked.author, checked.author_name) == ("Checked against the video.", None, "")
    assert not Note.objects.filter(statement=unknown.pk).exists()
