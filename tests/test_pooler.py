"""PgBouncer in transaction pooling mode in front of the primary (summit/pgbouncer.py): many
gunicorn workers share a few server connections without an error, and while the primary is down
every request is still refused within a second."""

import contextlib
import shutil
import subprocess
import tempfile
import threading
import time
import uuid
from pathlib import Path

import psutil
import pytest

from summit import pgbouncer
from summit.embedded import bin_dir
from tests.loopback import free_port, gunicorn, request

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db,  # the test database exists, to be copied to the loopback primary
    pytest.mark.skipif(
        pgbouncer.executable() is None,
        reason="pgbouncer is not installed (Debian: apt-get install pgbouncer)",
    ),
]

WORKERS = 4
POOL_SIZE = 2


@pytest.fixture(scope="module")
def pooler(loopback_cluster):
    """PgBouncer in front of the loopback primary: its port."""
    loopback_cluster.ensure_running()
    port = free_port()
    # Not under pytest's tmp_path: run as root, PgBouncer runs as the servers' user.
    directory = Path(tempfile.mkdtemp(prefix="summit-pgbouncer-"))
    primary = {
        "HOST": str(loopback_cluster.primary.socket_dir()),
        "USER": "postgres",
        "PORT": "",
        "PASSWORD": "",
    }
    ini = pgbouncer.write_config(
        primary, port=port, pool_size=POOL_SIZE, directory=directory, statement_timeout=20_000
    )
    process = subprocess.Popen(pgbouncer.command(ini), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="module")
def pooled_server(loopback_cluster, pooler):
    env = {
        "DATABASE_URL": f"postgresql://postgres@127.0.0.1:{pooler}/summit",
        "DATABASE_TRANSACTION_POOLING": "1",
        "DATABASE_PREPARED_STATEMENTS": "0",
    }
    with gunicorn(env, workers=WORKERS) as base:
        yield base


def show(port: int, what: str) -> list[list[str]]:
    """The rows of PgBouncer's SHOW `what`, from its admin console (simple queries only: psql)."""
    out = subprocess.run(
        [str(bin_dir() / "psql"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-At", "-F", "|",
         "-c", f"SHOW {what}", "pgbouncer"],
        capture_output=True, text=True, timeout=10, check=True,
    ).stdout  # fmt: skip
    return [line.split("|") for line in out.splitlines() if line]


def test_many_workers_share_a_few_server_connections_without_an_error(cluster, pooler, pooled_server):
    answers: list[int] = []
    token = f"Token {cluster.token}"

    def client(number: int):
        for turn in range(10):
            if turn % 5 == 0:  # writes too: each a transaction of several statements
                slug = f"pooled-{uuid.uuid4().hex[:10]}"
                body = {"slug": slug, "name": f"Pooled {slug}"}
                answers.append(
                    request(f"{pooled_server}/api/v1/topics/", body=body, Authorization=token).status
                )
            else:
                answers.append(request(f"{pooled_server}/api/v1/topics/?page_size=5").status)

    clients = [threading.Thread(target=client, args=(n,)) for n in range(3 * WORKERS)]
    for thread in clients:
        thread.start()
    for thread in clients:
        thread.join()
    assert len(answers) == 10 * 3 * WORKERS
    assert set(answers) <= {200, 201}, sorted(set(answers))

    summit_clients = [row for row in show(pooler, "CLIENTS") if row[2] == "summit"]
    summit_servers = [row for row in show(pooler, "SERVERS") if row[2] == "summit"]
    # Each worker keeps its connection to PgBouncer (psycopg's pool, one per worker)...
    assert len(summit_clients) >= WORKERS
    # ...and PgBouncer served them all through no more than its pool of server connections.
    assert 1 <= len(summit_servers) <= POOL_SIZE


def test_behind_the_pooler_a_request_is_refused_within_a_second_while_the_primary_is_down(
    cluster, pooled_server
):
    assert request(f"{pooled_server}/api/v1/topics/").status == 200
    postmaster = psutil.Process(cluster.primary.postmaster())
    postmaster.kill()  # SIGKILL: a crash
    postmaster.wait(timeout=10)
    try:
        slowest = 0.0
        for _ in range(3):
            for path in ("/health/", "/api/v1/topics/"):
                answer = request(f"{pooled_server}{path}")
                assert (answer.status, answer.headers.get("Retry-After")) == (503, "5"), answer.body
                slowest = max(slowest, answer.seconds)
        assert slowest < 1.0
    finally:
        with contextlib.suppress(Exception):
            cluster.ensure_running()
    # Service resumes once the primary is back.
    deadline = time.monotonic() + 20
    while request(f"{pooled_server}/api/v1/topics/").status != 200:
        assert time.monotonic() < deadline
        time.sleep(0.2)
