"""The project's PostgreSQL backend: timestamps read in C give the values Django's loader gives."""

import datetime

import pytest
from django.db import DataError, connection
from django.db.backends.postgresql.psycopg_any import register_tzloader
from psycopg.postgres import types

from summit.postgresql.base import CTimestamptzLoader

TIMESTAMPTZ = types["timestamptz"].oid
VALUES = (
    "2021-06-16 12:34:56.789012+07",
    "2021-12-07 00:00:00+00",
    "1999-12-31 23:59:59.5-09:30",
    "2024-02-29 03:04:05+05:45",
    "0001-01-02 00:00:00+00",
    "9999-12-30 23:59:59.999999+00",
)


def read(sql: str, django_loader: bool) -> list:
    with connection.cursor() as cursor:
        if django_loader:  # what Django registers on a cursor whose time zone differs
            register_tzloader(datetime.UTC, cursor.cursor)
        cursor.execute(sql)
        return cursor.fetchall()


@pytest.mark.django_db
def test_connections_read_timestamps_with_the_c_loader():
    connection.ensure_connection()
    assert connection.connection.adapters.get_loader(TIMESTAMPTZ, 0) is CTimestamptzLoader


@pytest.mark.django_db
def test_the_c_loader_gives_what_djangos_loader_gives():
    sql = "SELECT v::timestamptz, NULL::timestamptz FROM unnest(%s::text[]) AS v" % (
        "ARRAY[" + ", ".join(f"'{v}'" for v in VALUES) + "]"
    )
    fast, django = read(sql, django_loader=False), read(sql, django_loader=True)
    assert fast == django
    # Same instants and the same tzinfo object: isoformat() and pickling do not change either.
    assert [row[0].tzinfo for row in fast] == [datetime.UTC] * len(VALUES)
    assert [row[0].isoformat() for row in fast] == [row[0].isoformat() for row in django]
    assert fast[0][0] == datetime.datetime(2021, 6, 16, 5, 34, 56, 789012, tzinfo=datetime.UTC)
    assert {row[1] for row in fast} == {None}


@pytest.mark.django_db
def test_a_value_python_cannot_hold_is_refused_alike():
    for loader in (False, True):
        with pytest.raises(DataError, match="timestamp too large"):
            read("SELECT 'infinity'::timestamptz", django_loader=loader)
