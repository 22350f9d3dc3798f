"""Text rules shared by every app: NFC on the way in, one folding for search.

Folding drops case and diacritics and maps đ to d, so "dam phan" finds "đàm phán" and
"Matxcova" finds "Matxcơva". Search folds with the database's `summit_fold()` (created by
migrations of this app over `unaccent`), which the trigram indexes are built on; `fold()` is
its Python counterpart for letters, for code that compares names outside the database.
"""

import unicodedata

from django.core.exceptions import FieldDoesNotExist
from django.db.models import F, Func, GeneratedField, Q, TextField, Value
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


# The name of a field's fold when its model stores it: `quote` -> `quote_folded`.
STORED_FOLD = "{}_folded"


def stored_fold(source: str) -> GeneratedField:
    """`summit_fold(source)` kept by the database, for the long texts search tests row by row.

    A search that walks the list in page order folds each row it reads: 2.5 µs a quote, most
    of a walk's time. Reading the stored fold is 13 times faster (docs/performance.md, change
    59). A new definition of `summit_fold()` must recompute these columns as well as REINDEX.
    """
    # Not serialized: a backup or fixture holds the text, and the database folds it again.
    return GeneratedField(expression=Fold(source), output_field=TextField(), db_persist=True, serialize=False)


class Folded(F):
    """A field folded by `summit_fold()`: its stored fold where the model keeps one
    (`stored_fold`), else the function applied to it. Either way the trigram index is on it."""

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        column = super().resolve_expression(query, allow_joins, reuse, summarize, for_save)
        target = getattr(column, "target", None)
        if target is not None:
            try:
                stored = target.model._meta.get_field(STORED_FOLD.format(target.name))
            except FieldDoesNotExist:
                stored = None
            if isinstance(stored, GeneratedField):
                return stored.get_col(column.alias)
        return Fold(column).resolve_expression(query, allow_joins, reuse, summarize, for_save)


def folded_contains(field: str, value: str) -> Q:
    """`field` contains `value`, both folded by `summit_fold()`.

    The term is folded in SQL as well, not by `fold()`: unaccent also maps curly quotes,
    dashes, "…", "ß" or "æ", and a term folded otherwise than the text would miss it (a quote
    pasted from an article, with its “…”). PostgreSQL folds the constant once while planning,
    so the trigram indexes still see a constant pattern; `%` and `_` stay literal.
    """
    return Q(Contains(Folded(field), Fold(Value(nfc(value)))))
