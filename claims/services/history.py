"""Who makes a change and why, as the history rows of django-simple-history record them."""

from __future__ import annotations

from django.db.models import Model


def attribute(obj: Model, user, reason: str) -> None:
    """Names who makes the next save of `obj` and why, in the history row it writes."""
    # simple-history reads these two attributes when it writes the row for the next save().
    if user is not None and user.is_authenticated:
        obj._history_user = user  # type: ignore[attr-defined]
    obj._change_reason = reason  # type: ignore[attr-defined]
