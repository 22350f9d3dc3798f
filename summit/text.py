"""Text rules shared by every app: NFC on the way in, one folding for search.

Folding drops case and diacritics and maps đ to d, so "dam phan" finds "đàm phán" and
"Matxcova" finds "Matxcơva". The database does the same with `summit_fold()` (created by a
migration of this app over `unaccent`), which the trigram indexes are built on.
"""

import unicodedata

from django.db.models import Func, TextField

_D_STROKE = str.maketrans({"đ": "d", "Đ": "d"})


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower-case, diacritic-free form of `text`, whatever its Unicode normal form."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D_STROKE))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).lower()


class Fold(Func):
    """`summit_fold(expression)` in SQL: the database side of `fold()`."""

    function = "summit_fold"
    output_field = TextField()
    arity = 1
