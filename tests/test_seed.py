"""`manage.py seed`: the five articles with their exact text, created once; people's work survives it."""

import json
import re
import shutil
import unicodedata
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from claims.fixtures import fixture_entries
from claims.models import Claim, Contradiction, Note, Speaker, SpeakerAlias, Statement, StatementVia, Topic
from sources.models import Article, Outlet
from tests.admin.postdata import change_form_data
from tests.factories import FactCheckerFactory

SEEDS = sorted((Path(settings.BASE_DIR) / "seeds").glob("*.txt"))
FIXTURES = Path(settings.BASE_DIR) / "fixtures"
SEEDED = [Outlet, Article, Speaker, SpeakerAlias, Topic, Claim, Statement, StatementVia, Contradiction, Note]
V1 = "/api/v1"
pytestmark = pytest.mark.django_db

DEMAND = "putin-demands-legal-guarantees-against-nato-expansion"
PROMISE = "putin-nato-broke-promise-not-to-expand"
TALKS = "putin-calls-for-meaningful-negotiations"
DEFENSIVE = ("biden-russian-troop-movements-threatening", "kremlin-border-forces-defensive")


def seed(*args, **options) -> str:
    out = StringIO()
    call_command("seed", *args, stdout=out, **options)
    return out.getvalue()


def snapshot():
    """Every row of the seeded models with all its values, and every history row."""
    rows = {m.__name__: sorted(m._default_manager.values_list(), key=repr) for m in SEEDED}
    history = {m.__name__: m.history.count() for m in SEEDED}
    return rows, history


def contradiction(a: str, b: str) -> Contradiction:
    return Contradiction.objects.get(claim_a__key__in=[a, b], claim_b__key__in=[a, b])


@pytest.fixture
def anna(client):
    """A fact-checker with a staff account, logged in to the admin."""
    user = FactCheckerFactory(username="anna", is_staff=True)
    client.force_login(user)
    return client


def admin_edit(client, model, pk: int, **changes):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[pk])
    data = change_form_data(client.get(url))
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


def edit_seeded_records(fc_api, anna) -> dict:
    """What fact-checkers do to the seeded corpus, each as they do it: through the API and the admin."""
    demand = Claim.objects.get(key=DEMAND)
    promise = Claim.objects.get(key=PROMISE)
    talks = Claim.objects.get(key=TALKS)
    pair = contradiction(*DEFENSIVE)
    statement = demand.statements.order_by("start")[0]
    calls = [
        fc_api.patch(f"{V1}/claims/{demand.id}/", {"summary": "Corrected summary."}, format="json"),
        fc_api.post(f"{V1}/claims/{promise.id}/review/", {"status": "rejected"}, format="json"),
        fc_api.patch(f"{V1}/claims/{talks.id}/", {"key": "putin-wants-real-talks"}, format="json"),
        fc_api.post(
            f"{V1}/contradictions/{pair.id}/review/",
            {"status": "dismissed", "note": "Different time frames."},
            format="json",
        ),
        fc_api.patch(f"{V1}/statements/{statement.id}/", {"mode": "direct"}, format="json"),
        fc_api.post(
            f"{V1}/statements/{statement.id}/notes/", {"text": "Checked against the video."}, format="json"
        ),
        fc_api.patch(f"{V1}/articles/000_12f5a146de662289/", {"byline": "Hà Anh"}, format="json"),
    ]
    assert [c.status_code for c in calls] == [200, 200, 200, 200, 200, 201, 200], [
        c.content[:300] for c in calls
    ]
    admin_edit(anna, Speaker, Speaker.objects.get(slug="kremlin").pk, role="Edited in the admin.")
    admin_edit(anna, Topic, Topic.objects.get(slug="nato-eastward-expansion").pk, name_vi="Sửa trong admin")
    # A statement deleted on purpose: one no discrepancy names, with no intermediaries.
    named = Contradiction.objects.values_list("statement_a", "statement_b")
    ids = {i for pair in named for i in pair if i}
    doomed = Statement.objects.exclude(pk__in=ids).filter(via=None, notes=None).order_by("pk").first()
    assert doomed is not None
    assert fc_api.delete(f"{V1}/statements/{doomed.id}/").status_code == 204
    return {
        "demand": demand, "promise": promise, "talks": talks, "pair": pair, "statement": statement, "doomed": doomed,
    }  # fmt: skip


