"""Where the database is: `DATABASE_URL`, or an embedded PostgreSQL of the checkout's own; and
where its read replicas are: `DATABASE_REPLICA_URLS`, or an embedded streaming replica.

The embedded server lives in `.pgdata/` beside `manage.py` (`EMBEDDED_DATA_DIR` moves it), its
replica (`EMBEDDED_REPLICA=1`) in `.pgdata-replica/` (`EMBEDDED_REPLICA_DIR`). Under `make run`
and `make serve-prod` the supervisor (`summit/supervisor.py`) owns them and the web processes
only find their sockets; any other process joins the running servers, or starts them and stops
them at exit when it is the last to use them (`summit/embedded.py`).
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import signal
import sys
import threading
import warnings
from pathlib import Path
from typing import Any

import dj_database_url

# platformdirs warns that XDG_RUNTIME_DIR is unset (containers, CI); its fallback is fine.
warnings.filterwarnings("ignore", module="platformdirs")

BASE_DIR = Path(__file__).resolve().parent.parent
EMBEDDED_DATA_DIR = Path(os.environ.get("EMBEDDED_DATA_DIR") or BASE_DIR / ".pgdata").resolve()
EMBEDDED_REPLICA_DIR = Path(
    os.environ.get("EMBEDDED_REPLICA_DIR") or EMBEDDED_DATA_DIR.with_name(EMBEDDED_DATA_DIR.name + "-replica")
).resolve()
EMBEDDED_DATABASE = "summit"
# The primary's side of its embedded replica: the write-ahead log a replica that is down has not
# received is kept up to this much, then dropped (the replica must then be made again).
EMBEDDED_PRIMARY_SETTINGS = {"max_slot_wal_keep_size": "1GB"}

# Settings of the embedded server (docs/performance.md). With PostgreSQL's defaults (4GB of
# cache assumed, 128MB of shared buffers) the planner takes a repeated heap fetch of a table
# smaller than the cache for free, where each one is a read from the OS cache, and prefers
# walking every statement in claim order to the trigram index for a search beside a date.
# Memoize's hash table, sized for the key's distinct values, costs a list page more to set up
# than its few look-ups save. In the default 4MB of work_mem the bitmap of a search of common
# syllables goes lossy, and every row of its pages is rechecked.
EMBEDDED_SERVER_SETTINGS = {"effective_cache_size": "1GB", "enable_memoize": "off", "work_mem": "16MB"}

# psycopg's pool, one per web process, bounded so that a request is refused within a second
# while the database is down:
# - `timeout`: a request's wait for a connection before its 503. A gunicorn sync worker serves
#   one request at a time from an idle connection; it waits only while the pool connects anew.
#   After one such wait in vain, the process refuses at once for a while (summit/postgresql).
# - `min_size` 1: the one connection a sync worker uses. Each idle connection is checked when
#   handed out, and after a second broken one in a row the pool waits out the timeout.
# - `reconnect_timeout`: a failed connection is retried after 1, 2, 4… s; giving up after 2 s
#   lets the next request start a new attempt at once, so service resumes about a second after
#   the database does, not after a backoff that grew with the outage.
POOL_OPTIONS = {"min_size": 1, "max_size": 10, "timeout": 0.5, "reconnect_timeout": 2.0}

logger = logging.getLogger(__name__)


def database_settings(
    url: str | None,
    *,
    conn_max_age: int,
    pool: bool,
    prepared: bool = False,
    transaction_pooling: bool = False,
    embedded: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Django's `DATABASES["default"]` for `url`, or for the embedded server when it is empty
    (`embedded`: the settings of an embedded server other than the primary)."""
    config: dict[str, Any] = (
        dict(dj_database_url.parse(url, conn_max_age=conn_max_age))
        if url
        else embedded or embedded_database(conn_max_age)
    )
    config["ENGINE"] = "summit.postgresql"  # Django's, refusing at once while the pool finds no database
    options = config.setdefault("OPTIONS", {})
    # While PostgreSQL is unreachable a request is refused (503 with Retry-After) within a
    # second, so every wait on the way to a connection is bounded. A server that is down refuses
    # at once on a Unix socket or a live host's TCP port; a host gone silent makes a new
    # connection wait connect_timeout (psycopg's default is 130 s; 2 s is the least libpq takes).
    # A URL's own `connect_timeout` wins.
    options.setdefault("connect_timeout", 2)
    if pool:
        # psycopg's pool replaces persistent connections; Django refuses both at once.
        config["CONN_MAX_AGE"] = 0
        # The pool checks each connection it hands out (one empty query), so a connection broken
        # by a database restart is replaced instead of failing a request.
        config["CONN_HEALTH_CHECKS"] = True
        options["pool"] = dict(POOL_OPTIONS)
    if prepared:
        # Parameters bound by the server, and a query shape prepared on its fifth run. Behind a
        # transaction-pooling PgBouncer this needs its max_prepared_statements. Each run is still
        # planned for its own values: a generic plan cannot see a search's pattern, so it reads the
        # trigram indexes for any term, and a search of common syllables walks whole tables.
        options.update(server_side_binding=True, prepare_threshold=5)
        given = options.get("options", "")
        options["options"] = f"{given} -c plan_cache_mode=force_custom_plan".strip()
    if transaction_pooling:
        # A transaction-pooling PgBouncer hands each transaction whichever server connection is
        # free: a cursor held open across transactions, or a statement prepared on one
        # connection, would be looked for on another.
        config["DISABLE_SERVER_SIDE_CURSORS"] = True
        options["prepare_threshold"] = None
    # TEST_DATABASE_NAME lets two test runs share one server without sharing a database.
    config.setdefault("TEST", {})["NAME"] = os.environ.get("TEST_DATABASE_NAME") or f"test_{config['NAME']}"
    return config


