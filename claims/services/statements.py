"""Writing statements: the quote is located in (or checked against) its article, the chain replaced
whole; a note given with a new statement starts its thread."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from claims.choices import SpeechMode
from claims.models import Claim, Speaker, Statement, StatementVia
from claims.services.history import attribute
from claims.services.notes import add_note
from claims.services.spans import locate_quote
from sources.models import Article, Outlet

Chain = list[tuple[Outlet | None, "Speaker | None"]]

# The marks that open or close a direct quote in the corpus (curly, straight and guillemets);
# single quotes are not among them: the articles use them for scare quotes (‘nóng’).
QUOTATION_MARKS = frozenset('“”"«»')


def mode_from_quotation_marks(body: str, start: int, end: int) -> str:
    """Direct speech when a quotation mark opens or closes at the span's edge (just inside or
    just outside it), indirect speech otherwise. The corpus's quotes leave the marks out."""
    edges = (body[start - 1 : start], body[start : start + 1], body[end - 1 : end], body[end : end + 1])
    return SpeechMode.DIRECT if QUOTATION_MARKS.intersection(edges) else SpeechMode.INDIRECT


def locate(article: Article | None, quote: str | None, start: int | None, end: int | None) -> tuple[int, int]:
    if article is None:
        raise ValidationError({"article": gettext("An article is required.")})
    if not quote:
        raise ValidationError({"quote": gettext("A quote is required.")})
    return locate_quote(article.body, quote, start, end)


def _set_chain(statement: Statement, via: Chain) -> None:
    statement.via.all().delete()
    for position, (outlet, speaker) in enumerate(via):
        StatementVia.objects.create(statement=statement, position=position, outlet=outlet, speaker=speaker)


@transaction.atomic
def create_statement(
    *, claim: Claim, article: Article, quote: str, start: int | None = None, end: int | None = None,
    mode: str, note: str = "", status: str | None = None, via: Chain | None = None, user=None,
    reason: str = "",
) -> Statement:  # fmt: skip
    start, end = locate(article, quote, start, end)
    statement = Statement(
        claim=claim, article=article, quote=quote, start=start, end=end, mode=mode,
        created_by=user if user is not None and user.is_authenticated else None,
    )  # fmt: skip
    if status:
        statement.status = status
    if reason:
        attribute(statement, user, reason)
    statement.full_clean(validate_unique=True)
    statement.save()
    _set_chain(statement, via or [])
    if note:
        add_note(statement, text=note, user=user)
    return statement


@transaction.atomic
def update_statement(statement: Statement, changes: dict, via: Chain | None = None) -> Statement:
    for name, value in changes.items():
        setattr(statement, name, value)
    if {"quote", "article", "start", "end"} & set(changes):
        statement.start, statement.end = locate(
            statement.article, statement.quote, statement.start, statement.end
        )
    statement.full_clean()
    statement.save()
    if via is not None:
        _set_chain(statement, via)
    return statement