def test_seed_loads_the_five_articles_with_their_exact_text():
    seed()
    assert len(SEEDS) == 5
    for path in SEEDS:
        text = path.read_text(encoding="utf-8")
        article = Article.objects.get(key=path.stem)
        assert article.body == unicodedata.normalize("NFC", text)
        assert article.title == text.split("\n", 1)[0].strip()


def test_the_public_sees_what_the_fixtures_publish(api):
    """`make run` serves the seed corpus to anonymous clients: what its fixtures mark verified and
    confirmed."""
    seed()
    entries = [e for path in sorted(FIXTURES.glob("*.json")) for e in json.loads(path.read_text("utf-8"))]

    def keys(model: str, status: str) -> int:
        return sum(1 for e in entries if e["model"] == model and e["fields"].get("status") == status)

    def listed(path: str) -> int:
        found, url = 0, f"{V1}{path}?page_size=200"
        while url:
            page = api.get(url).json()
            found, url = found + len(page["results"]), page["next"]
        return found

    assert listed("/claims/") == keys("claims.claim", "verified") > 0
    assert (
        listed("/statements/")
        == Statement.objects.filter(status="verified", claim__status="verified").count()
    )
    assert listed("/contradictions/") == keys("claims.contradiction", "confirmed") > 0
    assert listed("/speakers/") == Speaker.objects.count()


def test_seed_twice_changes_nothing():
    seed()
    before = snapshot()
    out = seed()
    assert snapshot() == before
    assert not re.search(r"\b[1-9][0-9]* (created|updated|metadata updated)", out), out


def test_a_seed_that_finds_everything_in_place_reads_each_table_once(django_assert_num_queries):
    seed()
    # The savepoint and its release, the lock that keeps two seeds apart, the seed records, and
    # the seeded rows of each of the eleven models (outlets, articles, speakers, aliases, events,
    # topics, claims, statements, intermediaries, contradictions, notes): nothing per record.
    with django_assert_num_queries(2 + 1 + 1 + 11):
        seed()


def test_work_done_through_the_api_and_the_admin_survives_three_seeds(fc_api, anna):
    seed()
    edited = edit_seeded_records(fc_api, anna)
    before = snapshot()
    outputs = [seed() for _ in range(3)]
    assert snapshot() == before  # nothing reverted, nothing created twice, no history row added

    demand, promise, talks = (Claim.objects.get(pk=edited[k].pk) for k in ("demand", "promise", "talks"))
    assert demand.summary == "Corrected summary."
    assert (promise.status, promise.reviewed_by.username) == ("rejected", "checker")
    assert talks.key == "putin-wants-real-talks" and not Claim.objects.filter(key=TALKS).exists()
    pair = Contradiction.objects.get(pk=edited["pair"].pk)
    assert pair.status == "dismissed"
    # The fixture's note first, the fact-checker's after it: seed adds to a thread, never rewrites it.
    assert [(n.author_name, n.text) for n in pair.notes.all()][1:] == [("checker", "Different time frames.")]
    assert [n.text for n in edited["statement"].notes.all()][-1] == "Checked against the video."
    assert Article.objects.get(key="000_12f5a146de662289").byline == "Hà Anh"
    assert Speaker.objects.get(slug="kremlin").role == "Edited in the admin."
    assert not Statement.objects.filter(pk=edited["doomed"].pk).exists()

    # Each run says what it left alone and why, the same way.
    assert outputs[0] == outputs[1] == outputs[2]
    lines = outputs[0].splitlines()
    left = [line for line in lines if line.startswith("left alone: ")]
    assert len(left) == 9, outputs[0]
    expect = [
        f"claim {DEMAND} (id {demand.pk}): summary changed by checker on ",
        f"claim {PROMISE} (id {promise.pk}): status changed by checker on ",
        f"claim {TALKS} (id {talks.pk}): key changed by checker on ",
        f"contradiction opposing / {' / '.join(DEFENSIVE)} (id {pair.pk}): status changed by checker",
        f"statement {edited['statement'].claim.key} / ",
        "article 000_12f5a146de662289 (id ",
        "speaker kremlin (id ",
        "topic nato-eastward-expansion (id ",
    ]
    for start in expect:
        assert any(line.startswith("left alone: " + start) for line in left), (start, outputs[0])
    assert any(": deleted by checker on " in line and "not re-created" in line for line in left), left
    assert lines[-1].startswith("seed: 0 created, 0 updated, "), lines[-1]
    assert re.search(r", 9 left alone \(listed above", lines[-1]), lines[-1]


