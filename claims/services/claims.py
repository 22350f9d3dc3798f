"""Writing claims: every claim stored, new or changed, has its suggested contradictions brought in
line in the same transaction (claims.services.detection)."""

from __future__ import annotations

from django.db import transaction

from claims.models import Claim
from claims.services.detection import detect_for_claim, stored_state


@transaction.atomic
def save_claim(claim: Claim) -> Claim:
    """Store `claim` as it stands (a new one or a changed one) and bring its suggestions in line."""
    before = stored_state(claim)
    claim.save()
    detect_for_claim(claim, before=before)
    return claim


def create_claim(*, user=None, **fields) -> Claim:
    """A new claim from its model fields; `user`, when signed in, is recorded as who entered it."""
    claim = Claim(**fields)
    if user is not None and user.is_authenticated:
        claim.created_by = user
    return save_claim(claim)


def update_claim(claim: Claim, *, changes: dict) -> Claim:
    """Set the fields named in `changes` and store the claim."""
    for name, value in changes.items():
        setattr(claim, name, value)
    return save_claim(claim)
