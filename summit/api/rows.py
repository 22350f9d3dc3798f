"""Helpers for representations built from `values()` rows: they write values as the
serializers do (`claims.api.reads`, `sources.api.reads`)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

Row = dict


def when(value, zone) -> datetime | None:
    """A datetime in the time zone `zone` (the current one, which the callers read once per
    response), for the renderer to write as DRF does: ISO 8601, UTC as "Z". orjson writes it
    in C; formatting it here as a string was a twentieth of an articles page."""
    return None if value is None else value.astimezone(zone)


def day(value) -> str | None:
    return None if value is None else value.isoformat()


def ref(key, name, field: str = "slug") -> dict | None:
    """What `RefField` writes: `{slug|key|id: …, "name": …}`, or None for no reference."""
    return None if key is None else {field: key, "name": name}


def ids(rows: Iterable[Row], field: str = "id") -> list:
    return [row[field] for row in rows if row[field] is not None]
