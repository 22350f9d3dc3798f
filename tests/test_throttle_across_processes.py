"""Behind several server processes a client gets its rate once, not once per process."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def database_url() -> str:
    """The test database, on whatever server the tests use (the embedded one: a socket folder)."""
    db = connection.settings_dict
    host = quote(db["HOST"] or "", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    return f"postgresql://{quote(db['USER'], safe='')}{password}@/{db['NAME']}?host={host}&port={db['PORT'] or 5432}"


def serve(port: int, counts: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "THROTTLE_COUNTS": counts,
        "THROTTLE_ANON": "3/day",  # no window ends during the test
        "DEBUG": "1",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "summit.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


@pytest.fixture
def two_servers(request, transactional_db):
    """Two server processes on one database, each with its own memory; their base URLs."""
    ports = [free_port(), free_port()]
    servers = [serve(port, request.param) for port in ports]
    try:
        for port in ports:
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.1)
        yield [f"http://127.0.0.1:{port}/api/v1/topics/" for port in ports]
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)


@pytest.mark.parametrize(
    ("two_servers", "served"), [("database", 3), ("memory", 6)], indirect=["two_servers"]
)
def test_a_clients_rate_holds_across_processes_only_when_counted_in_the_database(two_servers, served):
    # Alternate the processes, as a load balancer or gunicorn's workers would.
    statuses = [status(two_servers[i % 2]) for i in range(8)]
    assert set(statuses) == {200, 429}
    assert statuses.count(200) == served


def setting(**env: str) -> subprocess.CompletedProcess:
    code = "import django; django.setup(); from django.conf import settings; print(settings.THROTTLE_COUNTS)"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**{k: v for k, v in os.environ.items() if k != "THROTTLE_COUNTS"}, "DJANGO_SETTINGS_MODULE": "summit.settings",
             "SECRET_KEY": "a-long-random-production-key-" + "x" * 40, "ALLOWED_HOSTS": "summit.example.org", **env},
    )  # fmt: skip


def test_production_counts_in_the_database_and_development_in_memory():
    assert setting(DEBUG="0").stdout.split() == ["database"]
    assert setting(DEBUG="1").stdout.split() == ["memory"]
    assert setting(DEBUG="0", THROTTLE_COUNTS="memory").stdout.split() == ["memory"]


def test_an_unknown_store_is_refused_at_start():
    refused = setting(THROTTLE_COUNTS="redis")
    assert refused.returncode != 0
    assert "THROTTLE_COUNTS must be one of memory, database, not 'redis'" in refused.stderr
