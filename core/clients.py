"""Who a request comes from, for the throttles and the login lockouts alike."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the X-Forwarded-For entry the outermost proxy appended.

    With TRUSTED_PROXIES proxies in front, each appends the address it received from, so the
    entry that many from the end is the one no client could write; entries before it may be
    anything. Without proxies the header is the client's own text and is not read.
    """
    remote = request.META.get("REMOTE_ADDR") or ""
    proxies = settings.TRUSTED_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if not proxies or not forwarded:
        return remote
    entries = forwarded.split(",")
    return entries[-min(proxies, len(entries))].strip()
