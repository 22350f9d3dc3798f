"""The benchmark's own database, beside the project's on the same server, never mixed with it.

The process that generates or benchmarks points Django's `default` alias at it before any
connection opens (`use_database`): migrations, the test client and the ORM then all work
there. A second alias would not do: the data migration that creates the fact-checker group
writes through the default alias whatever database `migrate` is given.
"""

from __future__ import annotations

import functools
import json
from typing import Any

import psycopg
import psycopg.conninfo
from django.conf import settings
from django.db import connections
from psycopg import sql

DEFAULT_NAME = "summit_bench"


@functools.cache
def _project_names() -> frozenset[str]:
    # Read once, before `use_database` renames the default alias.
    default = settings.DATABASES["default"]
    return frozenset({default["NAME"], (default.get("TEST") or {}).get("NAME") or f"test_{default['NAME']}"})


def check_name(name: str) -> None:
    """Refuse the project's own database (and its test database) as a benchmark target."""
    if name in _project_names() or name in {"postgres", "template0", "template1"}:
        raise ValueError(f"{name!r} is not a benchmark database: pick another name (e.g. {DEFAULT_NAME}).")


def connect(
    name: str, *, autocommit: bool = False, prepare_threshold: int | None = None, options: str | None = None
) -> psycopg.Connection:
    """A plain psycopg connection to `name` on the server the project uses (no prepared statements
    unless asked, like Django's connections by default)."""
    default = settings.DATABASES["default"]
    params = {
        key: str(default[key.upper()])
        for key in ("host", "port", "user", "password")
        if default.get(key.upper())
    }
    if options:
        params["options"] = options
    conninfo = psycopg.conninfo.make_conninfo(dbname=name, **params)
    return psycopg.connect(conninfo, autocommit=autocommit, prepare_threshold=prepare_threshold)


def exists(name: str) -> bool:
    with connect("postgres", autocommit=True) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def recreate(name: str) -> None:
    check_name(name)
    with connect("postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def describe(name: str) -> dict[str, Any] | None:
    """What `generate_corpus` recorded on the database when it finished (None: unfinished or absent)."""
    if not exists(name):
        return None
    with connect("postgres", autocommit=True) as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
    try:
        return json.loads(row[0]) if row and row[0] else None
    except ValueError:
        return None


def record(name: str, facts: dict[str, Any]) -> None:
    with connect("postgres", autocommit=True) as conn:
        conn.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(name), sql.Literal(json.dumps(facts))
            )
        )


def use_database(name: str, **options: Any) -> None:
    """Point Django's default alias at `name` for the rest of this process, and check it took.

    `options` are added to the connection's OPTIONS (e.g. server_side_binding).
    """
    check_name(name)
    connection = connections["default"]
    connection.close()
    for config in (settings.DATABASES["default"], connection.settings_dict):
        config["NAME"] = name
        config.setdefault("OPTIONS", {}).update(options)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_database()")
        current = cursor.fetchone()[0]
    if current != name:  # pragma: no cover - a guard, not a path
        raise RuntimeError(f"Django is connected to {current!r}, not the benchmark database {name!r}.")
