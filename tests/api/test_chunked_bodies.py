"""Bodies sent with `Transfer-Encoding: chunked`, against real servers on the test database.

gunicorn decodes chunked input itself (`wsgi.input_terminated`): the body is read. Django's
runserver does not: the request is a 411. Each server runs in a subprocess for one test.
"""

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from rest_framework.authtoken.models import Token

from claims.models import Topic
from tests.factories import FactCheckerFactory

ROOT = Path(__file__).resolve().parent.parent.parent
SERVERS = {
    "gunicorn": ["-m", "gunicorn", "summit.wsgi:application", "--workers", "1", "--bind"],
    "runserver": ["manage.py", "runserver", "--noreload", "--skip-checks"],
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    """The test database, on whatever server the tests use (the embedded one: a socket folder)."""
    db = connection.settings_dict
    host = quote(db["HOST"] or "", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    return f"postgresql://{quote(db['USER'], safe='')}{password}@/{db['NAME']}?host={host}&port={db['PORT'] or 5432}"


@pytest.fixture
def server(request, transactional_db, settings):
    """A server of the kind given, started for the test; its port and a fact-checker's token."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url(), "DEBUG": "1", "MAX_REQUEST_BYTES": "1000"}
    process = subprocess.Popen(
        [sys.executable, *SERVERS[request.param], f"127.0.0.1:{port}"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None, "the server exited"
                time.sleep(0.1)
        yield port, Token.objects.create(user=FactCheckerFactory()).key
    finally:
        process.terminate()
        process.wait(timeout=10)


def post(port: int, token: str, body, **headers) -> http.client.HTTPResponse:
    """POST a topic; an iterable body goes chunked (http.client sends no Content-Length for it)."""
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    client.request(
        "POST", "/api/v1/topics/", body=body,
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json", **headers},
    )  # fmt: skip
    response = client.getresponse()
    response.body = response.read()  # type: ignore[attr-defined]
    client.close()
    return response


def chunks(data: dict, size: int = 7):
    raw = json.dumps(data).encode()
    return iter([raw[i : i + size] for i in range(0, len(raw), size)])


@pytest.mark.parametrize("server", ["gunicorn"], indirect=True)
def test_gunicorn_reads_a_chunked_body(server):
    port, token = server
    response = post(port, token, chunks({"slug": "chunked", "name": "Sent in chunks"}))
    assert response.status == 201, response.body
    assert Topic.objects.get(slug="chunked").name == "Sent in chunks"
    # Past the body limit (MAX_REQUEST_BYTES), a chunked body is refused as a declared one is.
    response = post(port, token, chunks({"slug": "big", "name": "x" * 2000}))
    assert response.status == 413
    assert json.loads(response.body)["code"] == "request_too_large"
    assert not Topic.objects.filter(slug="big").exists()


@pytest.mark.parametrize("server", ["runserver"], indirect=True)
def test_runserver_refuses_a_chunked_body_with_411(server):
    port, token = server
    response = post(port, token, chunks({"slug": "chunked", "name": "Sent in chunks"}))
    assert response.status == 411, response.body
    error = json.loads(response.body)
    assert (error["status"], error["code"], error["errors"]) == (411, "length_required", [])
    assert "Content-Length" in error["detail"]
    # The unread chunks are not taken for a next request on the same connection.
    assert response.getheader("Connection") == "close"
    assert not Topic.objects.filter(slug="chunked").exists()
    # The same body with its length is read.
    response = post(port, token, json.dumps({"slug": "sized", "name": "Sized"}).encode())
    assert response.status == 201, response.body
