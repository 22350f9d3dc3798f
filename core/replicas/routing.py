"""Where the request in flight reads: the primary, or the replica chosen for it.

Outside a request (commands, migrations, the shell) there is no route and everything reads
from the primary; `ReadRoutingMiddleware` opens a route for each request when replicas are
configured.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator
from contextvars import ContextVar

from django.conf import settings

PRIMARY = "default"


@dataclasses.dataclass
class Route:
    primary: bool
    replica: str | None = None  # the replica this request reads from, once chosen


_route: ContextVar[Route | None] = ContextVar("summit_read_route", default=None)


def replica_aliases() -> list[str]:
    """The replicas' aliases in `DATABASES`: every database but the primary."""
    return [alias for alias in settings.DATABASES if alias != PRIMARY]


def current() -> Route | None:
    return _route.get()


@contextlib.contextmanager
def routed(route: Route) -> Iterator[Route]:
    token = _route.set(route)
    try:
        yield route
    finally:
        _route.reset(token)


def read_from_primary() -> None:
    """The rest of the request reads from the primary (a client that just wrote)."""
    if (route := current()) is not None:
        route.primary = True
        route.replica = None