def limit_statements(config: dict[str, Any], milliseconds: int) -> None:
    """Have PostgreSQL stop any statement of `config`'s connections after `milliseconds` (0: never).

    Given at connect time (libpq's `options`), so it costs no statement; only the web
    processes call it (`limit_request_statements`), since migrations and the corpus loader
    build indexes for minutes. Must run before the first connection is opened.
    """
    if milliseconds <= 0:
        return
    options = config.setdefault("OPTIONS", {})
    given = options.get("options", "")
    options["options"] = f"{given} -c statement_timeout={milliseconds}".strip()


def limit_request_statements() -> None:
    """For the web server's entry points (summit/wsgi.py, summit/asgi.py): a request's statements
    stop after REQUEST_STATEMENT_TIMEOUT, before gunicorn's 30 s timeout would kill the worker
    and leave its query running (the API answers 503 `query_timeout`). Behind a transaction
    pooler, which refuses the startup option, the primary's limit is the pooler's to set
    (`summit/pgbouncer.py` does)."""
    from django.conf import settings

    for alias, config in settings.DATABASES.items():
        if alias == "default" and settings.DATABASE_TRANSACTION_POOLING:
            continue
        limit_statements(config, settings.REQUEST_STATEMENT_TIMEOUT)


def replica_settings(
    urls: list[str], *, embedded_replica: bool, primary: dict[str, Any], **options: Any
) -> dict[str, dict[str, Any]]:
    """`DATABASES` entries for the read replicas, `replica_1`, `replica_2`…: one per URL, or the
    embedded replica of the embedded primary `primary`. `options` are `database_settings`'s."""
    configs = [database_settings(url, **options) for url in urls]
    if embedded_replica:
        socket_dir = start_embedded_replica(Path(primary["HOST"]))
        embedded = embedded_database_at(socket_dir, options["conn_max_age"])
        configs.append(database_settings(None, embedded=embedded, **options))
    for config in configs:
        # A test run reads its test database on the primary through every alias.
        config["TEST"] = {"MIRROR": "default"}
    return {f"replica_{number}": config for number, config in enumerate(configs, start=1)}


def embedded_database(conn_max_age: int) -> dict[str, Any]:
    return embedded_database_at(start_embedded_server(), conn_max_age)


def embedded_database_at(socket_dir: Path, conn_max_age: int) -> dict[str, Any]:
    return {
        "NAME": EMBEDDED_DATABASE,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": str(socket_dir),
        "PORT": "",
        "CONN_MAX_AGE": conn_max_age,
        "CONN_HEALTH_CHECKS": True,
    }


