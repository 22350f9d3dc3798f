"""Writing claims: every claim stored, new or changed, has its suggested contradictions brought in
line in the same transaction (claims.services.detection); the classification a fact-checker gives a
claim (topic, stance, summaries in English and Vietnamese)."""

from __future__ import annotations

from dataclasses import dataclass, fields

from django.db import transaction

from claims.models import Claim, Topic
from claims.services.detection import detect_for_claim, stored_state
from claims.services.history import attribute


@dataclass(frozen=True)
class Classification:
    """What a claim says, as a fact-checker classifies it."""

    topic: Topic
    stance: str
    summary: str
    summary_vi: str = ""

    def values(self) -> dict:
        # Not dataclasses.asdict(), which deep-copies the topic row.
        return {field.name: getattr(self, field.name) for field in fields(self)}


@transaction.atomic
def save_claim(claim: Claim) -> Claim:
    """Store `claim` as it stands (a new one or a changed one) and bring its suggestions in line."""
    before = stored_state(claim)
    claim.save()
    detect_for_claim(claim, before=before)
    return claim


def create_claim(*, user=None, reason: str = "", **fields) -> Claim:
    """A new claim from its model fields; `user`, when signed in, is recorded as who entered it
    (and `reason`, when given, as why, in its history)."""
    claim = Claim(**fields)
    if user is not None and user.is_authenticated:
        claim.created_by = user
    if reason:
        attribute(claim, user, reason)
    return save_claim(claim)


def update_claim(claim: Claim, *, changes: dict) -> Claim:
    """Set the fields named in `changes` and store the claim."""
    for name, value in changes.items():
        setattr(claim, name, value)
    return save_claim(claim)


def classify(claim: Claim, classification: Classification) -> list[str]:
    """Sets the classification on `claim` (validated, not saved); returns the fields it changed."""
    changed = []
    for name, value in classification.values().items():
        if getattr(claim, name) != value:
            setattr(claim, name, value)
            changed.append(name)
    claim.full_clean()
    return changed
