"""How far behind the primary each replica is, checked by a thread of each process.

Once a second a daemon thread asks every replica how long ago the last transaction it replays
was committed (0 when it has replayed everything it received). A replica that does not answer,
is behind by more than `REPLICA_MAX_LAG` seconds, or is not in recovery (promoted, or the
primary by mistake) gets no reads until a check finds it fit again. Requests never wait for a
check; `/health/` makes its own.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import random
import threading
import time

from django.conf import settings
from django.db import DatabaseError, connections

from core.replicas.routing import replica_aliases

CHECK_SECONDS = 1.0

# A standby that has replayed everything it received is not behind; otherwise it is behind by
# the age of the last transaction it replayed.
LAG = """
SELECT pg_is_in_recovery(),
       CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
            ELSE extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp()) END
"""

logger = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class ReplicaState:
    status: str  # "ok", "lagging", "unreachable", "not_a_replica"
    lag_seconds: float | None = None

    @property
    def usable(self) -> bool:
        return self.status == "ok"

    def report(self) -> dict:
        lag = None if self.lag_seconds is None else round(self.lag_seconds, 3)
        return {"status": self.status, "lag_seconds": lag}


def check(alias: str) -> ReplicaState:
    """Ask replica `alias` how far behind it is, on this thread's connection to it."""
    connection = connections[alias]
    try:
        with connection.cursor() as cursor:
            cursor.execute(LAG)
            in_recovery, lag = cursor.fetchone()
    except DatabaseError:
        connection.close()  # a new connection at the next check
        return ReplicaState("unreachable")
    if not in_recovery:
        return ReplicaState("not_a_replica")
    lag = None if lag is None else float(lag)
    fit = lag is not None and lag <= settings.REPLICA_MAX_LAG
    return ReplicaState("ok" if fit else "lagging", lag)


class Monitor:
    def __init__(self) -> None:
        self.states: dict[str, ReplicaState] = {}
        self.lock = threading.Lock()
        self.pid: int | None = None  # the process whose thread checks: a forked child starts its own

    def pick(self) -> str | None:
        """A caught-up replica to read from, or None."""
        self.watch()
        fit = [alias for alias, state in self.states.items() if state.usable]
        return random.choice(fit) if fit else None

    def mark_down(self, alias: str) -> None:
        """A replica that failed a request gets no reads until the next check finds it fit."""
        self.states[alias] = ReplicaState("unreachable")

    def check_all(self) -> dict[str, ReplicaState]:
        """Check every replica now, on this thread's connections (`/health/`)."""
        found = {alias: check(alias) for alias in replica_aliases()}
        self.states.update(found)
        return found

    def watch(self) -> None:
        """Have this process's thread check the replicas from now on (once per process)."""
        if self.pid == os.getpid():
            return
        with self.lock:
            if self.pid == os.getpid():
                return
            if self.pid is not None:
                self.states = {}  # a forked child's parent's findings
            self.pid = os.getpid()
            threading.Thread(target=self._run, name="replica-monitor", daemon=True).start()

    def _run(self) -> None:
        while True:
            began = time.monotonic()
            try:
                self.check_all()
            except Exception:  # the thread must outlive any surprise; reads fall back meanwhile
                logger.exception("checking the replicas failed")
                self.states = {}
            time.sleep(max(0.0, CHECK_SECONDS - (time.monotonic() - began)))


monitor = Monitor()
