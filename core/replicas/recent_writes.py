"""Read-your-writes: a client that wrote reads from the primary for `READ_YOUR_WRITES_SECONDS`.

A replica may not have replayed a write yet, so whoever made it reads from the primary for a
while, on whichever app server it reaches next, at no query per request:
- every client gets a signed cookie saying until when (browsers and the admin keep it);
- a token client, which may keep no cookies, also gets a mark (`RecentWrite`) read in the very
  query that authenticates its token (`core.replicas.authentication`).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core import signing
from django.utils import timezone
from rest_framework.authtoken.models import Token

from core.models import RecentWrite

COOKIE = "summit_wrote"
SALT = "core.replicas.recent_writes"


def wrote_recently(request) -> bool:
    """Whether the request carries a cookie, signed by any of our app servers, from a recent write."""
    try:
        request.get_signed_cookie(COOKIE, salt=SALT, max_age=settings.READ_YOUR_WRITES_SECONDS)
    except (KeyError, signing.BadSignature):
        return False
    return True


def token_wrote_recently(token: Token) -> bool:
    """Whether the token's user wrote recently; `token` was read with `user__recent_write`."""
    try:
        return token.user.recent_write.until > timezone.now()
    except RecentWrite.DoesNotExist:
        return False


def remember(request, response) -> None:
    """After a write: the cookie for the client, and its token's user's mark."""
    window = settings.READ_YOUR_WRITES_SECONDS
    response.set_signed_cookie(
        COOKIE, "1", salt=SALT, max_age=window, httponly=True, samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )  # fmt: skip
    if isinstance(getattr(request, "auth", None), Token):  # DRF sets it on the request it wraps
        until = timezone.now() + datetime.timedelta(seconds=window)
        # One statement: insert the mark, or move the existing one's time.
        RecentWrite.objects.bulk_create(
            [RecentWrite(user_id=request.auth.user_id, until=until)],
            update_conflicts=True, unique_fields=["user"], update_fields=["until"],
        )  # fmt: skip
