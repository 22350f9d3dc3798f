"""`manage.py seed`: the five articles with their exact text, and nothing changed on a second run."""

import re
import unicodedata
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from claims.models import Claim, Contradiction, Speaker, Statement
from sources.models import Article

SEEDS = sorted((Path(settings.BASE_DIR) / "seeds").glob("*.txt"))
pytestmark = pytest.mark.django_db


def snapshot():
    models = [Article, Speaker, Claim, Statement, Contradiction]
    rows = {
        m.__name__: sorted(
            m.objects.values_list("pk", "updated_at")
            if hasattr(m, "updated_at")
            else m.objects.values_list("pk", flat=True)
        )
        for m in models
    }
    history = {m.__name__: m.history.count() for m in models}
    return rows, history


def test_seed_loads_the_five_articles_with_their_exact_text():
    call_command("seed", stdout=StringIO())
    assert len(SEEDS) == 5
    for path in SEEDS:
        text = path.read_text(encoding="utf-8")
        article = Article.objects.get(key=path.stem)
        assert article.body == unicodedata.normalize("NFC", text)
        assert article.title == text.split("\n", 1)[0].strip()


def test_seed_twice_changes_nothing():
    call_command("seed", stdout=StringIO())
    before = snapshot()
    out = StringIO()
    call_command("seed", stdout=out)
    assert snapshot() == before
    assert not re.search(r"\b[1-9][0-9]* (created|updated|metadata updated)", out.getvalue()), out.getvalue()
