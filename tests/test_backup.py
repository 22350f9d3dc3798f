"""export_corpus and import_corpus round-trip the database: the API answers the same afterwards."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from claims.models import Claim, Contradiction, Statement
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


def test_round_trip_gives_identical_answers(api, fc_api, corpus, tmp_path):
    demand = corpus["claims"][0]
    fc_api.put(
        f"/api/v1/claims/{demand.id}/verdict/",
        {"rating": "true", "textual_rating": "Accurate"},
        format="json",
    )
    fc_api.patch(f"/api/v1/claims/{demand.id}/", {"summary": "Edited through the API."}, format="json")
    before = answers(api, corpus)
    history_before = Claim.history.count()
    backup = tmp_path / "corpus.json"
    call_command("export_corpus", backup, stdout=StringIO())

    call_command("import_corpus", backup, "--replace", stdout=StringIO())

    assert "_folded" not in backup.read_text(encoding="utf-8")
    assert before["edited through"]["results"] and before["dam bao"]["results"]
    assert answers(api, corpus) == before
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
