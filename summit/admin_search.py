"""The admin's search, at the scale of an archive.

Each word of the term (or "quoted phrase") must match one of the admin's `search_fields`, as
in Django's own search, ignoring case and Vietnamese diacritics (`summit_fold`). How a word is
looked up depends on how many rows it matches, which one cheap query finds out first:

- A **rare** word ("Vladivostok") is looked up field by field, each in its own trigram or
  unique index, and the keys unioned: the rows it matches, whichever the table's size.
- A **common** word ("dam", "phan": a quarter of a million claims each) is checked row by row
  instead, while PostgreSQL walks the list in its order and stops when the page is full.
  Unioning its keys would collect every row it matches, twice per page (the rows, their
  count): 7 s for a claims search at a million claims, 18 s for statements.

A word of fewer than three characters ("ly") is always checked row by row: no trigram index
narrows it, so probing it would read the table as far as the walk does. A search of such words
only is walked for at most `SHORT_WALK_MS` before it is given up (`ShortWordsTooSlow`): found in
few rows, it read the whole table (13 s for "zq" on the claims at a million, 47 s on the
statements), and a longer word or a quoted name answers it from the indexes.

Several common words that rarely meet (the syllables of an unquoted name: "minh hai cuong")
would make that walk read a fifth of the claims to fill a page, folding every row once per word
and field (1.5 s at a million claims). So the rows matching all of them are looked up first, in
one query that indexes answer (each field's bitmap, OR-ed per word, AND-ed across the words),
and used if they are few. That costs 150–200 ms, so it is done only when the walk does not fill
a page within `WALK_PROBE_MS`: words that often meet ("dam phan") are found by walking.

And a searched list counts its rows only up to `SEARCH_COUNT_CAP`, and for no longer than
`COUNT_TIMEOUT_MS` (`CappedCountPaginator`): the exact count of a common word's rows would
read them all again, and so would the count of several common words that rarely meet. A list
whose count was given up still knows whether a next page follows, from one row more.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar, cast

from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db import OperationalError, connections, transaction
from django.db.models import ForeignObjectRel, Model, Q, QuerySet
from django.utils.functional import cached_property
from django.utils.text import smart_split, unescape_string_literal
from psycopg.errors import QueryCanceled

from summit.text import TRIGRAM, fold, folded_contains

T = TypeVar("T")

# At a million claims a word matching 10 000 rows fills a page of 100 within about 10 000
# rows of the walk; one matching fewer is cheaper to collect from its indexes.
COMMON_MATCHES = 10_000
# Rows matching all the words, listed for the page to read by key (the page and its count then
# read only them): about as many as a common word's walk reads.
LISTED_MATCHES = 10_000
# Words meeting in one row of a hundred fill the admin's page of 100 within about 10 000 rows
# of the walk: 30-60 ms at a million claims. Not filled in this time, the words meet rarely.
WALK_PAGE = 100
WALK_PROBE_MS = 150
# A name's syllables, or a short phrase's words; each more costs its related rows' queries.
MEETING_WORDS = 6
# A word's related rows (the speakers a syllable names) listed for an index to look up; more
# are not worth it. At a million claims, "minh" names 1 008 of the 10 000 speakers.
RELATED_KEYS = 2_000
# Ten pages of a hundred: what a reader pages through before narrowing the search.
SEARCH_COUNT_CAP = 1_000
# A count taking longer is given up and the page shown uncounted. At a million claims, the four
# common syllables of an unquoted name took 6.6 s to count, after 1 s to find the page's rows.
COUNT_TIMEOUT_MS = 400
# A search of short words only ("my", "ly") that fills no page of the walk in this time is given
# up. Common ones fill it in 30-300 ms at a million claims.
SHORT_WALK_MS = 1_000


class ShortWordsTooSlow(Exception):
    """No word of the search has the three characters an index needs, and walking the rows did
    not find a page of matches within `SHORT_WALK_MS`."""


def words(term: str) -> list[str]:
    """The term's words, a quoted phrase counting as one word (as in Django's search)."""
    bits = []
    for bit in smart_split(term):
        if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
            bit = unescape_string_literal(bit)
        if bit:
            bits.append(bit)
    return bits


def search(queryset: QuerySet, fields: list[str], term: str) -> QuerySet:
    """`queryset` narrowed to the rows where every word of `term` matches one of `fields`.
    Raises `ShortWordsTooSlow` (see the module's docstring)."""
    model = queryset.model
    common = []
    bits = words(term)
    for word in bits:
        keys = matching_keys(model, fields, word)
        if len(fold(word)) < TRIGRAM:
            queryset = queryset.filter(row_condition(model, fields, word))
        elif is_common(keys):
            common.append(word)
        else:
            # The union has each row once: no DISTINCT needed, whatever relation a field follows.
            queryset = queryset.filter(pk__in=keys(distinct=True))
    walk = queryset
    for word in common:
        walk = walk.filter(row_condition(model, fields, word))
    if all(len(fold(word)) < TRIGRAM for word in bits) and not fills_page_within(walk, SHORT_WALK_MS):
        raise ShortWordsTooSlow(term)
    # Listing the words' related keys first spares the walk's probe where no list can be made.
    meeting = matching_all(model, fields, common) if 1 < len(common) <= MEETING_WORDS else None
    if meeting is not None and not fills_page_soon(walk):
        few = keys_of_few(queryset.db, model, meeting)
        if few is not None:
            return queryset.filter(pk__in=few)
    return walk


def fills_page_soon(walk: QuerySet) -> bool:
    """Whether walking the rows finds a page of matches (or the table's end) within
    `WALK_PROBE_MS`: then the words meet often enough for the walk to be the quicker way."""
    return fills_page_within(walk, WALK_PROBE_MS)


def fills_page_within(walk: QuerySet, milliseconds: int) -> bool:
    first = walk.order_by("-pk").values("pk")[:WALK_PAGE]
    return timed(walk.db, milliseconds, lambda: len(first)) is not None


def field_match(name: str, word: str) -> Q:
    """`name` ("=key": exactly; otherwise folded, anywhere in it) matches `word`."""
    if name.startswith("="):
        return Q(**{name[1:]: word})
    return folded_contains(name.lstrip("^@"), word)


def matching_keys(model: type[Model], fields: list[str], word: str):
    """A maker of the keys of the rows one of `fields` matches `word` in: one query per field,
    unioned (`distinct`) or appended.

    OR-ed in one query across joins, the conditions left the planner no index to use: it
    folded every row of every table (a claims search took 100 s, a statements search 229 s
    at a million claims). Apart, each field is looked up in its own trigram or unique index.
    """
    arms = [model._default_manager.filter(field_match(name, word)).order_by().values("pk") for name in fields]

    def keys(*, distinct: bool) -> QuerySet:
        return arms[0].union(*arms[1:], all=not distinct)

    return keys


def is_common(keys) -> bool:
    """Whether the word matches at least `COMMON_MATCHES` rows. Appended rather than unioned,
    the arms stop as soon as that many are found (a row matched twice counts twice: close
    enough for choosing a plan)."""
    return keys(distinct=False)[:COMMON_MATCHES].count() >= COMMON_MATCHES


def row_condition(model: type[Model], fields: list[str], word: str) -> Q:
    """One condition on each row: some field of `fields` matches `word`.

    A field across single-valued relations is joined (the list joins them for its columns
    anyway). A field across a multi-valued relation (a speaker's aliases) is a subquery of
    the related rows, as a join would repeat the row once per alias.
    """
    condition = Q()
    for name in fields:
        prefix, rest, related = split_at_many(model, name.lstrip("=^@").split("__"))
        if not rest:
            condition |= field_match(name, word)
            continue
        mark = name[0] if name[0] in "=^@" else ""
        inner = related._default_manager.filter(field_match(mark + "__".join(rest), word)).values("pk")
        condition |= Q(**{"__".join([*prefix, "in"]) if prefix else "pk__in": inner})
    return condition


class TooManyKeys(Exception):
    """A related arm of a word matches more rows than is worth listing."""


def indexed_match(model: type[Model], name: str, word: str) -> Q:
    """`name` matches `word`, as a condition on `model`'s own columns, which indexes answer:
    across a relation, the keys of the related rows matching it are read first and listed.

    Listed, not a subquery: PostgreSQL checks a column against a list of constants by hashing
    it, where against an `ARRAY(subquery)` it reads the array for every row (35 s for the
    statements matching three words at a million claims). A word matching more than
    `RELATED_KEYS` related rows is not worth listing (TooManyKeys).
    """
    mark = name[0] if name[0] in "=^@" else ""
    first, *rest = name.lstrip("=^@").split("__")
    try:
        field = model._meta.get_field(first)
    except FieldDoesNotExist:
        field = None
    if not (rest and field and field.is_relation) or field.many_to_many:
        return row_condition(model, [name], word)
    related = cast(type[Model], field.related_model)
    found = related._default_manager.filter(indexed_match(related, mark + "__".join(rest), word)).order_by()
    # The related rows holding this row's key (a reverse relation: aliases, a claim's verdict),
    # or the keys of the rows this one points to.
    column, own = (
        (field.field.attname, "pk") if isinstance(field, ForeignObjectRel) else ("pk", field.attname)
    )
    keys = list(found.values_list(column, flat=True).distinct()[: RELATED_KEYS + 1])
    if len(keys) > RELATED_KEYS:
        raise TooManyKeys(name)
    return Q(**{f"{own}__in": keys})


def matching_all(model: type[Model], fields: list[str], words: list[str]) -> Q | None:
    """A row matches every word of `words` (each in one of `fields`), as a condition indexes
    answer; None if a word names too many related rows to list (TooManyKeys)."""
    condition = Q()
    try:
        for word in words:
            arms = Q()
            for name in fields:
                arms |= indexed_match(model, name, word)
            condition &= arms
    except TooManyKeys:
        return None
    return condition


def keys_of_few(using: str, model: type[Model], condition: Q) -> list | None:
    """The keys of the rows matching `condition` if fewer than `LISTED_MATCHES`; None if more,
    or if finding them takes longer than `COUNT_TIMEOUT_MS`."""
    rows = model._default_manager.using(using).filter(condition).order_by().values_list("pk", flat=True)
    found = timed(using, COUNT_TIMEOUT_MS, lambda: list(rows[:LISTED_MATCHES]))
    return found if found is not None and len(found) < LISTED_MATCHES else None


def split_at_many(model: type[Model], parts: list[str]) -> tuple[list[str], list[str], type[Model]]:
    """`parts` of a lookup path split before its first multi-valued relation: the path to the
    related row that has it, the path from that row on, and that row's model. The second is
    empty if every relation on the way is single-valued."""
    holder = model
    for i, part in enumerate(parts[:-1]):
        try:
            field = holder._meta.get_field(part)
        except FieldDoesNotExist:
            break  # a lookup, not a relation: Django will say what is wrong
        if not field.is_relation:
            break
        if field.many_to_many or field.one_to_many:
            return parts[:i], parts[i:], holder
        holder = cast(type[Model], field.related_model)
    return parts, [], model


@contextmanager
def statement_timeout(using: str, milliseconds: int) -> Iterator[None]:
    """Statements inside are cancelled (QueryCanceled) after `milliseconds`; the setting is the
    previous one again afterwards, also inside an outer transaction."""
    if milliseconds < 1:
        raise ValueError("A statement timeout of 0 would mean none.")
    connection = connections[using]
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('statement_timeout')")
            (previous,) = cursor.fetchone()
            cursor.execute("SELECT set_config('statement_timeout', %s, true)", [f"{milliseconds}ms"])
        yield  # an error rolls the savepoint back, and the setting with it
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('statement_timeout', %s, true)", [previous])


def timed(using: str, milliseconds: int, read: Callable[[], T]) -> T | None:
    """What `read` returns, or None if its statements took longer than `milliseconds`."""
    try:
        with statement_timeout(using, milliseconds):
            return read()
    except OperationalError as error:
        if isinstance(error.__cause__, QueryCanceled):
            return None
        raise


class CappedCountPaginator(Paginator):
    """A paginator that counts at most `cap` rows, ten pages of a hundred, however many rows
    match beyond them (then `capped` is true, and the list says "More than 1000"), and for at
    most `timeout_ms`.

    A count given up leaves the list not knowing how many pages it has. The page the request
    asks for (`number`) is then read with one row more (`read`): the list offers the pages up
    to the next one if that row exists, and on the last page it knows its count exactly. Only
    while that is not known is `uncounted` true. The admin pages without orphans, so `read`
    ignores them.
    """

    cap = SEARCH_COUNT_CAP
    timeout_ms = COUNT_TIMEOUT_MS

    def __init__(self, object_list, per_page, orphans=0, allow_empty_first_page=True, *, number: int = 1):
        super().__init__(object_list, per_page, orphans, allow_empty_first_page)
        self.number = number

    @cached_property
    def timed_count(self) -> int | None:
        """The rows, counted up to one past the cap; None when counting took too long."""
        rows = cast(QuerySet, self.object_list)[: self.cap + 1]
        return timed(rows.db, self.timeout_ms, rows.count)

    @property
    def _bottom(self) -> int:
        return (max(self.number, 1) - 1) * self.per_page

    @cached_property
    def read(self) -> list | None:
        """Page `number`'s rows and the next row, read when the count was given up (else None)."""
        if self.timed_count is not None:
            return None
        if self._bottom >= self.cap:
            return []
        return list(self.object_list[self._bottom : self._bottom + self.per_page + 1])

    @cached_property
    def counted(self) -> int | None:
        """The rows, counted up to one past the cap, or known from the last page's; else None."""
        if self.read is None:
            return self.timed_count
        if len(self.read) > self.per_page or not (self.read or self.number == 1):
            return None  # more rows follow, or the page is past the end: how many is not known
        return self._bottom + len(self.read)

    @cached_property
    def uncounted(self) -> bool:
        return self.counted is None

    @cached_property
    def capped(self) -> bool:
        return self.counted is not None and self.counted > self.cap

    @cached_property
    def count(self) -> int:
        known = self.counted if self.counted is not None else self._bottom + len(self.read or [])
        return min(known, self.cap)

    def page(self, number):
        if self.read is None or number != self.number:
            return super().page(number)
        return self._get_page(self.read[: self.per_page], self.validate_number(number), self)


def asked_page(value: str | None) -> int:
    """The page number a request names, as the admin reads it (1 when it names none or garbage)."""
    try:
        return int(value or 1)
    except ValueError:
        return 1
