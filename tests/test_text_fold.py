"""The database's `summit_fold()` and Python's `fold()`: what search relies on."""

import unicodedata
from pathlib import Path

import pytest
from django.db import connection

from core.text import fold

pytestmark = pytest.mark.django_db
SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
LETTERS = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"


def db_fold(text: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT summit_fold(%s)", [text])
        return cursor.fetchone()[0]


@pytest.mark.parametrize("seed", SEEDS, ids=lambda path: path.stem)
def test_every_normal_form_of_an_article_folds_alike(seed):
    text = seed.read_text(encoding="utf-8")
    folded = db_fold(unicodedata.normalize("NFC", text))
    assert db_fold(unicodedata.normalize("NFD", text)) == folded
    assert not any(unicodedata.combining(ch) for ch in folded)


@pytest.mark.parametrize("letters", [LETTERS, LETTERS.upper()], ids=["lower", "upper"])
def test_python_and_the_database_fold_vietnamese_letters_alike(letters):
    for form in ("NFC", "NFD"):
        text = unicodedata.normalize(form, " ".join(letters))
        bare = " ".join("a" * 18 + "e" * 12 + "i" * 6 + "o" * 18 + "u" * 12 + "y" * 6 + "d")
        assert db_fold(text) == fold(text) == bare
