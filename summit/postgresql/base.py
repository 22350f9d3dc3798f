"""Django's PostgreSQL backend, with `timestamptz` values read by psycopg's C loader, and with
psycopg's pool, requests refused at once while the database is down (`StarvedPool`).

Django registers its own `timestamptz` loader on every connection to give datetimes its time
zone. That loader subclasses psycopg's pure-Python one, so each timestamp a query returns is
parsed in Python by a regular expression, where psycopg's C loader (psycopg-binary, or
psycopg-c) parses it in C: 0.16 ms of a 20-row articles page of 0.40 ms (docs/performance.md).

When Django's time zone is UTC (`USE_TZ` on, no `TIME_ZONE` for the database: Summit's
setting) the C loader gives the very same values, since Django sets each connection's
`TimeZone` to UTC and psycopg reads UTC as `datetime.timezone.utc`. In any other case, or
without psycopg's C module, Django's loader is kept.
"""

from __future__ import annotations

import datetime
import time
from functools import cache

from django.db.backends.postgresql import base
from psycopg import OperationalError, adapt
from psycopg._cmodule import _psycopg as _c  # None when psycopg runs in pure Python
from psycopg.adapt import AdaptersMap
from psycopg_pool import PoolTimeout

UTC = datetime.UTC


class CTimestamptzLoader(adapt.Loader):
    """psycopg's C `timestamptz` loader, seen by Django as its own loader for UTC.

    The C class cannot be subclassed, so an instance of it does the work: psycopg's row reader
    calls an instance's `load` attribute, which here is the C loader's own method, with no
    Python frame per value. `timezone` is what Django compares to decide whether a cursor needs
    a loader of its own.
    """

    timezone = UTC

    def __init__(self, oid, context=None):
        super().__init__(oid, context)
        self.load = _c.TimestamptzLoader(oid, context).load  # type: ignore[method-assign]

    def load(self, data):  # pragma: no cover - replaced in __init__; required by the base class
        raise NotImplementedError


@cache
def with_c_timestamptz(template: AdaptersMap) -> AdaptersMap:
    """Django's adapters template for new connections, with the C loader for `timestamptz`."""
    adapters = AdaptersMap(template)
    adapters.register_loader("timestamptz", CTimestamptzLoader)
    return adapters


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        if _c is not None and "context" in params and self.timezone is UTC:
            params["context"] = with_c_timestamptz(params["context"])
        return params

    def get_new_connection(self, conn_params):
        if not self.pool:
            return super().get_new_connection(conn_params)
        starved.refuse_at_once(self.pool)
        try:
            return super().get_new_connection(conn_params)
        except PoolTimeout:
            starved.since = time.monotonic()
            raise


class StarvedPool:
    """While the database is down, a process's requests are refused at once, not after the pool's
    timeout each: under load those waits queue up in front of the web server's workers.

    Once a request has waited the whole timeout in vain, the others are refused for `REFUSE_FOR`
    seconds unless the pool has a connection by then; the next one waits again, so service
    resumes within about that long after the database does.
    """

    REFUSE_FOR = 0.5

    def __init__(self) -> None:
        self.since = -self.REFUSE_FOR

    def refuse_at_once(self, pool) -> None:
        if time.monotonic() - self.since < self.REFUSE_FOR and not pool.get_stats().get("pool_available"):
            raise OperationalError("the database could not be reached a moment ago; not waiting again")


starved = StarvedPool()  # one pool per process, like Django's
