"""The CSV exports: `values_list()` rows through one server-side cursor. An export may hold tens
of thousands of rows, so it builds no model instances and prefetches no chains. Each holds what
the reader sees (claims.selectors), as the list it mirrors does."""

from __future__ import annotations

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Case, OuterRef, QuerySet, When
from django.db.models.functions import Coalesce

from claims.models import StatementVia
from claims.selectors import verdict_shown, visible_claims, visible_statements
from core.api.csv_export import csv_response

CHUNK = 2000

# Column -> field, in the order of the file.
CLAIM_COLUMNS = {
    "id": "id", "key": "key", "speaker": "speaker__slug", "topic": "topic__slug", "stance": "stance",
    "summary": "summary", "summary_vi": "summary_vi", "event": "event__slug", "said_on": "said_on",
    "status": "status", "rating": "shown_rating", "textual_rating": "shown_textual_rating",
}  # fmt: skip
STATEMENT_COLUMNS = {
    "id": "id", "claim": "claim_id", "speaker": "claim__speaker__slug", "article": "article__key",
    "outlet": "article__outlet__slug", "published_on": "article__published_on", "quote": "quote",
    "start": "start", "end": "end", "mode": "mode", "via": "via_names", "status": "status",
}  # fmt: skip

# A statement's chain as the names of its intermediaries in order (a link names an outlet or a
# speaker, as `StatementVia.__str__`).
VIA_NAMES = ArraySubquery(
    StatementVia.objects.filter(statement=OuterRef("pk"))
    .order_by("position")
    .values(name=Coalesce("outlet__name", "speaker__name"))
)


def claim_rows(user) -> QuerySet:
    """The claims `user` sees, with the verdict's rating where they see the verdict, to filter like
    the list before `claims_csv`."""
    shown = verdict_shown(user)
    return visible_claims(user).annotate(
        shown_rating=Case(When(shown, then="verdict__rating")),
        shown_textual_rating=Case(When(shown, then="verdict__textual_rating")),
    )


def statement_rows(user) -> QuerySet:
    """The statements `user` sees, to filter like the list before `statements_csv`."""
    return visible_statements(user)


def claims_csv(claims: QuerySet):
    rows = claims.order_by("id").values_list(*CLAIM_COLUMNS.values())
    return csv_response("claims.csv", list(CLAIM_COLUMNS), rows.iterator(chunk_size=CHUNK))


def statements_csv(statements: QuerySet):
    rows = statements.annotate(via_names=VIA_NAMES).order_by("id").values_list(*STATEMENT_COLUMNS.values())
    via = list(STATEMENT_COLUMNS).index("via")

    def row(values: tuple) -> list:
        cells = list(values)
        cells[via] = " > ".join(cells[via])
        return cells

    return csv_response("statements.csv", list(STATEMENT_COLUMNS), rows.iterator(chunk_size=CHUNK), row)