def start_embedded_server(data_dir: Path = EMBEDDED_DATA_DIR) -> Path:
    """Use the embedded server of `data_dir` and return the directory of its Unix socket.

    Under a supervisor the server is the supervisor's: this process only finds the socket
    (while the supervisor restarts a crashed server, connections fail until it is back).
    Otherwise this process joins the running server or starts it, makes sure the project's
    database exists with `EMBEDDED_SERVER_SETTINGS`, and stops it at exit when no other process
    uses it.
    """
    from summit.embedded import EmbeddedServer

    server = EmbeddedServer(data_dir)
    with server.control():
        server.initialise()
        joined = server.hold_as_user()
        supervised = server.supervisor() is not None
        if not supervised and server.postmaster() is None:
            server.start()
        socket_dir = server.socket_dir()
        if not supervised:  # the supervisor prepares the server it starts
            prepare_embedded_database(socket_dir, data_dir)
    if joined:
        atexit.register(server.leave)
    _exit_cleanly_on_sigterm()
    return socket_dir


def start_embedded_replica(primary_socket_dir: Path, data_dir: Path = EMBEDDED_REPLICA_DIR) -> Path:
    """Use the embedded streaming replica of `data_dir` and return the directory of its socket.

    As `start_embedded_server` for the primary: a supervised replica is only found, otherwise
    this process makes it (the wheel's `pg_basebackup` from the primary) when the directory holds
    none, starts it when it is not running, and stops it at exit when it is its last user.
    """
    from summit.embedded import EmbeddedServer

    replica = EmbeddedServer(data_dir)
    with replica.control():
        supervised = replica.supervisor() is not None
        if not supervised:
            prepare_embedded_primary(primary_socket_dir)
            replica.clone(primary_socket_dir)
        joined = replica.hold_as_user()
        if not supervised and replica.postmaster() is None:
            replica.start()
        socket_dir = replica.socket_dir()
    if joined:
        atexit.register(replica.leave)
    return socket_dir


def prepare_embedded_primary(socket_dir: Path) -> None:
    """Give the embedded primary the settings its replica needs (`EMBEDDED_PRIMARY_SETTINGS`)."""
    import psycopg

    with psycopg.connect(host=str(socket_dir), user="postgres", dbname="postgres", autocommit=True) as conn:
        configure_server(conn, EMBEDDED_PRIMARY_SETTINGS)


def prepare_embedded_database(socket_dir: Path, data_dir: Path = EMBEDDED_DATA_DIR) -> None:
    """Create the project's database if it is missing and give the server `EMBEDDED_SERVER_SETTINGS`."""
    import psycopg

    with psycopg.connect(host=str(socket_dir), user="postgres", dbname="postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [EMBEDDED_DATABASE]).fetchone()
        if not exists:
            logger.info("creating database %s in %s", EMBEDDED_DATABASE, data_dir)
            # Another process may start at the same moment and win the race.
            with contextlib.suppress(psycopg.errors.DuplicateDatabase):
                conn.execute(f'CREATE DATABASE "{EMBEDDED_DATABASE}"')
        configure_server(conn)


def configure_server(conn, wanted: dict[str, str] = EMBEDDED_SERVER_SETTINGS) -> bool:
    """Give the server `wanted` (names to values) for every database, in `postgresql.auto.conf`,
    and reload it; True when it had to change anything."""
    from psycopg import sql

    # What the configuration files say last, not the session's value: a session takes a reload
    # only between its commands, and a client may set its own.
    in_files = (
        "SELECT setting FROM pg_file_settings WHERE name = %s AND error IS NULL ORDER BY seqno DESC LIMIT 1"
    )
    changed = False
    for name, value in wanted.items():
        if (row := conn.execute(in_files, [name]).fetchone()) and row[0] == value:
            continue
        conn.execute(sql.SQL("ALTER SYSTEM SET {} = {}").format(sql.Identifier(name), sql.Literal(value)))
        changed = True
    if changed:
        conn.execute("SELECT pg_reload_conf()")
    return changed


def _exit_cleanly_on_sigterm() -> None:
    """Let SIGTERM run the exit handlers, so that the last process using the server stops it.

    Python's default SIGTERM kills the process without running `atexit`; servers that install
    their own handler (gunicorn's workers) are left alone.
    """
    if (
        threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
    ):
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
