"""Response headers a browser acts on: the Content-Security-Policy, CORS, and HSTS behind gunicorn.

The pages themselves are exercised under the policy in Chromium (tests/browser/test_csp.py).
"""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings

from tests.factories import TopicFactory
from tests.test_throttle_across_processes import database_url, free_port

V1 = "/api/v1"
ORIGIN = "https://newsroom.example.org"


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/admin/login/", "/api/docs/", "/api/redoc/", f"{V1}/topics/?format=api", f"{V1}/topics/"]
)
def test_every_page_carries_the_content_security_policy(client, url):
    response = client.get(url)
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    # Scripts run from this origin's files, or inline with this response's nonce: never any inline code.
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert all(source == "'self'" or source.startswith("'nonce-") for source in policy["script-src"])


@pytest.mark.django_db
def test_docs_pages_load_nothing_from_another_origin(client):
    for url in ("/api/docs/", "/api/redoc/"):
        html = client.get(url).content.decode()
        assert "https://" not in html and "http://" not in html, url
    policy = directives(client.get("/api/redoc/")["Content-Security-Policy"])
    # Redoc's search index runs in a worker its own script makes from a blob.
    assert policy["worker-src"] == ["'self'", "blob:"]


@pytest.mark.django_db
def test_inline_scripts_carry_the_responses_nonce(client):
    response = client.get("/api/docs/")
    source = next(s for s in directives(response["Content-Security-Policy"])["script-src"] if "nonce" in s)
    nonce = source.removeprefix("'nonce-").removesuffix("'")
    assert f'<script nonce="{nonce}">' in response.content.decode()
    # A nonce is never reused: the next response has another.
    assert nonce not in client.get("/api/docs/")["Content-Security-Policy"]


@pytest.mark.django_db
def test_cors_preflight_allows_the_conditional_request_headers(client, settings):
    settings.CORS_ALLOWED_ORIGINS = [ORIGIN]
    response = client.options(
        f"{V1}/topics/",
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "PATCH",
            "Access-Control-Request-Headers": "authorization, content-type, if-match, if-none-match",
        },
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == ORIGIN
    allowed = {h.strip() for h in response["Access-Control-Allow-Headers"].split(",")}
    assert {"authorization", "content-type", "if-match", "if-none-match"} <= allowed


@pytest.mark.django_db
def test_cors_responses_expose_etag_retry_after_and_link(client, settings):
    settings.CORS_ALLOWED_ORIGINS = [ORIGIN]
    topic = TopicFactory()
    response = client.get(f"{V1}/topics/{topic.slug}/", headers={"Origin": ORIGIN})
    assert response.status_code == 200 and response["ETag"]
    exposed = {h.strip().lower() for h in response["Access-Control-Expose-Headers"].split(",")}
    assert {"etag", "retry-after", "link"} <= exposed
    # Another origin gets no CORS headers at all.
    assert "Access-Control-Allow-Origin" not in client.get(
        f"{V1}/topics/{topic.slug}/", headers={"Origin": "https://elsewhere.example"}
    )


def gunicorn_headers(*, behind_tls_proxy: bool) -> dict[str, str]:
    """Headers of `/health/` from gunicorn as `make serve-prod` runs it, asked over plain HTTP
    from loopback by a client claiming `X-Forwarded-Proto: https`."""
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "a-long-random-production-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url(),
        "BEHIND_TLS_PROXY": "1" if behind_tls_proxy else "0",
    }
    env.pop("FORWARDED_ALLOW_IPS", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "summit/gunicorn.conf.py", "summit.wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/health/", headers={"X-Forwarded-Proto": "https"}
        )
        for _ in range(300):
            if server.poll() is not None:
                raise AssertionError(server.communicate()[1].decode())
            try:
                with urllib.request.urlopen(request, timeout=5) as response:
                    return dict(response.headers)
            except urllib.error.HTTPError as error:
                return dict(error.headers)
            except OSError:
                time.sleep(0.1)
        raise AssertionError("gunicorn did not answer")
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.django_db
def test_gunicorn_trusts_x_forwarded_proto_only_behind_a_tls_proxy():
    # The configuration under test is the one `make serve-prod` runs gunicorn with.
    recipe = subprocess.run(
        ["make", "-n", "serve-prod"], cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
    ).stdout
    assert "-c summit/gunicorn.conf.py " in next(line for line in recipe.splitlines() if "gunicorn " in line)
    assert "Strict-Transport-Security" not in gunicorn_headers(behind_tls_proxy=False)
    assert "Strict-Transport-Security" in gunicorn_headers(behind_tls_proxy=True)
