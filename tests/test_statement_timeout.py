"""A web process's statements are stopped after REQUEST_STATEMENT_TIMEOUT; commands are not limited."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError, connection

from claims.api.views import EventViewSet
from claims.models import Event
from core.api.limits import JsonErrorsMiddleware
from tests.factories import EventFactory

ROOT = Path(__file__).resolve().parent.parent
SHOW = "from django.db import connection; c = connection.cursor(); c.execute('SHOW statement_timeout'); print(c.fetchone()[0])"


def shown(code: str, **env: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120, check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "summit.settings", **env},
    )  # fmt: skip
    return result.stdout.split()[-1]


def test_the_web_application_limits_its_statements_and_commands_do_not():
    assert shown(f"import summit.wsgi; {SHOW}") == "20s"
    assert shown(f"import summit.asgi; {SHOW}") == "20s"
    assert shown(f"import summit.wsgi; {SHOW}", REQUEST_STATEMENT_TIMEOUT="1500") == "1500ms"
    assert shown(f"import summit.wsgi; {SHOW}", REQUEST_STATEMENT_TIMEOUT="0") == "0"
    assert shown(f"import django; django.setup(); {SHOW}") == "0"  # manage.py's commands: migrate, loaders


@pytest.fixture
def slow_events(monkeypatch, settings, db):
    """Listing events costs the database 0.5 s, ten times what a statement may take."""
    settings.REQUEST_STATEMENT_TIMEOUT = 50
    EventFactory()
    monkeypatch.setattr(
        EventViewSet, "queryset", Event.objects.extra(where=["pg_sleep(0.5) IS NOT NULL"]).order_by("slug")
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 50")  # what summit/wsgi.py gives a connection


def test_a_statement_past_the_limit_is_a_503_that_says_what_to_do(api, slow_events):
    response = api.get("/api/v1/events/")
    assert response.status_code == 503
    body = response.json()
    assert body["code"] == "query_timeout"
    assert body["detail"].startswith(
        "The request took longer than the server allows (0.05 s) and was stopped; narrow it"
    )
    assert "Retry-After" not in response  # the same request would take as long again


def test_outside_drf_views_a_timeout_is_answered_alike(rf, settings, db):
    settings.REQUEST_STATEMENT_TIMEOUT = 50
    try:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = 50")
            cursor.execute("SELECT pg_sleep(0.5)")
    except OperationalError as error:
        cancelled = error
    response = JsonErrorsMiddleware(lambda request: None).process_exception(
        rf.get("/api/v1/schema/"), cancelled
    )
    assert response.status_code == 503
    assert json.loads(response.content)["code"] == "query_timeout"
