"""Reads from a streaming replica (core/replicas): gunicorn under production settings on a
primary and its replica on this machine (tests/loopback.py).

A replica whose replay is paused stands for one that is behind: what a client reads then says
which server answered.
"""

import threading
import time
import uuid

import pytest

from tests.loopback import gunicorn, request

# django_db: the test database exists, to be copied to the loopback primary.
pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def replicated(cluster, max_lag: int):
    env = {
        "DATABASE_URL": cluster.url(cluster.primary),
        "DATABASE_REPLICA_URLS": cluster.url(cluster.replica),
        "REPLICA_MAX_LAG": str(max_lag),
        "READ_YOUR_WRITES_SECONDS": str(max_lag + 30),
    }
    return gunicorn(env, ready=replica_fit)


def replica_fit(base: str) -> bool:
    """Whether the server answers and finds its replica fit (/health/ checks it on the spot, and
    the worker's own monitor within a second)."""
    health = request(f"{base}/health/")
    return health.status == 200 and health.json()["replicas"]["replica_1"]["status"] == "ok"


@pytest.fixture
def server(cluster):
    with replicated(cluster, max_lag=60) as base:
        time.sleep(1.5)  # the worker's monitor has checked the replica
        yield base


def new_topic(base: str, token: str) -> tuple[str, object]:
    slug = f"replica-{uuid.uuid4().hex[:10]}"
    written = request(
        f"{base}/api/v1/topics/",
        body={"slug": slug, "name": f"Written {slug}"},
        Authorization=f"Token {token}",
    )
    assert written.status == 201, written.body
    return f"{base}/api/v1/topics/{slug}/", written


def test_reads_reach_the_replica_and_a_writer_reads_its_own_writes(cluster, server):
    with cluster.replay_paused():
        topic, written = new_topic(server, cluster.token)
        # An anonymous reader reads from the replica, which has not applied the write yet.
        assert request(topic).status == 404
        # The token client that wrote (keeping no cookie) reads it: its token's mark says so.
        assert request(topic, Authorization=f"Token {cluster.token}").status == 200
        # So does a client that keeps the cookie the write set, without its token.
        cookie = written.cookie("summit_wrote")
        assert cookie
        assert request(topic, Cookie=f"summit_wrote={cookie}").status == 200
        # A cookie that is not ours counts for nothing.
        assert request(topic, Cookie="summit_wrote=1").status == 404
    cluster.wait_replayed()
    assert request(topic).status == 200


def test_a_replica_behind_by_more_than_the_bound_is_skipped_and_reported(cluster):
    with replicated(cluster, max_lag=1) as base, cluster.replay_paused():
        topic, _ = new_topic(base, cluster.token)
        deadline = time.monotonic() + 20
        while (health := request(f"{base}/health/")).json()["replicas"]["replica_1"]["status"] != "lagging":
            assert time.monotonic() < deadline, health.body
            time.sleep(0.2)
        assert health.status == 200
        assert health.json()["status"] == "ok"
        assert health.json()["replicas"]["replica_1"]["lag_seconds"] > 1
        time.sleep(1.5)  # the worker's monitor has seen it too
        assert request(topic).status == 200  # from the primary


def test_a_replica_stopped_under_reads_costs_no_failed_request(cluster, server):
    [(connected,)] = cluster.sql(
        cluster.replica,
        "SELECT count(*) FROM pg_stat_activity WHERE datname = 'summit' AND pid <> pg_backend_pid()",
    )
    assert connected >= 1  # the server reads from the replica
    answers: list[int] = []
    stop = threading.Event()

    def read():
        while not stop.is_set():
            answers.append(request(f"{server}/api/v1/topics/?page_size=5").status)

    readers = [threading.Thread(target=read) for _ in range(4)]
    for reader in readers:
        reader.start()
    try:
        time.sleep(1)
        before = len(answers)
        with cluster.replica.control():
            cluster.replica.stop(timeout=10)
        time.sleep(2)
    finally:
        stop.set()
        for reader in readers:
            reader.join()
    assert before > 0 and len(answers) > before
    assert set(answers) == {200}
    health = request(f"{server}/health/")
    assert (health.status, health.json()["replicas"]["replica_1"]["status"]) == (200, "unreachable")


def test_replication_survives_a_restart_of_the_primary(cluster):
    with cluster.primary.control():
        cluster.primary.stop()
        cluster.primary.start()
    marker = uuid.uuid4().hex
    cluster.sql(
        cluster.primary, "CREATE TABLE IF NOT EXISTS replication_probe (marker text)", database="postgres"
    )
    cluster.sql(cluster.primary, "INSERT INTO replication_probe VALUES (%s)", [marker], database="postgres")
    deadline = time.monotonic() + 30
    query = "SELECT count(*) FROM replication_probe WHERE marker = %s"
    while True:
        try:
            if cluster.sql(cluster.replica, query, [marker], database="postgres")[0][0] == 1:
                break
        except Exception:  # the table itself not replayed yet
            pass
        assert time.monotonic() < deadline, "the replica did not stream from the restarted primary"
        time.sleep(0.2)
    [(status,)] = cluster.sql(cluster.replica, "SELECT status FROM pg_stat_wal_receiver")
    assert status == "streaming"
