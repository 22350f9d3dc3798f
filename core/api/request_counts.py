"""Where the throttles count a client's requests in a window: this process's memory, or the database.

Memory is exact for one process (runserver). Behind a server of several workers each process
counts apart, so a client would get its rate once per worker: with `THROTTLE_COUNTS=database`
(the default when DEBUG is off) every worker and machine adds to one row per client instead,
one statement per request.
"""

from __future__ import annotations

from typing import Protocol

from django.conf import settings
from django.core.cache import cache
from django.db import connection


class RequestCounts(Protocol):
    def add(self, key: str, window: int, expires: float, now: float) -> int:
        """Count one request of `key` in `window` (which ends at `expires`); the window's count."""


class MemoryCounts:
    """In Django's default cache: this process's memory unless CACHES says otherwise."""

    def add(self, key: str, window: int, expires: float, now: float) -> int:
        counter = f"{key}_{window}"
        timeout = expires - now + 1
        # add() is a no-op when the window's counter exists; incr() is atomic in shared caches.
        cache.add(counter, 0, timeout)
        try:
            return cache.incr(counter)
        except ValueError:  # expired between add() and incr()
            cache.set(counter, 1, timeout)
            return 1


# One row per client, counted in one statement that takes the row's lock, so two workers
# cannot both read the same count. A request stamped with an earlier window than the row's (a
# machine whose clock is behind) is counted in the row's window rather than restarting it.
UPSERT = """
INSERT INTO summit_requestcount AS c (key, "window", count, expires) VALUES (%s, %s, 1, %s)
ON CONFLICT (key) DO UPDATE SET
    count = CASE WHEN c."window" >= EXCLUDED."window" THEN c.count + 1 ELSE 1 END,
    "window" = GREATEST(c."window", EXCLUDED."window"),
    expires = GREATEST(c.expires, EXCLUDED.expires)
RETURNING count
"""
SWEEP = "DELETE FROM summit_requestcount WHERE expires < %s"


class DatabaseCounts:
    """In the unlogged table of `summit.RequestCount`, shared by every process on the database."""

    # Rows of clients that stopped calling are deleted by each process at most this often.
    SWEEP_SECONDS = 60.0

    def __init__(self) -> None:
        self.next_sweep = 0.0

    def add(self, key: str, window: int, expires: float, now: float) -> int:
        with connection.cursor() as cursor:
            if now >= self.next_sweep:
                self.next_sweep = now + self.SWEEP_SECONDS
                cursor.execute(SWEEP, [now])
            cursor.execute(UPSERT, [key, window, expires])
            return cursor.fetchone()[0]


STORES: dict[str, RequestCounts] = {"memory": MemoryCounts(), "database": DatabaseCounts()}


def request_counts() -> RequestCounts:
    return STORES[settings.THROTTLE_COUNTS]
