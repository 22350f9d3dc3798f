"""export_corpus and import_corpus round-trip the database: the API answers the same afterwards."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from claims.models import Claim, Contradiction, Statement
from claims.services.notes import add_note
from sources.models import Article

pytestmark = pytest.mark.django_db

PAGES = [
    "/api/v1/claims/", "/api/v1/statements/", "/api/v1/contradictions/", "/api/v1/speakers/",
    "/api/v1/articles/", "/api/v1/outlets/", "/api/v1/topics/", "/api/v1/events/",
]  # fmt: skip


def answers(api, corpus):
    pages = {path: api.get(path, {"page_size": 200}).json() for path in PAGES}
    demand = corpus["claims"][0]
    for suffix in ("", "attribution/", "contradictions/", "claimreview/"):
        pages[suffix] = api.get(f"/api/v1/claims/{demand.id}/{suffix}").content
    pages["article"] = api.get("/api/v1/articles/000_early/").json()
    # Searches read the stored folds, which a backup leaves to the database to compute again.
    for q in ("edited through", "dam bao"):
        pages[q] = api.get("/api/v1/claims/", {"q": q}).json()
        pages[f"statements {q}"] = api.get("/api/v1/statements/", {"q": q}).json()
    return pages


def test_round_trip_gives_identical_answers(api, fc_api, fact_checker, corpus, tmp_path):
    demand = corpus["claims"][0]
    fc_api.put(
        f"/api/v1/claims/{demand.id}/verdict/",
        {"rating": "true", "textual_rating": "Accurate"},
        format="json",
    )
    fc_api.patch(f"/api/v1/claims/{demand.id}/", {"summary": "Edited through the API."}, format="json")
    fc_api.post(f"/api/v1/claims/{demand.id}/notes/", {"text": "Checked against the readout."}, format="json")
    before = answers(api, corpus)
    # What fact-checkers read, notes included (signed in without the token, which no backup holds).
    checker = APIClient()
    checker.force_authenticate(fact_checker)
    notes_before = checker.get(f"/api/v1/claims/{demand.id}/").json()["notes"]
    assert [n["text"] for n in notes_before] == ["Checked against the readout."]
    history_before = Claim.history.count()
    backup = tmp_path / "corpus.json"
    call_command("export_corpus", backup, stdout=StringIO())

    call_command("import_corpus", backup, "--replace", stdout=StringIO())

    assert "_folded" not in backup.read_text(encoding="utf-8")
    assert before["edited through"]["results"] and before["statements dam bao"]["results"]
    assert answers(api, corpus) == before
    assert checker.get(f"/api/v1/claims/{demand.id}/").json()["notes"] == notes_before
    assert Claim.history.count() == history_before
    # New rows get fresh ids after the restored ones.
    assert Claim.objects.create(
        speaker=demand.speaker, topic=demand.topic, stance="neutral", summary="n"
    ).id > max(c.id for c in corpus["claims"])


def test_restore_refuses_to_overwrite_without_replace(corpus, tmp_path):
    backup = tmp_path / "corpus.json"
    call_command("export_corpus", backup, stdout=StringIO())
    counts = (Article.objects.count(), Statement.objects.count(), Contradiction.objects.count())
    with pytest.raises(CommandError, match="already holds"):
        call_command("import_corpus", backup, stdout=StringIO())
    assert (Article.objects.count(), Statement.objects.count(), Contradiction.objects.count()) == counts


# --- Whole backups: every row of every table in the backup, after a restore into a fresh database.

COPIED_APPS = ("sources", "claims", "summit")
# Operational: rewritten on every request and worthless in another database.
OPERATIONAL = {"summit.RequestCount", "summit.RecentWrite"}


def backed_up_models():
    """The backup's tables, listed here independently of core.backup: users and groups, and
    every model (history included) of the project's own apps but its operational ones."""
    from django.apps import apps

    found = [apps.get_model("auth.Group"), apps.get_model("auth.User")]
    for label in COPIED_APPS:
        # A proxy's rows are its concrete model's, copied once under that model's name.
        found += [
            m
            for m in apps.get_app_config(label).get_models()
            if m._meta.label not in OPERATIONAL and not m._meta.proxy
        ]
    return found


