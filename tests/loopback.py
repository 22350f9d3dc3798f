"""A primary and its streaming replica on this machine, and gunicorn servers on them, for the tests
of read replicas, the pooler and stateless app servers (`loopback_cluster` in conftest.py).

The primary holds a copy of the test database (pg_dump), so the servers find a migrated schema
without migrating; the replica is made from it by the wheel's pg_basebackup, as
`make run-replicated` does.
"""

from __future__ import annotations

import contextlib
import dataclasses
import http.cookies
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg

from summit.embedded import EmbeddedServer, bin_dir

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "summit"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclasses.dataclass
class Answer:
    status: int
    headers: dict
    body: bytes
    seconds: float
    set_cookies: list[str] = dataclasses.field(default_factory=list)

    def json(self):
        return json.loads(self.body)

    def cookie(self, name: str) -> str | None:
        jar: http.cookies.SimpleCookie = http.cookies.SimpleCookie()
        for header in self.set_cookies:
            jar.load(header)
        return jar[name].value if name in jar else None


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # a redirect is the answer, as a client that reads its cookies sees it


_opener = urllib.request.build_opener(_NoRedirects)


def request(
    url: str,
    *,
    body: dict | bytes | None = None,
    timeout: float = 10,
    headers: dict[str, str] | None = None,
    **more: str,
) -> Answer:
    """One request, redirects not followed; `headers` and `more` are its headers."""
    headers = {**(headers or {}), **more}
    data = json.dumps(body).encode() if isinstance(body, dict) else body
    if isinstance(body, dict):
        headers.setdefault("Content-Type", "application/json")
    began = time.monotonic()
    req = urllib.request.Request(url, data=data, headers=headers)
    try:
        with _opener.open(req, timeout=timeout) as response:
            content = response.read()
            cookies = response.headers.get_all("Set-Cookie") or []
            return Answer(response.status, dict(response.headers), content, time.monotonic() - began, cookies)
    except urllib.error.HTTPError as error:
        cookies = error.headers.get_all("Set-Cookie") or []
        return Answer(error.code, dict(error.headers), error.read(), time.monotonic() - began, cookies)


def _run(program: str, *args: str, password: str = "") -> None:
    env = {**os.environ, "PGPASSWORD": password} if password else None
    result = subprocess.run(
        [str(bin_dir() / program), *args], capture_output=True, text=True, timeout=300, check=False, env=env
    )
    if result.returncode != 0:
        raise RuntimeError(f"{program} failed: {result.stderr}")


@dataclasses.dataclass
class Cluster:
    folder: Path
    primary: EmbeddedServer
    replica: EmbeddedServer
    token: str  # a fact-checker's API token
    username: str
    password: str

    def url(self, server: EmbeddedServer, database: str = DATABASE) -> str:
        return f"postgresql://postgres@/{database}?host={server.socket_dir()}"

    def sql(self, server: EmbeddedServer, query: str, params=(), database: str = DATABASE):
        with psycopg.connect(self.url(server, database), autocommit=True, connect_timeout=5) as conn:
            cursor = conn.execute(query, params)
            return cursor.fetchall() if cursor.description else None

    def ensure_running(self) -> None:
        for server in (self.primary, self.replica):
            with server.control():
                if server.postmaster() is None:
                    server.start()

    def wait_replayed(self, timeout: float = 30) -> None:
        """Until the replica has replayed everything the primary wrote so far."""
        [(lsn,)] = self.sql(self.primary, "SELECT pg_current_wal_lsn()::text")
        query = "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn"
        deadline = time.monotonic() + timeout
        while True:
            with contextlib.suppress(psycopg.OperationalError):
                if self.sql(self.replica, query, [lsn])[0][0]:
                    return
            if time.monotonic() > deadline:
                raise AssertionError("the replica did not catch up")
            time.sleep(0.1)

    @contextlib.contextmanager
    def replay_paused(self):
        """The replica receives the primary's log but applies none of it, as a replica behind.

        A transaction is committed and replayed first: a replica's lag is the age of the last
        transaction it replayed, which must be recent for the replica to count as caught up."""
        self.sql(self.primary, "SELECT txid_current()")
        self.wait_replayed()
        self.sql(self.replica, "SELECT pg_wal_replay_pause()")
        try:
            yield
        finally:
            self.sql(self.replica, "SELECT pg_wal_replay_resume()")


