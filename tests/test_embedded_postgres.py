"""The embedded server is started once and shared by every process of the checkout
(tests/test_supervisor.py: who starts and stops it)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from summit.database import EMBEDDED_DATA_DIR, start_embedded_server

pytestmark = pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="DATABASE_URL points elsewhere")


def postmaster_pid() -> str:
    return (EMBEDDED_DATA_DIR / "postmaster.pid").read_text().split("\n", 1)[0]


@pytest.mark.django_db
def test_a_second_start_reuses_the_running_server():
    pid = postmaster_pid()
    socket_dir = start_embedded_server()
    assert str(socket_dir) == settings.DATABASES["default"]["HOST"]
    assert postmaster_pid() == pid
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid() IS NOT NULL, current_setting('unix_socket_directories')")
        assert cursor.fetchone()[1] == str(socket_dir)


@pytest.mark.django_db
def test_another_process_joins_the_running_server_and_leaves_it_running():
    pid = postmaster_pid()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.db import connection as c; c.ensure_connection(); print(c.settings_dict['HOST'])",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == settings.DATABASES["default"]["HOST"]
    assert postmaster_pid() == pid  # not restarted, and still running after the other process left
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def test_socket_path_fits_the_unix_limit():
    socket = Path(settings.DATABASES["default"]["HOST"]) / ".s.PGSQL.5432"
    assert len(str(socket).encode()) < 104


def server_setting(name: str) -> str:
    import psycopg

    # A new session: a running one takes a reloaded setting only between its commands.
    with psycopg.connect(
        host=settings.DATABASES["default"]["HOST"], user="postgres", dbname="postgres"
    ) as conn:
        (value,) = conn.execute("SELECT current_setting(%s)", [name]).fetchall()[0]
        return value


def setting_becomes(name: str, value: str) -> bool:
    """Whether new sessions get `value` within a few seconds (the reload is asynchronous)."""
    deadline = time.monotonic() + 10
    while server_setting(name) != value:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_the_server_runs_with_the_planner_settings_and_gets_them_back_when_changed():
    import psycopg

    from summit.database import EMBEDDED_SERVER_SETTINGS, configure_server

    assert {name: server_setting(name) for name in EMBEDDED_SERVER_SETTINGS} == EMBEDDED_SERVER_SETTINGS
    with psycopg.connect(
        host=settings.DATABASES["default"]["HOST"], user="postgres", dbname="postgres", autocommit=True
    ) as conn:
        assert configure_server(conn) is False  # already so: nothing written, nothing reloaded
        try:
            conn.execute("ALTER SYSTEM SET enable_memoize = on")
            conn.execute("SELECT pg_reload_conf()")
            assert setting_becomes("enable_memoize", "on")
            assert configure_server(conn) is True
            assert setting_becomes("enable_memoize", "off")
        finally:
            configure_server(conn)
