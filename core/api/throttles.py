"""Request rates per client, counted in fixed windows.

DRF's rate throttles keep, per client, the time of every request in the last period and
pickle that list in and out of the cache on every request, twice (the anonymous and the user
throttle both count an anonymous client): a busy client's every request grows with its rate.
Here a client has one integer per window, added to atomically, in memory or in the database
(core/api/request_counts.py). Windows start at an offset derived from the client's key, so
clients do not all get their requests back at the same instant.

Every throttled answer, a 429 included, tells the client where it stands: `RateLimit-Limit` (the
requests of a window), `RateLimit-Remaining` (those left in the current one) and `RateLimit-Reset`
(whole seconds until it ends).
"""

from __future__ import annotations

import hashlib
import math
import zlib

from rest_framework.throttling import SimpleRateThrottle

from core.api.request_counts import request_counts
from core.clients import client_address

# An IPv6 address with a zone is at most 45 + a few characters.
MAX_IDENT = 64


class ClientRateThrottle(SimpleRateThrottle):
    """The `user` rate for an authenticated client, by user; the `anon` rate otherwise, by address."""

    def __init__(self) -> None:
        # The scope depends on the request; the rates are read per request (tests change them).
        self.num_requests = self.duration = None
        self.wait_seconds: float | None = None

    def get_cache_key(self, request, view):
        ident = str(request.user.pk) if self.scope == "user" else self.get_ident(request)
        if len(ident) > MAX_IDENT:  # not an address (a proxy's header, misread): any text fits an index
            ident = hashlib.sha256(ident.encode()).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def get_ident(self, request) -> str:
        return client_address(request)

    def allow_request(self, request, view):
        self.scope = "user" if request.user and request.user.is_authenticated else "anon"
        self.num_requests, self.duration = self.parse_rate(self.get_rate())
        if self.num_requests is None:
            return True
        key = self.get_cache_key(request, view)
        now = self.timer()
        offset = zlib.crc32(key.encode()) % self.duration
        window, into = divmod(now - offset, self.duration)
        self.wait_seconds = self.duration - into
        count = request_counts().add(key, int(window), now + self.wait_seconds, now)
        # Through the view's `headers`, which DRF adds to whatever the view answers (its 429 and
        # 304 too); a view outside DRF has none.
        headers = getattr(view, "headers", None)
        if headers is not None:
            headers.update(rate_limit_headers(self.num_requests, count, self.wait_seconds))
        return count <= self.num_requests

    def wait(self):
        return self.wait_seconds


def rate_limit_headers(limit: int, count: int, wait_seconds: float) -> dict[str, str]:
    """The RateLimit-* headers of a client that has made `count` requests of a window of `limit`,
    which ends in `wait_seconds`."""
    return {
        "RateLimit-Limit": str(limit),
        "RateLimit-Remaining": str(max(limit - count, 0)),
        "RateLimit-Reset": str(math.ceil(wait_seconds)),
    }
