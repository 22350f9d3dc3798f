"""Reviewing many records at once, as the admin's bulk actions and review page do.

Each record goes through `review()` / `review_contradiction()`, so the reviewer and the time
are stamped and simple-history writes one row per record, carrying the user and a reason
(set here too, so that a command or a test without a request still records who did it).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from django.db import transaction

from claims.models import Claim, Contradiction, Statement
from claims.services.review import review, review_contradiction

Reviewable = TypeVar("Reviewable", Claim, Statement)


@transaction.atomic
def review_each(
    objects: Iterable[Reviewable], status: str, user, *, reason: str
) -> tuple[list[Reviewable], list[Reviewable]]:
    """Move every object not already at `status` there; returns (changed, left alone)."""
    changed, unchanged = [], []
    for obj in objects:
        if obj.status == status:  # no history row for a change that changes nothing
            unchanged.append(obj)
            continue
        _attribute(obj, user, reason)
        review(obj, status, user)
        changed.append(obj)
    return changed, unchanged


@transaction.atomic
def review_contradictions(
    contradictions: Iterable[Contradiction], status: str, user, *, note: str | None, reason: str
) -> tuple[list[Contradiction], list[Contradiction]]:
    """Confirm or dismiss contradictions, adding `note` (when given) to each one's thread."""
    changed, unchanged = [], []
    for contradiction in contradictions:
        if contradiction.status == status and not (note and note.strip()):
            unchanged.append(contradiction)
            continue
        _attribute(contradiction, user, reason)
        review_contradiction(contradiction, status, user, note=note or None)
        changed.append(contradiction)
    return changed, unchanged


def _attribute(obj, user, reason: str) -> None:
    # simple-history reads these two attributes when it writes the row for the next save().
    if user is not None and user.is_authenticated:
        obj._history_user = user
    obj._change_reason = reason