def fixture_copy(tmp_path: Path) -> tuple[Path, Path]:
    fixtures, seeds = tmp_path / "fixtures", tmp_path / "seeds"
    shutil.copytree(FIXTURES, fixtures)
    shutil.copytree(Path(settings.BASE_DIR) / "seeds", seeds)
    return fixtures, seeds


def rewrite(path: Path, change) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


def test_a_fixture_change_reaches_only_the_records_nobody_changed(fc_api, tmp_path):
    fixtures, seeds = fixture_copy(tmp_path)
    paths = {"fixtures": fixtures, "seeds": seeds}
    seed(**paths)
    demand, promise, talks = (Claim.objects.get(key=key) for key in (DEMAND, PROMISE, TALKS))
    corrected = fc_api.patch(f"{V1}/claims/{demand.id}/", {"summary": "Corrected."}, format="json")
    assert corrected.status_code == 200
    # A review that keeps the status it had: no value changes, but a person vouched for the record.
    reviewed = fc_api.post(f"{V1}/claims/{talks.id}/review/", {"status": talks.status}, format="json")
    assert reviewed.status_code == 200
    touched, untouched = "000_12f5a146de662289", "001_cb9fabbd559097a0"
    assert fc_api.patch(f"{V1}/articles/{touched}/", {"byline": "Hà Anh"}, format="json").status_code == 200

    def new_summaries(claims):
        for item in claims:
            if item["fields"]["key"] in (DEMAND, PROMISE, TALKS):
                item["fields"]["summary"] = "The fixture's new summary."

    rewrite(fixtures / "30_claims.json", new_summaries)
    for key in (touched, untouched):
        rewrite(seeds / f"{key}.meta.json", lambda meta: meta.update(byline="Ban Thời sự"))
    history = (demand.history.count(), promise.history.count())

    out = seed(**paths)
    demand.refresh_from_db()
    promise.refresh_from_db()
    talks.refresh_from_db()
    assert (demand.summary, promise.summary) == ("Corrected.", "The fixture's new summary.")
    assert talks.summary != "The fixture's new summary."
    assert Article.objects.get(key=touched).byline == "Hà Anh"
    assert Article.objects.get(key=untouched).byline == "Ban Thời sự"
    assert (demand.history.count(), promise.history.count()) == (history[0], history[1] + 1)
    lines = out.splitlines()
    assert f"updated claim {PROMISE} (id {promise.pk}) from the fixture: summary" in lines, out
    assert any(
        line.startswith(f"left alone: claim {DEMAND} (id {demand.pk}): summary changed by checker on ")
        and line.endswith("since it was seeded; the fixture's new summary not applied")
        for line in lines
    ), out
    assert (
        f"left alone: claim {TALKS} (id {talks.pk}): saved by checker on " in out
        and "since it was seeded; the fixture's new summary not applied" in out
    ), out
    assert any(
        line.startswith(f"left alone: article {touched} (id ") and "byline changed by checker" in line
        and line.endswith("the fixture's new byline not applied")
        for line in lines
    ), out  # fmt: skip
    assert lines[-1].startswith("seed: 0 created, 2 updated, "), lines[-1]
    assert ", 3 left alone" in lines[-1]

    before = snapshot()
    again = seed(**paths).splitlines()
    assert snapshot() == before
    assert next(line for line in again if not line.startswith("left alone: ")).startswith(
        "seed: 0 created, 0 updated"
    )