def make_cluster() -> Cluster:
    """A primary with a copy of the test database, and its streaming replica, both started."""
    # Not under pytest's tmp_path: run as root, the servers run as a user of their own, and
    # every pytest session makes pytest's base directory private again.
    folder = Path(tempfile.mkdtemp(prefix="summit-replicas-"))
    primary = EmbeddedServer(folder / "primary")
    replica = EmbeddedServer(folder / "replica")
    try:
        return _fill(folder, primary, replica)
    except BaseException:
        # Nothing of a cluster that failed to come up is left running.
        remove_cluster(Cluster(folder, primary, replica, "", "", ""))
        raise


def _fill(folder: Path, primary: EmbeddedServer, replica: EmbeddedServer) -> Cluster:
    from django.db import connection

    with primary.control():
        primary.initialise()
        primary.start()
    socket_dir = str(primary.socket_dir())
    with psycopg.connect(host=socket_dir, user="postgres", dbname="postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{DATABASE}"')
    test_db = connection.settings_dict
    dump = folder / "test-database.dump"
    # The test database's name: pytest-django leaves the connection's NAME as configured.
    source = ["-h", test_db["HOST"] or "localhost", "-U", test_db["USER"], "-d", test_db["TEST"]["NAME"]]
    if test_db["PORT"]:
        source += ["-p", str(test_db["PORT"])]
    _run("pg_dump", *source, "-Fc", "--no-owner", "-f", str(dump), password=test_db["PASSWORD"] or "")
    _run("pg_restore", "-h", socket_dir, "-U", "postgres", "-d", DATABASE, "--no-owner", str(dump))
    with replica.control():
        replica.clone(primary.socket_dir())
        replica.start()
    username, password = "replica-checker", "a-long-test-password-1"
    made = subprocess.run(
        [sys.executable, "manage.py", "create_factchecker", username, "--password", password],
        cwd=ROOT, env={**os.environ, "DATABASE_URL": f"postgresql://postgres@/{DATABASE}?host={socket_dir}"},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    if made.returncode != 0:
        raise RuntimeError(f"create_factchecker failed: {made.stderr}")
    cluster = Cluster(folder, primary, replica, made.stdout.split()[-1], username, password)
    cluster.wait_replayed()
    return cluster


def remove_cluster(cluster: Cluster) -> None:
    for server in (cluster.replica, cluster.primary):
        if server.data_dir.exists():
            with server.control():
                server.stop()
    shutil.rmtree(cluster.folder, ignore_errors=True)


@contextlib.contextmanager
def gunicorn(env: dict[str, str], *, workers: int = 1, ready=None):
    """gunicorn under production settings with `env`; its base URL once `ready(base)` holds
    (by default: /health/ answers 200)."""
    port = free_port()
    full_env = {
        **os.environ, "DEBUG": "0", "SECRET_KEY": "loopback-test-" + "k" * 50, "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0", "SESSION_COOKIE_SECURE": "0", "CSRF_COOKIE_SECURE": "0",
        "DATABASE_POOL": "1", "THROTTLE_ANON": "1000000/hour", "THROTTLE_USER": "1000000/hour", **env,
    }  # fmt: skip
    full_env.pop("DJANGO_SETTINGS_MODULE", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "summit.wsgi:application", "-c", "summit/gunicorn.conf.py",
         "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--timeout", "30"],
        cwd=ROOT, env=full_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    ready = ready or (lambda base: request(f"{base}/health/").status == 200)
    try:
        deadline = time.monotonic() + 90
        while True:
            with contextlib.suppress(OSError):
                if ready(base):
                    break
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not become ready (exit status {server.poll()})")
            time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