def every_row():
    from django.contrib.auth.models import Group, User

    rows = {m._meta.label: list(m._default_manager.order_by("pk").values()) for m in backed_up_models()}
    # Memberships and permissions by name: a fresh database numbers its permissions its own way.
    permission = (
        "permission__codename",
        "permission__content_type__app_label",
        "permission__content_type__model",
    )
    rows["user groups"] = list(
        User.groups.through.objects.order_by("user", "group").values_list("user", "group")
    )
    rows["user permissions"] = sorted(User.user_permissions.through.objects.values_list("user", *permission))
    rows["group permissions"] = sorted(Group.permissions.through.objects.values_list("group", *permission))
    return rows


@pytest.fixture
def tangled(corpus, fact_checker):
    """References that point forward (to rows made after the row naming them) and in cycles,
    history rows naming rows since deleted, and a user with groups and permissions of their own."""
    from django.contrib.auth.models import Permission

    from claims.models import Speaker, Verdict
    from tests.factories import (
        AliasFactory,
        ClaimFactory,
        ContradictionFactory,
        SpeakerFactory,
        StatementFactory,
        UserFactory,
        ViaFactory,
    )

    putin, kremlin, biden = corpus["speakers"]
    demand, threat, denial = corpus["claims"]
    in_early, in_late, _ = corpus["statements"]
    # A cycle: Putin speaks for the Kremlin, which was made after him, and the Kremlin for Putin.
    putin.affiliation = kremlin
    putin.save()
    kremlin.affiliation = putin
    kremlin.save()
    # A chain of speakers, each affiliated to one made after it.
    first, second, third = SpeakerFactory(), SpeakerFactory(), SpeakerFactory()
    first.affiliation, second.affiliation = second, third
    first.save()
    second.save()
    # Rows naming a later claim, a later statement and a later speaker.
    later_claim = ClaimFactory(speaker=third, topic=demand.topic, summary="Made after its statement.")
    moved = StatementFactory(claim=threat, article=in_early.article, quote="Hội đàm", mode="direct")
    moved.claim = later_claim
    moved.save()
    contradiction = ContradictionFactory(claim_a=demand, claim_b=threat)
    contradiction.claim_b = later_claim
    contradiction.save()
    add_note(contradiction, text="Made before one of its claims.")
    later_statement = StatementFactory(
        claim=denial, article=in_late.article, quote="Thượng đỉnh", mode="direct"
    )
    discrepancy = ContradictionFactory(
        kind="discrepancy", claim_a=demand, claim_b=demand, statement_a=in_early, statement_b=in_late
    )
    discrepancy.claim_b, discrepancy.statement_b = denial, later_statement
    discrepancy.save()
    ViaFactory(statement=in_early, position=0, outlet=None, speaker=SpeakerFactory(slug="later-relay"))
    Verdict.objects.create(
        claim=later_claim,
        rating="false",
        textual_rating="False",
        reviewer=fact_checker,
        reviewed_on="2021-12-10",
    )
    # History naming a speaker and a user that are gone.
    gone = SpeakerFactory(slug="gone", affiliation=third)
    AliasFactory(speaker=gone, name="Người đã xoá")
    Speaker.objects.filter(pk=gone.pk).delete()
    stamped = ClaimFactory(speaker=biden, topic=demand.topic, created_by=UserFactory(username="left"))
    stamped.created_by.delete()
    # A user holding permissions of their own as well as a group's.
    fact_checker.user_permissions.add(Permission.objects.get(codename="view_article"))
    return corpus


@pytest.mark.django_db(transaction=True)
def test_restore_into_a_fresh_database_gives_back_every_row(tangled, tmp_path):
    before = every_row()
    assert before["claims.Speaker"] and before["claims.HistoricalSpeaker"] and before["user permissions"]
    backup = tmp_path / "corpus.json"
    call_command("export_corpus", backup, stdout=StringIO())
    # A fresh database: every table emptied, content types and permissions made again.
    call_command("flush", "--no-input")

    call_command("import_corpus", backup, stdout=StringIO())

    after = every_row()
    assert after.keys() == before.keys()
    for table, rows in before.items():
        assert after[table] == rows, table


@pytest.mark.django_db(transaction=True)
def test_restore_with_replace_gives_back_every_row(tangled, tmp_path):
    from django.contrib.auth.models import User

    from tests.factories import SpeakerFactory

    before = every_row()
    backup = tmp_path / "corpus.json"
    call_command("export_corpus", backup, stdout=StringIO())
    SpeakerFactory(slug="made-after-the-backup", affiliation=tangled["speakers"][0])
    User.objects.create(username="joined-after-the-backup")

    call_command("import_corpus", backup, "--replace", stdout=StringIO())

    after = every_row()
    for table, rows in before.items():
        assert after[table] == rows, table


