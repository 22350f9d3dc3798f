"""Writing claims: a new claim, and the classification a fact-checker gives one (topic, stance,
summaries in English and Vietnamese)."""

from __future__ import annotations

from dataclasses import dataclass, fields

from django.db import transaction

from claims.models import Claim, Speaker, Topic
from claims.services.review import attribute


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
def create_claim(*, speaker: Speaker, classification: Classification, user=None, reason: str = "") -> Claim:
    """A new candidate claim of `speaker`, stamped with who entered it (and why, in its history)."""
    claim = Claim(
        speaker=speaker,
        created_by=user if user is not None and user.is_authenticated else None,
        **classification.values(),
    )
    if reason:
        attribute(claim, user, reason)
    claim.full_clean()
    claim.save()
    return claim


def classify(claim: Claim, classification: Classification) -> list[str]:
    """Sets the classification on `claim` (validated, not saved); returns the fields it changed."""
    changed = []
    for name, value in classification.values().items():
        if getattr(claim, name) != value:
            setattr(claim, name, value)
            changed.append(name)
    claim.full_clean()
    return changed
