"""The review workflow fact-checkers drive from the admin and the API."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext

from claims.choices import ContradictionStatus, ReviewStatus
from claims.models import Claim, Contradiction, Statement
from claims.services.claims import save_claim
from claims.services.notes import add_note


class ClaimInUse(Exception):
    def __init__(self, claim: Claim, statement_ids: list[int]):
        self.claim = claim
        self.statement_ids = statement_ids
        message = gettext("Claim %(claim)s still has statements %(statements)s; delete or move them first.")
        super().__init__(message % {"claim": claim.pk, "statements": statement_ids})


def review(obj: Claim | Statement, status: str, user) -> Claim | Statement:
    """Move a claim or statement to `verified` or `rejected` (or back to `candidate`).

    A claim goes through `save_claim`, whose detection suggests the contradictions of a claim
    now verified and withdraws the suspected ones of a claim no longer verified."""
    if status not in ReviewStatus.values:
        raise ValueError(f"unknown review status {status!r}")
    obj.status = status
    _stamp(obj, user)
    if isinstance(obj, Claim):
        return save_claim(obj)
    obj.save()
    return obj


@transaction.atomic
def review_contradiction(
    contradiction: Contradiction, status: str, user, note: str | None = None
) -> Contradiction:
    """Confirm or dismiss a contradiction (or mark it suspected again); a note given is added to
    its thread, after the notes it has."""
    if status not in ContradictionStatus.values:
        raise ValueError(f"unknown contradiction status {status!r}")
    contradiction.status = status
    _stamp(contradiction, user)
    contradiction.save()
    if note and note.strip():
        add_note(contradiction, text=note, user=user)
    return contradiction


def _stamp(obj: Model, user) -> None:
    obj.reviewed_by = user if user is not None and user.is_authenticated else None  # type: ignore[attr-defined]
    obj.reviewed_at = timezone.now()  # type: ignore[attr-defined]


@transaction.atomic
def delete_claim(claim: Claim) -> None:
    """Delete a claim that no statement reports; otherwise refuse, naming the statements."""
    statement_ids = list(claim.statements.order_by("id").values_list("id", flat=True))
    if statement_ids:
        raise ClaimInUse(claim, statement_ids)
    claim.delete()