@pytest.mark.django_db(transaction=True)
def test_rows_made_after_a_restore_get_fresh_ids(tangled, tmp_path):
    from django.db import connection

    from tests.factories import ClaimFactory, SpeakerFactory, UserFactory

    backup = tmp_path / "corpus.json"
    call_command("export_corpus", backup, stdout=StringIO())
    highest = {
        m: m._default_manager.order_by("-pk").values_list("pk", flat=True).first() for m in backed_up_models()
    }
    call_command("flush", "--no-input")  # which restarts every sequence at 1
    call_command("import_corpus", backup, stdout=StringIO())

    speaker = SpeakerFactory()
    claim = ClaimFactory(speaker=speaker)
    user = UserFactory(username="after-the-restore")
    assert speaker.pk > highest[speaker._meta.model] and claim.pk > highest[claim._meta.model]
    assert user.pk > highest[user._meta.model]
    # Not even a deleted row's id: the new speaker would inherit the deleted one's history.
    assert speaker.history.count() == 1 and speaker.history.get().pk > highest[speaker.history.model]
    # And every other table of the backup: its sequence's next value is past the restored ids.
    with connection.cursor() as cursor:
        for model, top in highest.items():
            if top is None or not isinstance(top, int):
                continue
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s))",
                [model._meta.db_table, model._meta.pk.column],
            )
            assert cursor.fetchone()[0] > top, model._meta.label


