"""`/health/`: 200 when the database answers and the schema is migrated, 503 otherwise."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from core import health

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def unchecked(monkeypatch):
    monkeypatch.setattr(health, "_migrated", False)


@pytest.mark.django_db
def test_a_migrated_database_that_answers_is_healthy(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "migrations": "applied"}
    assert "no-store" in response["Cache-Control"]
    assert client.head("/health/").status_code == 200
    assert client.post("/health/").status_code == 405


@pytest.mark.django_db
def test_a_migration_not_yet_applied_keeps_traffic_away(client):
    # The latest migration: an earlier one missing under a later one applied is not a pending plan.
    [(app, name)] = MigrationLoader(connection).graph.leaf_nodes("summit")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_migrations WHERE app = %s AND name = %s", [app, name])
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "migrations": "1 to apply"}
    assert response["Retry-After"] == "5"


def test_a_database_that_does_not_answer_is_a_503():
    code = (
        "import django; django.setup(); from django.test import Client; "
        "r = Client(HTTP_HOST='127.0.0.1').get('/health/'); print(r.status_code, r.content.decode())"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120, check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "summit.settings",
             "DATABASE_URL": "postgresql://postgres@127.0.0.1:9/summit?connect_timeout=2"},
    )  # fmt: skip
    assert result.stdout.split(None, 1) == ["503", '{"status": "unavailable", "database": "unreachable"}\n']
