"""`manage.py ingest`: idempotent, NFC, and a different text under a known key is an error."""

import json
import unicodedata
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from sources.models import Article
from tests.factories import OutletFactory

pytestmark = pytest.mark.django_db


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_ingest_is_idempotent_and_reads_metadata(tmp_path):
    OutletFactory(slug="vtc-news")
    write(tmp_path / "a1.txt", unicodedata.normalize("NFD", "Tiêu đề một\nNội dung bài báo."))
    write(tmp_path / "a1.meta.json", json.dumps({"outlet": "vtc-news", "published_on": "2021-12-30"}))
    write(tmp_path / "a2.txt", "Tiêu đề hai\nNội dung.")
    out = StringIO()
    call_command("ingest", tmp_path, stdout=out)
    assert "2 created" in out.getvalue()
    article = Article.objects.get(key="a1")
    assert article.body == unicodedata.normalize("NFC", article.body)
    assert (article.outlet.slug, str(article.published_on), article.title) == (
        "vtc-news",
        "2021-12-30",
        "Tiêu đề một",
    )
    history = Article.history.count()
    out = StringIO()
    call_command("ingest", tmp_path, stdout=out)
    assert "0 created, 2 unchanged" in out.getvalue()
    assert Article.history.count() == history


def test_different_text_under_a_known_key_is_refused(tmp_path):
    call_command("ingest", write(tmp_path / "a1.txt", "Một\nhai"), stdout=StringIO())
    write(tmp_path / "a1.txt", "Một\nba")
    err = StringIO()
    with pytest.raises(CommandError, match="1 of 1 files were not stored"):
        call_command("ingest", tmp_path / "a1.txt", stdout=StringIO(), stderr=err)
    assert "a different text is already stored" in err.getvalue()
    assert Article.objects.get(key="a1").body == "Một\nhai"


def test_options_and_bad_metadata(tmp_path):
    OutletFactory(slug="plvn")
    call_command("ingest", write(tmp_path / "b.txt", "B\nb"), "--outlet", "plvn", "--published-on", "2021-12-08",
                 stdout=StringIO())  # fmt: skip
    assert Article.objects.get(key="b").outlet.slug == "plvn"
    write(tmp_path / "c.txt", "C\nc")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("ingest", tmp_path / "c.txt", "--outlet", "nowhere", stdout=StringIO(), stderr=err)
    assert "unknown outlet 'nowhere'" in err.getvalue()
    with pytest.raises(CommandError, match="no such file"):
        call_command("ingest", tmp_path / "missing.txt", stdout=StringIO())
