"""`python -m summit.pgbouncer` (`make pgbouncer`): PgBouncer in transaction pooling mode in front
of the primary, on 127.0.0.1:`PGBOUNCER_PORT`.

The primary is `DATABASE_URL`'s server, or the embedded one (joined, or started and kept while
the pooler runs). Every database name is passed through (`*`), so test databases are too.
Each database and user gets `PGBOUNCER_POOL_SIZE` server connections, whatever the number of
clients. The web processes reach it with `DATABASE_URL=postgresql://USER@127.0.0.1:PORT/summit`
and `DATABASE_TRANSACTION_POOLING=1` (prepared statements off, no server-side cursors).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DIR = BASE_DIR / ".pgbouncer"

# The outage promise holds behind the pooler (a request is refused within a second while the
# primary is down): a client waits at most QUERY_WAIT_TIMEOUT for a server connection, a server
# that does not answer is given up after SERVER_CONNECT_TIMEOUT, and one that refused is tried
# again after SERVER_LOGIN_RETRY, so service resumes about a second after the primary does.
QUERY_WAIT_TIMEOUT = 0.5
SERVER_CONNECT_TIMEOUT = 0.5
SERVER_LOGIN_RETRY = 0.5


def executable() -> str | None:
    """PgBouncer's program: on PATH, or where Debian's package puts it."""
    return shutil.which("pgbouncer") or next(
        (str(path) for path in (Path("/usr/sbin/pgbouncer"), Path("/usr/bin/pgbouncer")) if path.exists()),
        None,
    )


def config(
    primary: dict[str, Any], *, port: int, pool_size: int, directory: Path, statement_timeout: int
) -> str:
    """pgbouncer.ini for `primary` (Django's database settings: HOST, PORT, USER, PASSWORD)."""
    target = [f"host={primary['HOST'] or 'localhost'}", f"user={primary['USER']}"]
    if primary.get("PORT"):
        target.append(f"port={primary['PORT']}")
    if primary.get("PASSWORD"):
        target.append(f"password={primary['PASSWORD']}")
    if statement_timeout > 0:
        # The web processes' statement limit (summit/database.py): PgBouncer refuses the startup
        # option that gives it, so each server connection is given it when opened.
        target.append(f"connect_query='SET statement_timeout = {statement_timeout}'")
    return "\n".join(
        [
            "[databases]",
            f"* = {' '.join(target)}",
            "",
            "[pgbouncer]",
            "listen_addr = 127.0.0.1",
            f"listen_port = {port}",
            "unix_socket_dir =",
            "auth_type = trust",
            f"auth_file = {directory / 'userlist.txt'}",
            # SHOW POOLS, SHOW SERVERS… in the `pgbouncer` admin database.
            f"admin_users = {primary['USER']}",
            f"pidfile = {directory / 'pgbouncer.pid'}",
            "pool_mode = transaction",
            f"default_pool_size = {pool_size}",
            "max_client_conn = 1000",
            # Sent by psycopg's and Django's connections; PgBouncer keeps no session state anyway.
            "ignore_startup_parameters = extra_float_digits",
            f"query_wait_timeout = {QUERY_WAIT_TIMEOUT}",
            f"server_connect_timeout = {SERVER_CONNECT_TIMEOUT}",
            f"server_login_retry = {SERVER_LOGIN_RETRY}",
            "",
        ]
    )


def write_config(
    primary: dict[str, Any], *, port: int, pool_size: int, directory: Path, statement_timeout: int
) -> Path:
    directory.mkdir(mode=0o700, exist_ok=True)
    (directory / "userlist.txt").write_text(f'"{primary["USER"]}" ""\n')
    ini = directory / "pgbouncer.ini"
    ini.write_text(
        config(
            primary, port=port, pool_size=pool_size, directory=directory, statement_timeout=statement_timeout
        )
    )
    return ini


def command(ini: Path) -> list[str]:
    """PgBouncer's command line; it refuses to run as root, so root runs it as the embedded
    server's user, who must be able to read its files."""
    from summit.embedded import system_user

    program = executable()
    if program is None:
        raise SystemExit("pgbouncer is not installed (Debian: apt-get install pgbouncer)")
    if (user := system_user()) is None:
        return [program, str(ini)]
    for path in [ini.parent, *ini.parent.iterdir()]:
        shutil.chown(path, user, user)
    return [program, "-u", user, str(ini)]


def primary_settings() -> dict[str, Any]:
    """The primary's connection settings: DATABASE_URL's, or the embedded server's (started or joined)."""
    import dj_database_url

    from summit.database import embedded_database

    url = os.environ.get("DATABASE_URL")
    return dict(dj_database_url.parse(url)) if url else embedded_database(conn_max_age=0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m summit.pgbouncer", description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("PGBOUNCER_PORT") or 6432))
    parser.add_argument("--pool-size", type=int, default=int(os.environ.get("PGBOUNCER_POOL_SIZE") or 4))
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="where its settings and pid file go")
    args = parser.parse_args(argv)
    ini = write_config(
        primary_settings(), port=args.port, pool_size=args.pool_size, directory=args.dir.resolve(),
        statement_timeout=int(os.environ.get("REQUEST_STATEMENT_TIMEOUT") or 20_000),
    )  # fmt: skip
    print(
        f"pgbouncer: transaction pooling on 127.0.0.1:{args.port}, {args.pool_size} server connections "
        f"per database and user; settings in {ini}",
        file=sys.stderr,
        flush=True,
    )
    pooler = subprocess.Popen(command(ini))
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, lambda signum, frame: pooler.send_signal(signal.SIGINT))
    # SIGINT: PgBouncer stops at once; this process then leaves the embedded server (atexit).
    return pooler.wait()


if __name__ == "__main__":
    sys.exit(main())
