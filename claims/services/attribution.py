"""A claim's attribution: where it appeared, in publication order, and through whom."""

from dataclasses import dataclass

from claims.models import Claim, Statement
from sources.models import Outlet


@dataclass
class Attribution:
    claim: Claim
    statements: list[Statement]
    first_appearance: Statement | None
    outlets: list[Outlet]


def attribution(claim: Claim, statements) -> Attribution:
    """`statements`: the statements the reader sees (claims.selectors.visible_statements, joined as
    the caller needs); the attribution is built from those alone."""
    ordered = list(
        statements.filter(claim=claim).order_by("article__published_on", "article__key", "start", "id")
    )
    # Undated articles sort last in PostgreSQL; the first appearance is the earliest dated one if any.
    outlets: dict[int, Outlet] = {}
    for statement in ordered:
        outlet = statement.article.outlet
        if outlet is not None and outlet.pk not in outlets:
            outlets[outlet.pk] = outlet
    return Attribution(claim, ordered, ordered[0] if ordered else None, list(outlets.values()))
