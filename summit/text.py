"""Text rules shared by every app: NFC on the way in, one folding for search.

Folding drops case and diacritics and maps đ to d, so "dam phan" finds "đàm phán" and
"Matxcova" finds "Matxcơva". Search folds with the database's `summit_fold()` (created by
migrations of this app over `unaccent`), which the trigram indexes are built on; `fold()` is
its Python counterpart for letters, for code that compares names outside the database.
"""

import unicodedata

from django.db.models import Func, Q, TextField, Value
from django.db.models.lookups import Contains

_D_STROKE = str.maketrans({"đ": "d", "Đ": "d"})
# pg_trgm indexes a text by runs of three characters: a shorter word gives its indexes nothing.
TRIGRAM = 3


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


def folded_contains(field: str, value: str) -> Q:
    """`field` contains `value`, both folded by `summit_fold()`.

    The term is folded in SQL as well, not by `fold()`: unaccent also maps curly quotes,
    dashes, "…", "ß" or "æ", and a term folded otherwise than the text would miss it (a quote
    pasted from an article, with its “…”). PostgreSQL folds the constant once while planning,
    so the trigram indexes still see a constant pattern; `%` and `_` stay literal.
    """
    return Q(Contains(Fold(field), Fold(Value(nfc(value)))))
