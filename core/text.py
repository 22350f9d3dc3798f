"""Text rules shared by every app: NFC on the way in, one folding for search.

Folding drops case and diacritics and maps đ to d, so "dam phan" finds "đàm phán" and
"Matxcova" finds "Matxcơva". Search folds with the database's `summit_fold()` (created by
migrations of this app over `unaccent`), which the trigram indexes are built on; `fold()` is
its Python counterpart for letters, for code that compares names outside the database.
"""

import unicodedata

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.exceptions import FieldDoesNotExist
from django.db.models import BooleanField, Expression, F, Func, GeneratedField, Q, TextField, Value
from django.db.models.functions import StrIndex
from django.db.models.lookups import Contains, Exact

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


def shortened(text: str, length: int) -> str:
    """`text` cut to at most `length` characters, an ellipsis saying so."""
    return text if len(text) <= length else text[: length - 1] + "…"


class Fold(Func):
    """`summit_fold(expression)` in SQL: the database side of `fold()`."""

    function = "summit_fold"
    output_field = TextField()
    arity = 1


# The name of a field's fold when its model stores it: `quote` -> `quote_folded`.
STORED_FOLD = "{}_folded"


def stored_fold(source: str) -> GeneratedField:
    """`summit_fold(source)` kept by the database, for the long texts search tests row by row.

    A search that walks the list in page order would otherwise fold each row it reads, most of
    a walk's time. A new definition of `summit_fold()` must recompute these columns as well as
    REINDEX.
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


def folded_contains(field: str, value: str, *, joined: bool = True) -> Q:
    """`field` contains `value`, both folded by `summit_fold()`.

    The term is folded in SQL as well, not by `fold()`: unaccent also maps curly quotes,
    dashes, "…", "ß" or "æ", and a term folded otherwise than the text would miss it (a quote
    pasted from an article, with its “…”). PostgreSQL folds the constant once while planning,
    so the trigram indexes still see a constant pattern; `%` and `_` stay literal. A term of
    several words in a stored fold is looked up in its joined index unless `joined` is false
    (`FoldedContains`).
    """
    return Q(FoldedContains(field, nfc(value), joined=joined))


# Terms of this many words or more are looked up in the joined indexes (`FoldedContains`). Two
# words are most often one common Vietnamese word ("căng thẳng"), whose joined trigrams are as
# common as its syllables, and more so in the English summaries ("ngt", "gth": "length"), so
# the joined index gives two words nothing rarer to look up.
JOINED_WORDS = 3


def several_words(term: str) -> bool:
    """Whether `term` is searched as several words (`FoldedContains`)."""
    return len(term.split()) >= JOINED_WORDS


class Joined(Func):
    """`replace(text, ' ', '')`: the text with its spaces taken out, as the joined trigram
    indexes hold it (`joined_index`). Not Django's `Replace`, which binds the two strings as
    parameters: bound on the server, a generic plan would not see the index's expression."""

    template = "REPLACE(%(expressions)s, ' ', '')"
    output_field = TextField()
    arity = 1


def joined_index(field: str, name: str) -> GinIndex:
    """A trigram index on a stored fold without its spaces, for terms of several words.

    pg_trgm splits a text into words and indexes each word's trigrams, so a term's words are
    looked up apart: "ly minh hai cuong" needs only trigrams of common syllables ("  l", "nh ",
    "hai"), each in a large share of the quotes, so the index scan reads most of the table's
    postings for no match. Without spaces the runs across words ("ymi", "nhh", "aic") are rare."""
    return GinIndex(OpClass(Joined(F(field)), name="gin_trgm_ops"), name=name)


class FoldedContains(Expression):
    """`folded_contains` as a condition: its SQL depends on where the text's fold is kept.

    A stored fold (`stored_fold`) searched for a term of several words (`JOINED_WORDS`) is tested
    as `strpos(fold, term) <> 0`, which is the condition, beside `joined(fold) LIKE
    %joined(term)%`, which the first implies and which the joined index answers. Fewer words, or a
    fold the database computes (short names: no joined index), is `fold LIKE %term%`, on the
    trigram index.
    """

    conditional = True
    output_field = BooleanField()

    def __init__(self, field: str, value: str, *, joined: bool = True):
        super().__init__()
        self.name, self.value, self.joined = field, value, joined

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        text, term = Folded(self.name), Fold(Value(self.value))
        condition = Q(Contains(text, term))
        if self.joined and several_words(self.value):
            resolved = text.resolve_expression(query, allow_joins, reuse, summarize, for_save)
            if isinstance(getattr(resolved, "target", None), GeneratedField):
                # In this order: a walk testing each row reads the cheaper strpos first.
                # `NOT strpos(…) = 0`, which PostgreSQL takes to hold for nearly every row (0.995):
                # the joined LIKE decides the estimate and the index.
                contains = ~Q(Exact(StrIndex(text, term), 0))
                condition = contains & Q(Contains(Joined(text), Joined(term)))
        return condition.resolve_expression(query, allow_joins, reuse, summarize, for_save)