def test_reset_writes_the_fixtures_back_and_says_what_it_overwrote(fc_api, anna):
    seed()
    fresh = {m.__name__: m._default_manager.count() for m in SEEDED}
    edited = edit_seeded_records(fc_api, anna)

    out = seed("--reset")
    demand, promise, talks = (Claim.objects.get(pk=edited[k].pk) for k in ("demand", "promise", "talks"))
    fixture = {
        item["fields"]["key"]: item["fields"]
        for item in json.loads((FIXTURES / "30_claims.json").read_text())
    }
    assert demand.summary == fixture[DEMAND]["summary"]
    assert (promise.status, promise.reviewed_by, promise.reviewed_at) == ("verified", None, None)
    assert talks.key == TALKS
    pair = Contradiction.objects.get(pk=edited["pair"].pk)
    assert pair.status == "confirmed" and pair.reviewed_by is None
    assert Article.objects.get(key="000_12f5a146de662289").byline == ""
    assert Speaker.objects.get(slug="kremlin").role.startswith("The Kremlin")
    doomed = edited["doomed"]
    assert Statement.objects.filter(
        claim=doomed.claim_id, article=doomed.article_id, start=doomed.start
    ).exists()
    # Nothing twice; the notes people added stay, after the fixtures' own.
    assert {m.__name__: m._default_manager.count() for m in SEEDED} == {**fresh, "Note": fresh["Note"] + 2}

    lines = out.splitlines()
    assert any(
        line.startswith(f"overwrote claim {DEMAND} (id {demand.pk}): summary (last changed by checker on ")
        for line in lines
    ), out
    assert any(
        line.startswith(f"overwrote claim {PROMISE} (id {promise.pk}): status (last changed by")
        for line in lines
    )
    assert any(
        line.startswith("overwrote speaker kremlin (id ") and "by anna on" in line for line in lines
    ), out
    assert any(
        line.startswith("re-created statement ") and "deleted by checker on" in line for line in lines
    ), out
    assert lines[-1].startswith("seed: 0 created, 0 updated, 8 overwritten, 1 re-created, "), lines[-1]

    # After a reset the database is the fixtures again: a plain seed finds nothing to leave alone.
    before = snapshot()
    assert seed().splitlines()[-1].endswith(", 0 left alone")
    assert snapshot() == before


def test_a_database_seeded_before_records_were_kept_keeps_its_work(fc_api):
    from core.models import SeedRecord

    seed()
    demand, talks = Claim.objects.get(key=DEMAND), Claim.objects.get(key=TALKS)
    assert (
        fc_api.patch(f"{V1}/claims/{demand.id}/", {"summary": "Corrected."}, format="json").status_code == 200
    )
    assert (
        fc_api.patch(f"{V1}/claims/{talks.id}/", {"key": "putin-wants-real-talks"}, format="json").status_code
        == 200
    )
    cited = Contradiction.objects.values_list("statement_a", "statement_b")
    dropped = (
        Statement.objects.exclude(pk__in=[pk for pair in cited for pk in pair if pk])
        .filter(notes=None)
        .first()
    )
    assert fc_api.delete(f"{V1}/statements/{dropped.pk}/").status_code == 204
    speaker = Speaker.objects.get(slug="joe-biden")
    kept = list(speaker.aliases.order_by("name").values_list("name", flat=True))[1:]
    assert fc_api.patch(f"{V1}/speakers/joe-biden/", {"aliases": kept}, format="json").status_code == 200
    SeedRecord.objects.all().delete()  # as a database seeded by an older seed, or restored without them
    before = snapshot()

    out = seed()
    # The renamed claim is found by its history, not created again; what was deleted stays deleted.
    assert snapshot() == before
    assert f"(id {dropped.pk}): deleted by checker on " in out
    assert f"left alone: claim {DEMAND} (id {demand.pk}): summary changed by checker on " in out
    assert f"left alone: claim {TALKS} (id {talks.pk}): key changed by checker on " in out
    assert SeedRecord.objects.count() == sum(len(fixture_entries(p)) for p in FIXTURES.glob("*.json")) + 5
    assert seed().splitlines()[-1].endswith(", 4 left alone (listed above: changed or deleted since seeded; "
                                           "`seed --reset` writes them back)")  # fmt: skip


def test_a_changed_seed_text_never_replaces_the_stored_one(tmp_path):
    fixtures, seeds = fixture_copy(tmp_path)
    seed(fixtures=fixtures, seeds=seeds)
    key = "002_3c07cc381cdcf122"
    stored = Article.objects.get(key=key).body
    text = seeds / f"{key}.txt"
    text.write_text(text.read_text(encoding="utf-8") + "\nMột đoạn mới.", encoding="utf-8")

    for reset in ([], ["--reset"]):
        out = seed(*reset, fixtures=fixtures, seeds=seeds)
        assert Article.objects.get(key=key).body == stored
        assert f"left alone: article {key} (id " in out
        assert f"its text differs from seeds/{key}.txt, and statements point into the stored text" in out
