"""Two app servers on two ports, behind no balancer, serve one client as one: what one of them
learns about the client (its session, its throttle count, its failed logins, its recent write)
is in the database, where the other finds it. The servers are gunicorn processes of their own
on the loopback primary and its replica (tests/loopback.py), with the production stores."""

import re
import uuid

import pytest

from tests.loopback import gunicorn, request

pytestmark = [pytest.mark.slow, pytest.mark.django_db]  # django_db: the test database is copied


@pytest.fixture
def two_servers(cluster):
    cluster.sql(cluster.primary, "TRUNCATE summit_requestcount")
    env = {
        "DATABASE_URL": cluster.url(cluster.primary),
        "DATABASE_REPLICA_URLS": cluster.url(cluster.replica),
        "REPLICA_MAX_LAG": "60",
        "READ_YOUR_WRITES_SECONDS": "90",
        # The admin's pages need collectstatic's manifest with DEBUG off; the shared stores are
        # the production ones all the same.
        "DEBUG": "1",
        "THROTTLE_COUNTS": "database",
        "THROTTLE_ANON": "4/day",
        # Each test client is its own address (X-Forwarded-For), for the throttle and the lockout.
        "TRUSTED_PROXIES": "1",
    }
    with gunicorn(env) as first, gunicorn(env) as second:
        for base in (first, second):  # each worker's replica monitor has started
            request(f"{base}/api/v1/", headers={"X-Forwarded-For": "198.51.100.1"})
        yield first, second


def login_form(base: str, address: str) -> tuple[str, str]:
    page = request(f"{base}/admin/login/", headers={"X-Forwarded-For": address})
    csrf = page.cookie("csrftoken")
    field = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
    assert csrf and field, page.body
    return csrf, field.group(1).decode()


def log_in(base: str, username: str, password: str, address: str, csrf: str, token: str):
    body = f"csrfmiddlewaretoken={token}&username={username}&password={password}&next=/admin/".encode()
    return request(
        f"{base}/admin/login/", body=body, Cookie=f"csrftoken={csrf}", Referer=f"{base}/admin/login/",
        headers={"Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": address},
    )  # fmt: skip


def test_two_app_servers_serve_one_client_consistently(cluster, two_servers):
    first, second = two_servers

    # A session opened on one server is open on the other.
    csrf, token = login_form(first, "192.0.2.10")
    logged_in = log_in(first, cluster.username, cluster.password, "192.0.2.10", csrf, token)
    assert logged_in.status == 302
    session = logged_in.cookie("sessionid")
    assert session
    home = request(
        f"{second}/admin/", Cookie=f"sessionid={session}", headers={"X-Forwarded-For": "192.0.2.10"}
    )
    assert home.status == 200
    assert cluster.username.encode() in home.body

    # Wrong passwords counted on either server lock the account out of both.
    address = "192.0.2.20"
    statuses = []
    for attempt in range(5):  # LOGIN_FAILURE_LIMIT
        base = (first, second)[attempt % 2]
        csrf, token = login_form(base, address)
        statuses.append(log_in(base, cluster.username, "wrong", address, csrf, token).status)
    assert statuses == [200, 200, 200, 200, 429]  # the form again, then the lockout
    for base in (first, second):
        csrf, token = login_form(base, address)
        assert log_in(base, cluster.username, cluster.password, address, csrf, token).status == 429

    # A client gets its rate once across both servers.
    statuses = [
        request(f"{(first, second)[n % 2]}/api/v1/outlets/", headers={"X-Forwarded-For": "192.0.2.30"}).status
        for n in range(6)
    ]
    assert statuses == [200, 200, 200, 200, 429, 429]

    # A write through one server is read back through the other, by its token or by its cookie,
    # while the replica lags behind.
    with cluster.replay_paused():
        slug = f"stateless-{uuid.uuid4().hex[:10]}"
        written = request(
            f"{first}/api/v1/topics/", body={"slug": slug, "name": f"Both {slug}"},
            Authorization=f"Token {cluster.token}",
        )  # fmt: skip
        assert written.status == 201
        topic = f"{second}/api/v1/topics/{slug}/"
        assert request(topic, Authorization=f"Token {cluster.token}").status == 200
        cookie = f"summit_wrote={written.cookie('summit_wrote')}"
        assert request(topic, Cookie=cookie, headers={"X-Forwarded-For": "192.0.2.40"}).status == 200
        assert request(topic, headers={"X-Forwarded-For": "192.0.2.41"}).status == 404  # the replica's answer