def test_export_reads_each_table_once_whatever_its_size(corpus, fact_checker, tmp_path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import FactCheckerFactory, StatementFactory, ViaFactory

    def queries():
        with CaptureQueriesContext(connection) as captured:
            call_command("export_corpus", tmp_path / "corpus.json", stdout=StringIO())
        return len(captured)

    few = queries()
    for n in range(5):
        FactCheckerFactory(username=f"checker-{n}").user_permissions.set(
            fact_checker.groups.get().permissions.all()
        )
        ViaFactory(statement=StatementFactory(), speaker=corpus["speakers"][n % 3], outlet=None)

    # Per table: its rows and its sequence; users and groups: their memberships and permissions.
    assert few < 3 * len(backed_up_models())
    assert queries() == few


def test_operational_tables_and_tokens_stay_out(corpus, fact_checker, tmp_path):
    import datetime as dt

    from axes.models import AccessAttempt
    from django.contrib.admin.models import ADDITION, LogEntry
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from core.models import RequestCount

    token = Token.objects.create(user=fact_checker)
    Session.objects.create(
        session_key="k" * 32, session_data="e30", expire_date=timezone.now() + dt.timedelta(days=1)
    )
    RequestCount.objects.create(key="anon:127.0.0.1", window=1, count=3, expires=0)
    AccessAttempt.objects.create(username="checker", ip_address="127.0.0.1", failures_since_start=2)
    LogEntry.objects.create(user=fact_checker, action_flag=ADDITION, object_repr="x")
    backup = tmp_path / "corpus.json"

    call_command("export_corpus", backup, stdout=StringIO())

    text = backup.read_text(encoding="utf-8")
    for label in ("authtoken.", "sessions.", "summit.requestcount", "axes.", "admin.logentry"):
        assert f'"{label}' not in text.lower()
    assert token.key not in text and "k" * 32 not in text


@pytest.mark.django_db(transaction=True)
def test_a_backup_of_the_first_format_restores_whole(tangled, tmp_path):
    """The first format: the rows alone, other rows named by natural key, generated columns included."""
    import json

    from django.core import serializers

    tangled_rows = every_row()
    del tangled_rows["claims.HistoricalSpeakerAlias"], tangled_rows["claims.HistoricalSpeaker"]
    del tangled_rows["claims.HistoricalClaim"]  # the first format cannot hold history naming deleted rows
    from claims.models import HistoricalClaim, HistoricalSpeaker, HistoricalSpeakerAlias

    skipped = {HistoricalClaim, HistoricalSpeaker, HistoricalSpeakerAlias}
    objects = (
        obj for m in backed_up_models() if m not in skipped for obj in m._default_manager.order_by("pk")
    )
    rows = serializers.serialize("python", objects, use_natural_foreign_keys=True)
    backup = tmp_path / "corpus.json"
    backup.write_text(json.dumps(rows, default=str, ensure_ascii=False), encoding="utf-8")
    call_command("flush", "--no-input")

    call_command("import_corpus", backup, stdout=StringIO())

    after = every_row()
    for table, rows in tangled_rows.items():
        assert after[table] == rows, table


def edited(backup, change):
    import json

    content = json.loads(backup.read_text(encoding="utf-8"))
    change(content)
    backup.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")


def renamed_column(content):
    content["schema"]["claims.speaker"]["title"] = content["schema"]["claims.speaker"].pop("role")
    for row in content["objects"]:
        if row["model"] == "claims.speaker":
            row["fields"]["title"] = row["fields"].pop("role")


def dropped_table(content):
    del content["schema"]["claims.topic"]
    content["objects"] = [row for row in content["objects"] if row["model"] != "claims.topic"]


def unknown_table(content):
    content["schema"]["claims.rumour"] = {"id": "BigAutoField", "text": "TextField"}


def retyped_column(content):
    content["schema"]["claims.claim"]["said_on"] = "DateTimeField"


def row_without_a_column(content):
    next(row for row in content["objects"] if row["model"] == "claims.claim")["fields"].pop("stance")


def unknown_permission(content):
    group = next(row for row in content["objects"] if row["model"] == "auth.group")
    group["fields"]["permissions"].append(["publish_rumour", "claims", "rumour"])


def dangling_reference(content):
    next(row for row in content["objects"] if row["model"] == "claims.speaker")["fields"]["affiliation"] = (
        999999
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            renamed_column,
            r"claims.speaker: columns missing from the backup: role; columns this database lacks: title",
        ),
        (dropped_table, r"tables this database has and the backup lacks: claims.topic"),
        (unknown_table, r"tables the backup has and this database lacks: claims.rumour"),
        (retyped_column, r"claims.claim: columns of another type: said_on \(DateTimeField → DateField\)"),
        (
            row_without_a_column,
            r"\(claims.claim \d+\) does not match this database's schema: columns missing from it: stance",
        ),
        (unknown_permission, r"permissions this database does not have: claims.publish_rumour \(rumour\)"),
        (dangling_reference, r"does not load, nothing was changed: .*claims_speaker"),
        (lambda content: content.pop("schema"), r"does not state its schema"),
        (lambda content: content.update(version=3), r"format version 3; this version reads version 2"),
    ],
)
@pytest.mark.parametrize("replace", [True, False])
def test_restore_refuses_a_backup_that_does_not_fit_and_changes_nothing(
    tangled, fact_checker, tmp_path, change, message, replace
):

    backup = tmp_path / "corpus.json"
    call_command("export_corpus", backup, stdout=StringIO())
    edited(backup, change)
    if not replace:
        # A database holding nothing the backup would bring: the check comes first all the same.
        for model in reversed(backed_up_models()):
            model._default_manager.all().delete()
    before = every_row()

    with pytest.raises(CommandError, match=message):
        call_command("import_corpus", backup, *(["--replace"] if replace else []), stdout=StringIO())

    assert every_row() == before


def test_restore_refuses_a_file_that_is_not_a_backup(corpus, tmp_path):
    before = every_row()
    for text in ("not json", '{"objects": []}', "[1, 2]", ""):
        backup = tmp_path / "corpus.json"
        backup.write_text(text, encoding="utf-8")
        with pytest.raises(
            CommandError, match=r"not a backup written by export_corpus|not a row of this database"
        ):
            call_command("import_corpus", backup, "--replace", stdout=StringIO())
    assert every_row() == before


def test_after_a_restore_fact_checkers_get_new_tokens(corpus, fact_checker, tmp_path):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    old = Token.objects.create(user=fact_checker).key
    backup = tmp_path / "corpus.json"
    call_command("export_corpus", backup, stdout=StringIO())
    call_command("import_corpus", backup, "--replace", stdout=StringIO())
    client = APIClient()
    claim = f"/api/v1/claims/{corpus['claims'][0].id}/"

    client.credentials(HTTP_AUTHORIZATION=f"Token {old}")
    assert client.patch(claim, {"summary": "With the old token."}, format="json").status_code == 401
    printed = StringIO()
    call_command("create_factchecker", "checker", stdout=printed)
    client.credentials(HTTP_AUTHORIZATION=f"Token {printed.getvalue().split()[-1]}")
    assert client.patch(claim, {"summary": "With a new token."}, format="json").status_code == 200
