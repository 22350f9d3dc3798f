"""Django's PostgreSQL backend, with psycopg's pool refusing requests at once while the database
is down (`StarvedPool`)."""

from __future__ import annotations

import time

from django.db.backends.postgresql import base
from psycopg import OperationalError
from psycopg_pool import PoolTimeout


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        if not self.pool:
            return super().get_new_connection(conn_params)
        starved = starved_pools.setdefault(self.alias, StarvedPool())
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


# One pool per database alias and process, like Django's: a replica that is down does not make
# the primary's requests refused.
starved_pools: dict[str, StarvedPool] = {}
