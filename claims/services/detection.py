"""Contradiction detection: opposite stances on one topic become `suspected` contradictions.

A pair is stored once (a unique index on the unordered pair) and never re-created: once a
fact-checker has dismissed it, the row stays, so detection finds it and leaves it alone.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Q

from claims.choices import ContradictionKind, DetectionMethod, ReviewStatus, Stance
from claims.models import Claim, Contradiction

OPPOSITE = {Stance.SUPPORTS: Stance.OPPOSES, Stance.OPPOSES: Stance.SUPPORTS}


def detect_for_claim(claim: Claim) -> list[Contradiction]:
    """Record the suspected contradictions of `claim`; returns those created now."""
    opposite = OPPOSITE.get(claim.stance)  # type: ignore[call-overload]
    if opposite is None or claim.status == ReviewStatus.REJECTED:
        return []
    rivals = (
        Claim.objects.filter(topic_id=claim.topic_id, stance=opposite)
        .exclude(status=ReviewStatus.REJECTED)
        .exclude(pk=claim.pk)
        .only("id", "speaker_id")
    )
    known = _paired_with(claim.pk)
    created = []
    for rival in rivals:
        if rival.pk in known:
            continue
        pair = Contradiction(
            claim_a_id=min(claim.pk, rival.pk),
            claim_b_id=max(claim.pk, rival.pk),
            kind=ContradictionKind.REVERSAL
            if rival.speaker_id == claim.speaker_id
            else ContradictionKind.OPPOSING,
            detected_by=DetectionMethod.DETECTOR,
            note="Opposite stances on the same topic.",
        )
        try:
            with transaction.atomic():  # a concurrent save may have stored the pair first
                pair.save()
        except IntegrityError:
            continue
        created.append(pair)
    return created


def detect_all(claims=None) -> list[Contradiction]:
    """Run detection over every claim (or the given queryset)."""
    created: list[Contradiction] = []
    for claim in (claims if claims is not None else Claim.objects.all()).order_by("id").iterator():
        created += detect_for_claim(claim)
    return created


def _paired_with(claim_id: int) -> set[int]:
    rows = Contradiction.objects.filter(Q(claim_a_id=claim_id) | Q(claim_b_id=claim_id)).exclude(
        kind=ContradictionKind.DISCREPANCY
    )
    return {b if a == claim_id else a for a, b in rows.values_list("claim_a_id", "claim_b_id")}
