"""A database seeded before the corpus corrections takes them: the migration splits the speaker
`analysts` and removes the statements that left their claims, seed does the rest, and what a
fact-checker changed stays."""

import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from claims.models import Claim, Speaker, SpeakerAlias, Statement
from claims.services.corpus_checks import check_corpus
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

BEFORE = [("claims", "0031_event_times_alias_validity")]
FIXTURES = Path(settings.BASE_DIR) / "fixtures"
SEEDS = Path(settings.BASE_DIR) / "seeds"
V1 = "/api/v1"
SPLIT = {
    "analysts-no-quick-breakthrough-managed-competition": "analysts-001-outlook",
    "analysts-ukraine-on-summit-agenda": "analysts-001-agenda",
    "observers-january-talks-will-remain-difficult": "observers-003",
    "analysts-geneva-only-mutual-probing": "analysts-004",
}
DEMAND = "putin-demands-legal-guarantees-against-nato-expansion"
REMARK = "putin-russia-needs-legal-guarantees"
WARNS = "us-warns-of-serious-consequences"
READY = "Washington cũng chuẩn bị đáp lại nếu như vấn đề Ukraine không được giải quyết"
ARTICLE_001, ARTICLE_003 = "001_cb9fabbd559097a0", "003_258c2c428f2593fb"


def migrate(targets) -> None:
    # Rows written in this test's transaction leave deferred foreign-key checks pending, and
    # PostgreSQL alters no table with checks pending: run them first.
    connection.check_constraints()
    MigrationExecutor(connection).migrate(targets)


def seed(fixtures: Path) -> str:
    out = StringIO()
    call_command("seed", fixtures=fixtures, seeds=SEEDS, stdout=out)
    return out.getvalue()


def rewrite(path: Path, change) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(change(data), ensure_ascii=False, indent=2), encoding="utf-8")


def entry(model: str, **fields) -> dict:
    return {"model": model, "fields": fields}


def fixtures_before_the_corrections(tmp_path: Path) -> Path:
    """The fixtures as they were: one speaker `analysts`, and the two statements in their old claims."""
    old = tmp_path / "fixtures"
    shutil.copytree(FIXTURES, old)

    def speakers(items):
        kept = [
            i for i in items
            if i["fields"].get("slug") not in SPLIT.values() and i["fields"].get("speaker", [""])[0] not in SPLIT.values()
        ]  # fmt: skip
        analysts = entry(
            "claims.speaker", slug="analysts", name="Unnamed analysts", kind="person", role="", country=""
        )
        names = ["Unnamed analysts", "giới phân tích", "các nhà phân tích", "giới quan sát"]
        return [analysts, *kept, *(entry("claims.speakeralias", speaker=["analysts"], name=n) for n in names)]

    def claims(items):
        for item in items:
            if item["fields"]["key"] in SPLIT:
                item["fields"]["speaker"] = ["analysts"]
        return [i for i in items if i["fields"]["key"] != REMARK]

    def statements(items):
        for item in items:
            if item["fields"].get("claim") == [REMARK]:
                item["fields"]["claim"] = [DEMAND]
        ready = entry(
            "claims.statement", claim=[WARNS], article=[ARTICLE_003], quote=READY, start=2029, end=2106,
            mode="indirect", status="verified", note="The article's characterisation of the US position.",
        )  # fmt: skip
        return [ready, *items]

    rewrite(old / "10_speakers.json", speakers)
    rewrite(old / "30_claims.json", claims)
    rewrite(old / "40_statements.json", statements)
    return old


def remark(claim: str) -> Statement | None:
    return Statement.objects.filter(claim__key=claim, article__key=ARTICLE_001, start=2146).first()


def test_the_corrections_reach_a_database_seeded_before_them(fc_api, tmp_path):
    migrate(BEFORE)
    seed(fixtures_before_the_corrections(tmp_path))
    analysts = Speaker.objects.get(slug="analysts")
    assert set(Claim.objects.filter(speaker=analysts).values_list("key", flat=True)) == set(SPLIT)
    assert remark(DEMAND) is not None
    ready = Statement.objects.get(claim__key=WARNS, start=2029)
    # A fact-checker's note on the statement that leaves its claim: the statement stays where it is.
    noted = fc_api.post(
        f"{V1}/statements/{ready.pk}/notes/", {"text": "Narration, not a US claim."}, format="json"
    )
    assert noted.status_code == 201

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    out = seed(FIXTURES)

    assert not Speaker.objects.filter(slug="analysts").exists()
    assert not SpeakerAlias.objects.filter(name__in=["giới phân tích", "giới quan sát"]).exists()
    moved = dict(Claim.objects.filter(key__in=SPLIT).values_list("key", "speaker__slug"))
    assert moved == SPLIT
    assert Speaker.objects.get(slug="observers-003").role.startswith("Unnamed observers")
    # Putin's earlier remark left the 7 December claim for its own; the noted statement is kept.
    assert remark(DEMAND) is None and remark(REMARK) is not None
    assert Statement.objects.filter(pk=ready.pk, claim__key=WARNS).exists()
    assert " 0 left alone" in out.splitlines()[-1], out
    assert check_corpus() == []
    # Seed finds every record as it wrote it: nothing to update, nothing taken for a person's change.
    assert seed(FIXTURES).splitlines()[-1].startswith("seed: 0 created, 0 updated, ")


def test_a_speaker_a_fact_checker_gave_claims_of_their_own_is_kept(tmp_path):
    migrate(BEFORE)
    seed(fixtures_before_the_corrections(tmp_path))
    analysts = Speaker.objects.get(slug="analysts")
    theirs = ClaimFactory(speaker=analysts)

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    seed(FIXTURES)

    assert Claim.objects.get(pk=theirs.pk).speaker_id == analysts.pk
    moved = Claim.objects.filter(key__in=SPLIT).values_list("speaker__slug", flat=True)
    assert set(moved) == set(SPLIT.values())
    # Its spellings stay with it: a fact-checker decides where they belong.
    assert analysts.aliases.filter(name="giới phân tích").exists()
    assert remark(DEMAND) is None and remark(REMARK) is not None
